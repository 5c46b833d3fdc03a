import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import NIOSSL

/// Delivers one message to one peer as a `DeliveryPlan` says, over real
/// connections: each endpoint of the plan in turn until one greets, then one
/// SMTP transaction for all the recipients.
///
/// With a `connections` cache, a connection whose transaction ended with a
/// reply to the end of the message is kept open for a while, and the next
/// delivery with the same plan goes over it (RSET, then MAIL FROM), as
/// Postfix's SMTP client does with its connection cache.
///
/// Invariant: the returned future always succeeds, with a result for every
/// recipient; failures to connect are results (deferred at `connect` or
/// `tls`), never errors. Passwords are never logged.
public struct DeliveryClient: Sendable {
    public let group: any EventLoopGroup
    public var timeouts: DeliveryTimeouts
    public var logger: Logger
    /// Idle connections for reuse; nil: one connection per delivery.
    public let connections: SMTPConnectionCache?

    public init(
        group: any EventLoopGroup, timeouts: DeliveryTimeouts = DeliveryTimeouts(), logger: Logger = Logger(label: "portolan.delivery"),
        connections: SMTPConnectionCache? = nil
    ) {
        self.group = group
        self.timeouts = timeouts
        self.logger = logger
        self.connections = connections
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
        if let connections, let kept = connections.take(SMTPConnectionCache.key(of: plan)) {
            let promise = kept.loop.makePromise(of: SMTPClientSession.self)
            kept.loop.execute {
                kept.handler.value.startNext(mailFrom: mailFrom, recipients: recipients, message: message, promise: promise)
            }
            return promise.futureResult.flatMap { [self] ended in
                guard !ended.stale else {
                    logger.debug("delivery: a kept connection had gone, connecting afresh", metadata: ["endpoint": "\(kept.endpoint)"])
                    return attempt(0, plan: plan, mailFrom: mailFrom, recipients: recipients, message: message, tls: tls, on: loop)
                }
                logger.debug("delivery over a kept connection", metadata: ["endpoint": "\(kept.endpoint)", "transaction": "\(ended.transactions)"])
                return kept.loop.makeSucceededFuture(
                    DeliveryReport(outcomes: ended.outcomes, endpoint: kept.endpoint, tls: ended.tlsVersion, authenticatedAs: ended.authenticatedAs))
            }
        }
        return attempt(0, plan: plan, mailFrom: mailFrom, recipients: recipients, message: message, tls: tls, on: loop)
    }

    /// Endpoint `index` of the plan, then the next ones while none greets.
    func attempt(
        _ index: Int, plan: DeliveryPlan, mailFrom: String, recipients: [String], message: ByteBuffer, tls: NIOSSLContext,
        on loop: any EventLoop
    ) -> EventLoopFuture<DeliveryReport> {
        let endpoint = plan.endpoints[index]
        var session = SMTPClientSession(plan: plan, endpoint: endpoint, mailFrom: mailFrom, recipients: recipients, message: message)
        session.keepsConnection = connections != nil
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
        let connections = connections
        let key = SMTPConnectionCache.key(of: plan)
        var bootstrap = ClientBootstrap(group: loop)
            .connectTimeout(timeouts.connect)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let sync = channel.pipeline.syncOperations
                    if implicitTLS { try sync.addHandler(NIOSSLClientHandler(context: tls, serverHostname: plan.serverName)) }
                    let handler = SMTPClientHandler(
                        session: session, done: done, tls: tls, serverName: plan.serverName, timeouts: timeouts, logger: logger)
                    if let connections {
                        let loop = channel.eventLoop
                        handler.idleTimeout = connections.idleTimeout
                        handler.idle = { handler in connections.keep(handler, on: loop, key: key, endpoint: endpoint) }
                        handler.closed = { handler in connections.forget(handler, key: key) }
                    }
                    try sync.addHandler(handler)
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

/// Idle SMTP connections of the delivery agent, by plan (the endpoints, the
/// HELO name, the login, the source address, TLS verification): at most
/// `perPlan` of each, each kept for `idleTimeout` after its last transaction.
/// Thread-safe; every handler is touched only on its event loop.
public final class SMTPConnectionCache: Sendable {
    struct Kept: Sendable {
        let handler: NIOLoopBound<SMTPClientHandler>
        let loop: any EventLoop
        let endpoint: DeliveryPlan.Endpoint
        let id: ObjectIdentifier
    }

    public let perPlan: Int
    public let idleTimeout: TimeAmount
    private let idle = NIOLockedValueBox<[String: [Kept]]>([:])

    public init(perPlan: Int = 10, idleTimeout: TimeAmount = .seconds(2)) {
        self.perPlan = max(1, perPlan)
        self.idleTimeout = idleTimeout
    }

    static func key(of plan: DeliveryPlan) -> String {
        let login: String
        switch plan.authentication {
        case .none: login = "-"
        case .whenOffered(let credentials): login = "enabled \(credentials.user) \(credentials.password.hashValue)"
        case .required(let credentials):
            login = "required \(credentials.map { "\($0.user) \($0.password.hashValue)" } ?? "-")"
        }
        return "\(plan.endpoints) \(plan.heloName) \(plan.serverName) \(login) \(plan.sourceAddress ?? "-") \(plan.certificateAuthorities ?? "-")"
    }

    /// An idle connection for `key`, taken out of the cache; nil: none.
    func take(_ key: String) -> Kept? {
        idle.withLockedValue { idle in
            guard var kept = idle[key], !kept.isEmpty else { return nil }
            let last = kept.removeLast()
            idle[key] = kept.isEmpty ? nil : kept
            return last
        }
    }

    /// On `loop`: `handler`'s connection is idle; kept, or QUIT when the cache is full.
    func keep(_ handler: SMTPClientHandler, on loop: any EventLoop, key: String, endpoint: DeliveryPlan.Endpoint) {
        let entry = Kept(handler: NIOLoopBound(handler, eventLoop: loop), loop: loop, endpoint: endpoint, id: ObjectIdentifier(handler))
        let kept = idle.withLockedValue { idle in
            guard idle[key, default: []].count < perPlan else { return false }
            idle[key, default: []].append(entry)
            return true
        }
        if !kept { handler.quitIdle() }
    }

    /// On the handler's loop: its connection is closing or gone.
    func forget(_ handler: SMTPClientHandler, key: String) {
        let id = ObjectIdentifier(handler)
        idle.withLockedValue { idle in
            idle[key]?.removeAll { $0.id == id }
            if idle[key]?.isEmpty == true { idle[key] = nil }
        }
    }

    /// QUIT on every idle connection (the agent stops).
    public func closeAll() {
        let all = idle.withLockedValue { idle in
            defer { idle = [:] }
            return idle.values.flatMap { $0 }
        }
        for kept in all {
            kept.loop.execute { kept.handler.value.quitIdle() }
        }
    }

    /// How many connections wait now, for all plans.
    public var count: Int { idle.withLockedValue { $0.values.reduce(0) { $0 + $1.count } } }
}
