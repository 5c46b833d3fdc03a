import Foundation
import Logging
import NIOCore
import NIOPosix
import PortolanBundle
import ServiceLifecycle
import UnixSignals

/// `portolan serve` as a service: binds every listener of the bundle, serves
/// until graceful shutdown, reloads the bundle on SIGHUP.
///
/// Shutdown (SIGTERM): stop accepting, let sessions finish for
/// `limits.shutdownGrace` seconds, then answer `421 4.3.2` to the rest and
/// close them.
public final class ListenerService: Service, Sendable {
    let options: ServeOptions
    let registry: ConnectionRegistry
    let services: ListenerServices
    let group: any EventLoopGroup
    let logger: Logger
    let tickers: ConnectionTickers
    let authFailures = AuthFailureRegistry()
    /// Told every configuration a reload put in place.
    let reloaded: @Sendable (ServingConfiguration) -> Void
    /// Told once: nil when every socket is bound and listening, else why one is not.
    let listening: @Sendable (BundleError?) -> Void

    /// `configuration` is the loaded bundle; `options` say how to load it again on SIGHUP.
    public init(
        options: ServeOptions, configuration: ServingConfiguration, group: any EventLoopGroup, services: ListenerServices,
        logger: Logger, reloaded: @escaping @Sendable (ServingConfiguration) -> Void = { _ in },
        listening: @escaping @Sendable (BundleError?) -> Void = { _ in }
    ) {
        self.reloaded = reloaded
        self.listening = listening
        self.options = options
        self.registry = ConnectionRegistry(configuration: configuration)
        self.services = services
        self.group = group
        self.logger = logger
        self.tickers = ConnectionTickers(group: group)
    }

    /// The configuration being served: the one loaded last.
    public var configuration: ServingConfiguration { registry.configuration }

    public func run() async throws {
        let configuration = registry.configuration
        var channels: [Channel] = []
        for binding in configuration.bindings {
            do {
                channels.append(try await bind(binding, backlog: Self.backlog(for: configuration.bundle.limits)))
            } catch {
                for channel in channels { try? await channel.close() }
                let failure = BundleError("cannot listen on \(binding.host):\(binding.port): \(Self.describe(error))")
                listening(failure)
                throw failure
            }
        }
        listening(nil)
        // Trap SIGHUP before saying ready: its default action ends the process.
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        logger.info("ready", metadata: ["server": "\(configuration.bundle.server.name)", "listeners": "\(channels.count)"])
        let reloads = Task { await reload(on: hangups) }
        defer { reloads.cancel() }
        do {
            try await gracefulShutdown()
        } catch {}
        logger.info("shutting down: no longer accepting")
        for channel in channels { try? await channel.close() }
        await drain()
    }

    /// Room for as many pending connections as the server would serve (the
    /// kernel caps it at somaxconn). With a short queue, a burst of connections
    /// overflows it; with SYN cookies the clients then believe they are
    /// connected while the server never sees them, and they wait for a greeting
    /// that never comes.
    static func backlog(for limits: Limits) -> Int32 {
        Int32(clamping: max(256, limits.maxConnections))
    }

    /// An error as a person reads it. NIO's `IOError` text has a stray `)`
    /// and the name of a system call; the system's own message says it all.
    static func describe(_ error: any Error) -> String {
        guard let error = error as? IOError else { return "\(error)" }
        return "\(String(cString: strerror(error.errnoCode))) (errno \(error.errnoCode))"
    }

    func bind(_ binding: ServingConfiguration.Binding, backlog: Int32) async throws -> Channel {
        let registry = registry
        let services = services
        let logger = logger
        let tickers = tickers
        let authFailures = authFailures
        let channel = try await ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: backlog)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            // Accepted sockets inherit it, as they inherit TCP_NODELAY: one
            // system call less for every connection.
            .serverChannelOption(.socketOption(.so_keepalive), value: 1)
            .childChannelInitializer { channel in
                let client = channel.remoteAddress?.ipAddress ?? "unknown"
                let admission = registry.admit(channel, client: client)
                channel.closeFuture.whenComplete { _ in registry.release(admission.number, client: client) }
                return channel.eventLoop.makeCompletedFuture {
                    try Self.install(
                        on: channel, admission: admission, client: client, listener: binding.listener, services: services,
                        authFailures: authFailures, tickers: tickers, logger: logger)
                }
            }
            .bind(host: binding.host, port: binding.port).get()
        logger.info(
            "listening",
            metadata: [
                "address": "\(binding.host)", "port": "\(binding.port)", "security": "\(binding.listener.security.rawValue)",
                "starttls": "\(binding.listener.starttls)",
                "for": "\(binding.listeners.map(ServingConfiguration.name).joined(separator: ","))",
            ])
        if let sites = registry.configuration.sitesNoLongerToldApart(binding) {
            logger.warning(
                "sites can no longer be told apart by address on this socket; all its connections are served as \(sites[0].address)",
                metadata: [
                    "address": "\(binding.host)", "port": "\(binding.port)",
                    "sites": "\(sites.map { "\($0.site) (\($0.address))" }.joined(separator: ", "))",
                ])
        }
        return channel
    }

    static func install(
        on channel: Channel, admission: ConnectionRegistry.Admission, client: String, listener: ListenerSpec,
        services: ListenerServices, authFailures: AuthFailureRegistry, tickers: ConnectionTickers, logger: Logger
    ) throws {
        let remote = channel.remoteAddress
        let local = [channel.localAddress?.ipAddress, listener.address].compactMap { $0 }
        let environment = ConnectionEnvironment(
            configuration: admission.configuration, listener: listener, services: services, authFailures: authFailures,
            tooManyConnections: admission.tooMany, ticker: tickers.ticker(for: channel.eventLoop),
            log: ConnectionLog(base: logger, number: admission.number, client: remote))
        try channel.pipeline.syncOperations.addHandler(
            SMTPConnectionHandler(environment: environment, clientAddress: client, localAddresses: local))
    }

    /// Reloads on every SIGHUP; a bad bundle is refused and the running one stays.
    func reload(on hangups: UnixSignalsSequence) async {
        for await _ in hangups {
            do {
                let fresh = try ServingConfiguration.load(options)
                let current = registry.configuration
                if Set(fresh.bindings) != Set(current.bindings) {
                    logger.warning("reload: listeners changed; new sockets take effect on restart")
                }
                registry.replace(fresh)
                reloaded(fresh)
                logger.info("reloaded", metadata: ["server": "\(fresh.bundle.server.name)"])
            } catch {
                logger.error("reload refused, keeping the running bundle", metadata: ["error": "\(error)"])
            }
        }
    }

    /// Waits for sessions to end, up to the grace period, then tells the
    /// rest to stop and gives them a moment to say 421.
    func drain() async {
        let grace = registry.configuration.bundle.limits.shutdownGrace
        let deadline = ContinuousClock.now + .seconds(grace)
        while registry.openConnections > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(100))
        }
        let remaining = registry.openConnections
        guard remaining > 0 else { return }
        logger.info("grace period over", metadata: ["sessions": "\(remaining)"])
        registry.broadcast(.shutdownNow)
        let last = ContinuousClock.now + .seconds(2)
        while registry.openConnections > 0, ContinuousClock.now < last {
            try? await Task.sleep(for: .milliseconds(50))
        }
    }
}
