import Foundation
import Logging
import NIOCore
import NIOSSL
import NIOTLS

/// Moves bytes between one client and its `SMTPSession`: frames input with
/// `SMTPFrameDecoder`, performs the session's actions, keeps the timers.
/// All its state is confined to the channel's event loop.
///
/// Invariant: while the session waits (password check, spool on a disk,
/// delay) input stays buffered and undecoded, and reading from the socket is
/// paused, so nothing is framed in the wrong mode and nothing grows without
/// bound.
final class SMTPConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    enum TLSStage { case none, implicitPending, startTLSPending, established }

    let environment: ConnectionEnvironment
    /// The address the client reached, and the one the bundle gave the listener.
    let localAddresses: [String]
    let control: FramingControl
    let processor: NIOSingleStepByteToMessageProcessor<SMTPFrameDecoder>
    var session: SMTPSession
    let logger: ConnectionLog
    var tlsStage: TLSStage
    var sniName: String?
    /// Waiting for a password check, the spool or a delay.
    var busy = false
    /// Inside `processor.process`: resuming must not re-enter it.
    var decoding = false
    var shutdownRequested = false
    /// When the last complete frame arrived (or the session last resumed):
    /// the command timeout counts from here.
    var lastActivity = NIODeadline.now()
    /// When the connection was accepted: `limits.maxSessionTime` counts from here.
    let started = NIODeadline.now()
    var dataRate: DataRateGuard?
    /// This connection's place in its event loop's ticker, while it is in it.
    var tickerSlot: Int?
    /// Set while the channel is active, for the ticker.
    var context: ChannelHandlerContext?

    init(environment: ConnectionEnvironment, clientAddress: String, localAddresses: [String]) {
        self.environment = environment
        let limits = environment.limits
        control = FramingControl()
        processor = NIOSingleStepByteToMessageProcessor(
            SMTPFrameDecoder(control: control, maxCommandLine: limits.maxCommandLine, maxAuthLine: limits.maxAuthLine),
            maximumBufferSize: max(limits.maxAuthLine, 65_536) * 16)
        let policy = environment.configuration.policy(
            listener: environment.listener, sni: nil, localAddresses: localAddresses)
        session = SMTPSession(policy: policy, clientAddress: clientAddress)
        logger = environment.log
        tlsStage = environment.listener.security == .implicitTLS ? .implicitPending : .none
        self.localAddresses = localAddresses
    }

    func channelActive(context: ChannelHandlerContext) {
        logger.info("connect", metadata: ["site": "\(session.policy.siteName ?? "-")"])
        self.context = context
        environment.ticker.add(self)
        if tlsStage == .implicitPending && environment.tooManyConnections {
            // Nothing can be said before TLS, and a handshake would hold the
            // descriptor the cap is there to save: close at once.
            logger.info("refused before TLS: too many connections")
            context.close(promise: nil)
        } else if tlsStage == .implicitPending {
            beginTLS(context: context)
        } else {
            run(session.start(tooManyConnections: environment.tooManyConnections), context: context)
        }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        environment.ticker.remove(self)
        self.context = nil
        logger.info("disconnect")
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // Bytes alone are not activity: a client that sends one byte a second
        // must still finish its command within the timeout (slowloris). A
        // complete frame is (see `decodeInput`).
        decodeInput(unwrapInboundIn(data), context: context)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // Clients that hang up without a TLS close_notify are common and harmless.
        let level: Logger.Level = error as? NIOSSLError == .uncleanShutdown ? .debug : .info
        logger.log(level: level, "connection error", metadata: ["error": "\(error)"])
        context.close(promise: nil)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case TLSUserEvent.handshakeCompleted = event {
            tlsEstablished(context: context)
        } else if case ListenerEvent.shutdownNow = event {
            if busy { shutdownRequested = true } else { run(session.shutdown(), context: context) }
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }

    /// Feeds buffered and new input to the session, frame by frame, until
    /// the session waits or input runs out.
    func decodeInput(_ buffer: ByteBuffer, context: ChannelHandlerContext) {
        decoding = true
        defer { decoding = false }
        do {
            // The frames of one read arrived together: one clock reading for all.
            var now: NIODeadline?
            try processor.process(buffer: buffer) { frame in
                lastActivity = now ?? .now()
                now = lastActivity
                if case .data(let bytes) = frame { dataRate?.record(bytes.readableBytes) }
                run(session.receive(frame), context: context)
            }
        } catch {
            // Only the buffer cap can throw: a client that floods while paused.
            logger.info("input buffer overflow, closing")
            context.close(promise: nil)
        }
    }

    // MARK: TLS

    func beginTLS(context: ChannelHandlerContext) {
        let configuration = environment.configuration
        do {
            try TLSUpgrade.install(on: context.channel) { [self] name in
                sniName = name
                let site = configuration.bundle.internetSites
                    ? configuration.admission.site(reached: localAddresses, sni: name)?.name : nil
                return configuration.tls.context(site: site)
            }
        } catch {
            logger.info("cannot start TLS", metadata: ["error": "\(error)"])
            context.close(promise: nil)
        }
    }

    func tlsEstablished(context: ChannelHandlerContext) {
        let version = TLSUpgrade.version(on: context.channel)
        let policy = environment.configuration.policy(
            listener: environment.listener, sni: sniName, localAddresses: localAddresses)
        logger.info("tls", metadata: ["version": "\(version)", "sni": "\(sniName ?? "-")", "site": "\(policy.siteName ?? "-")"])
        let stage = tlsStage
        tlsStage = .established
        if stage == .implicitPending {
            session = SMTPSession(policy: policy, clientAddress: session.clientAddress, tlsVersion: version)
            run(session.start(tooManyConnections: environment.tooManyConnections), context: context)
        } else {
            run(session.tlsStarted(version: version, policy: policy), context: context)
        }
    }

    // MARK: Timers

    /// A second has passed (see `ConnectionTicker`): enforces the TLS
    /// handshake timeout, the session time, the command timeout and the data rate.
    func tick() {
        guard let context, context.channel.isActive else { return }
        tick(context: context)
    }

    func tick(context: ChannelHandlerContext) {
        guard !busy, !session.isClosed else { return }
        let now = NIODeadline.now()
        let limits = environment.limits
        if tlsStage == .implicitPending || tlsStage == .startTLSPending {
            // Mid-handshake there is no SMTP to speak: a 421 would go out in
            // plain text on a TLS connection.
            if now - lastActivity > .seconds(Int64(limits.tlsHandshakeTimeout)) {
                logger.info("tls handshake timeout")
                context.close(promise: nil)
            }
        } else if now - started > .seconds(Int64(limits.maxSessionTime)) {
            logger.info("session time limit")
            run(session.sessionTooLong(), context: context)
        } else if now - lastActivity > .seconds(Int64(limits.commandTimeout)) {
            logger.info("timeout")
            run(session.timedOut(), context: context)
        } else if let dataRate, session.isInData, dataRate.isTooSlow(now: now) {
            logger.info("data rate too low", metadata: ["bytes": "\(dataRate.bytes)"])
            run(session.tooSlow(), context: context)
        }
    }
}
