import Logging
import NIOCore
import NIOSSL
import NIOTLS

/// Moves bytes between one peer and its `SMTPClientSession`: cuts replies
/// into lines with `SMTPFrameDecoder`, performs the session's actions, keeps
/// the timeout of the current stage, and when the connection is gone
/// completes `done` with the session as it ended. Confined to the channel's
/// event loop.
///
/// Invariant: `done` is completed once the channel was active and has gone
/// inactive, never before, so the caller learns a result only when the
/// connection is closed; except when the session keeps its connection: then
/// each transaction's promise is completed as the transaction goes idle,
/// `idle` is told (the connection cache), and the connection waits up to
/// `idleTimeout` for `startNext`, then QUITs. `closed` is told when a
/// connection ends that was idle once.
final class SMTPClientHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var session: SMTPClientSession
    /// The promise of the transaction under way; nil while idle.
    private var done: EventLoopPromise<SMTPClientSession>?
    /// Told on the event loop when a transaction has ended and the connection waits.
    var idle: ((SMTPClientHandler) -> Void)?
    /// Told on the event loop when the connection is no longer to be reused.
    var closed: ((SMTPClientHandler) -> Void)?
    var idleTimeout: TimeAmount = .seconds(2)
    private var context: ChannelHandlerContext?
    private let tls: NIOSSLContext
    private let serverName: String
    private let timeouts: DeliveryTimeouts
    private let logger: Logger
    private let control = FramingControl()
    private let processor: NIOSingleStepByteToMessageProcessor<SMTPFrameDecoder>
    private var timer: Scheduled<Void>?
    /// Why the connection is going away, when known before it closes.
    private var failure: String?

    init(
        session: SMTPClientSession, done: EventLoopPromise<SMTPClientSession>?, tls: NIOSSLContext, serverName: String,
        timeouts: DeliveryTimeouts, logger: Logger
    ) {
        self.session = session
        self.done = done
        self.tls = tls
        self.serverName = serverName
        self.timeouts = timeouts
        self.logger = logger
        // Reply lines are at most 512 octets (RFC 5321 4.5.3.1.5); some peers
        // send longer ones, none sends more than this.
        processor = NIOSingleStepByteToMessageProcessor(
            SMTPFrameDecoder(control: control, maxCommandLine: 4_096), maximumBufferSize: 1 << 20)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        arm(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        _ = session.connectionLost(failure ?? "the peer closed the connection")
        if let done {
            self.done = nil
            done.succeed(session)
        }
        closed?(self)
        closed = nil
        idle = nil
        context.fireChannelInactive()
    }

    /// The next transaction over this idle connection; the promise gets the
    /// session as the transaction ended (`stale` when the connection had
    /// gone: nothing was sent). Call on the event loop.
    func startNext(mailFrom: String, recipients: [String], message: ByteBuffer, promise: EventLoopPromise<SMTPClientSession>) {
        guard let context, context.channel.isActive, done == nil,
            let actions = session.reuse(mailFrom: mailFrom, recipients: recipients, message: message)
        else {
            var stale = SMTPClientSession.staleReuse(of: session, mailFrom: mailFrom, recipients: recipients, message: message)
            _ = stale.connectionLost("the kept connection had closed")
            promise.succeed(stale)
            return
        }
        done = promise
        run(actions, context: context)
        transactionEnded()
    }

    /// QUIT on an idle connection (the agent stops, or the cache is full).
    func quitIdle() {
        guard let context, session.isIdle else { return }
        closed?(self)
        closed = nil
        idle = nil
        run(session.quitIdle(), context: context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        do {
            try processor.process(buffer: unwrapInboundIn(data)) { frame in
                switch frame {
                case .line(let line): run(session.receive(line: Array(line.readableBytesView)), context: context)
                case .badLine(let problem): run(session.receiveBadLine(problem), context: context)
                case .data, .endOfData: break
                }
            }
            transactionEnded()
        } catch {
            failure = "protocol error: the peer sent more than it may without a line end"
            context.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        if failure == nil {
            failure = session.isHandshaking ? "TLS handshake failed: \(error)" : "connection error: \(error)"
        }
        context.close(promise: nil)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard case TLSUserEvent.handshakeCompleted = event else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        control.mode = .command
        let handler = try? context.channel.pipeline.syncOperations.handler(type: NIOSSLClientHandler.self)
        let version = handler?.tlsVersion?.displayName ?? "TLS"
        logger.debug("delivery tls", metadata: ["version": "\(version)", "sni": "\(serverName)"])
        run(session.tlsEstablished(version: version), context: context)
        arm(context: context)
    }

    /// Performs `actions`; a new wait starts whenever something was sent.
    private func run(_ actions: [SMTPClientSession.Action], context: ChannelHandlerContext) {
        guard !actions.isEmpty else { return }
        for action in actions {
            switch action {
            case .send(let bytes):
                context.write(wrapOutboundOut(bytes), promise: nil)
            case .startTLS:
                context.flush()
                // Whatever followed the 220 came in the clear: drop it (CVE-2011-0411 class).
                control.mode = .discard
                do {
                    let handler = try NIOSSLClientHandler(context: tls, serverHostname: serverName)
                    try context.pipeline.syncOperations.addHandler(handler, position: .first)
                } catch {
                    failure = "cannot start TLS: \(error)"
                    context.close(promise: nil)
                    return
                }
            case .close:
                context.flush()
                context.close(promise: nil)
                return
            }
        }
        context.flush()
        arm(context: context)
    }

    /// When the session has gone idle: the idle timer starts, the cache gets
    /// the connection, and the transaction's promise the session.
    private func transactionEnded() {
        guard session.isIdle, let done, let context else { return }
        self.done = nil
        timer?.cancel()
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: idleTimeout) { [self] in
            quitIdle()
        }
        // Into the cache before the caller learns the result, so that its next delivery finds it.
        idle?(self)
        done.succeed(session)
    }

    /// (Re)starts the timer of the stage the session is in.
    private func arm(context: ChannelHandlerContext) {
        timer?.cancel()
        guard !session.isFinished, !session.isIdle else { return }
        let wait = timeouts.current(for: session)
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: wait) { [self] in
            let seconds = wait.nanoseconds / 1_000_000_000
            failure = "no answer within \(seconds) s"
            run(session.timedOut("no answer within \(seconds) s"), context: context)
        }
    }
}
