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
/// connection is closed.
final class SMTPClientHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    private var session: SMTPClientSession
    private let done: EventLoopPromise<SMTPClientSession>
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
        session: SMTPClientSession, done: EventLoopPromise<SMTPClientSession>, tls: NIOSSLContext, serverName: String,
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

    func channelActive(context: ChannelHandlerContext) {
        arm(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        _ = session.connectionLost(failure ?? "the peer closed the connection")
        done.succeed(session)
        context.fireChannelInactive()
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

    /// (Re)starts the timer of the stage the session is in.
    private func arm(context: ChannelHandlerContext) {
        timer?.cancel()
        guard !session.isFinished else { return }
        let wait = timeouts.current(for: session)
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: wait) { [self] in
            let seconds = wait.nanoseconds / 1_000_000_000
            failure = "no answer within \(seconds) s"
            run(session.timedOut("no answer within \(seconds) s"), context: context)
        }
    }
}
