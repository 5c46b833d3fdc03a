import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL

/// Delivers one message to one peer as a `DeliveryPlan` says, over real
/// connections: each endpoint of the plan in turn until one greets, then one
/// SMTP transaction for all the recipients.
///
/// Invariant: the returned future always succeeds, with a result for every
/// recipient; failures to connect are results (deferred at `connect` or
/// `tls`), never errors. Passwords are never logged.
public struct DeliveryClient: Sendable {
    public let group: any EventLoopGroup
    public var timeouts: DeliveryTimeouts
    public var logger: Logger

    public init(group: any EventLoopGroup, timeouts: DeliveryTimeouts = DeliveryTimeouts(), logger: Logger = Logger(label: "portolan.delivery")) {
        self.group = group
        self.timeouts = timeouts
        self.logger = logger
    }

    /// Sends `message` (as spooled: CRLF lines, not dot-stuffed) from
    /// `mailFrom` (empty: `<>`) to `recipients`, all at the peer of `plan`.
    public func deliver(plan: DeliveryPlan, mailFrom: String, recipients: [String], message: ByteBuffer) -> EventLoopFuture<DeliveryReport> {
        let loop = group.next()
        func decided(_ result: DeliveryResult, endpoint: DeliveryPlan.Endpoint?) -> EventLoopFuture<DeliveryReport> {
            let outcomes = recipients.map { RecipientOutcome(recipient: $0, result: result) }
            return loop.makeSucceededFuture(DeliveryReport(outcomes: outcomes, endpoint: endpoint, tls: nil, authenticatedAs: nil))
        }
        // Nothing to decide: no connection.
        guard !recipients.isEmpty else {
            return loop.makeSucceededFuture(DeliveryReport(outcomes: [], endpoint: nil, tls: nil, authenticatedAs: nil))
        }
        guard !plan.endpoints.isEmpty else {
            return decided(.failed(.connect, .noReply("the outbound setting allows no connection to this peer")), endpoint: nil)
        }
        let tls: NIOSSLContext
        do {
            tls = try Self.tlsContext(certificateAuthorities: plan.certificateAuthorities)
        } catch {
            return decided(.deferred(.tls, .noReply("cannot set up TLS: \(error)")), endpoint: nil)
        }
        return attempt(0, plan: plan, mailFrom: mailFrom, recipients: recipients, message: message, tls: tls, on: loop)
    }

    /// Endpoint `index` of the plan, then the next ones while none greets.
    func attempt(
        _ index: Int, plan: DeliveryPlan, mailFrom: String, recipients: [String], message: ByteBuffer, tls: NIOSSLContext,
        on loop: any EventLoop
    ) -> EventLoopFuture<DeliveryReport> {
        let endpoint = plan.endpoints[index]
        let session = SMTPClientSession(plan: plan, endpoint: endpoint, mailFrom: mailFrom, recipients: recipients, message: message)
        return run(session, to: endpoint, plan: plan, tls: tls, on: loop).flatMap { [self] ended in
            if !ended.greeted && index + 1 < plan.endpoints.count {
                logger.info(
                    "delivery falls back", metadata: ["endpoint": "\(endpoint)", "reason": "\(ended.outcomes.first.map { "\($0.result)" } ?? "-")"])
                return attempt(index + 1, plan: plan, mailFrom: mailFrom, recipients: recipients, message: message, tls: tls, on: loop)
            }
            return loop.makeSucceededFuture(
                DeliveryReport(outcomes: ended.outcomes, endpoint: endpoint, tls: ended.tlsVersion, authenticatedAs: ended.authenticatedAs))
        }
    }

    /// One connection: the session as it ended.
    func run(
        _ session: SMTPClientSession, to endpoint: DeliveryPlan.Endpoint, plan: DeliveryPlan, tls: NIOSSLContext, on loop: any EventLoop
    ) -> EventLoopFuture<SMTPClientSession> {
        let done = loop.makePromise(of: SMTPClientSession.self)
        let timeouts = timeouts
        let logger = logger
        let implicitTLS = endpoint.security == .implicitTLS
        var bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(timeouts.connect)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    if implicitTLS { try sync.addHandler(NIOSSLClientHandler(context: tls, serverHostname: plan.serverName)) }
                    try sync.addHandler(
                        SMTPClientHandler(session: session, done: done, tls: tls, serverName: plan.serverName, timeouts: timeouts, logger: logger))
                }
            }
        if let source = plan.sourceAddress {
            do {
                bootstrap = bootstrap.bind(to: try SocketAddress(ipAddress: source, port: 0))
            } catch {
                var failed = session
                failed.couldNotConnect("cannot bind the source address \(source): \(error)")
                return loop.makeSucceededFuture(failed)
            }
        }
        logger.debug("delivery connect", metadata: ["endpoint": "\(endpoint)"])
        bootstrap.connect(host: endpoint.host, port: endpoint.port).whenFailure { error in
            var failed = session
            failed.couldNotConnect("cannot connect to \(endpoint.host):\(endpoint.port): \(Self.reason(error))")
            done.succeed(failed)
        }
        return done.futureResult
    }

    /// Why a connect failed, as the system says it (`Connection refused`),
    /// without NIO's wrapping.
    static func reason(_ error: any Error) -> String {
        let underlying = (error as? NIOConnectionError)?.connectionErrors.first?.error ?? error
        guard let io = underlying as? IOError else { return "\(underlying)" }
        return String(cString: strerror(io.errnoCode))
    }

    /// TLS 1.2 or later; the peer's certificate is verified only against
    /// `certificateAuthorities` when given (see `DeliveryPlan.certificateAuthorities`).
    static func tlsContext(certificateAuthorities: String?) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if let certificateAuthorities {
            configuration.certificateVerification = .fullVerification
            configuration.trustRoots = .file(certificateAuthorities)
        } else {
            configuration.certificateVerification = .none
        }
        return try NIOSSLContext(configuration: configuration)
    }
}
