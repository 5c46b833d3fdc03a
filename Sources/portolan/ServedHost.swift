import Foundation
import Logging
import NIOPosix
import PortolanBundle
import PortolanListener
import ServiceLifecycle
import Synchronization

/// One host served from its bundle: its listener and delivery agent, with
/// their thread pools. `portolan serve` runs one, `portolan up` one per host
/// of the estate in one service group: the same code either way.
struct ServedHost {
    let configuration: ServingConfiguration
    let spool: Spool
    /// The listener first, then the delivery agent unless queue-only.
    let members: [ServiceGroupConfiguration.ServiceConfiguration]
    let pools: [NIOThreadPool]

    /// Loads the bundle `options` name and prepares its services. `hosts`
    /// overrides `options.hostsFile` (an estate's in-memory mapping);
    /// `observer` is told every recipient's outcome, `listening` whether the
    /// listener's sockets are bound (see ListenerService).
    init(
        _ options: ServeOptions, hosts override: HostsFile? = nil, logger: Logger,
        observer: (@Sendable (DeliveryEvent) -> Void)? = nil, listening: @escaping @Sendable (BundleError?) -> Void = { _ in }
    ) throws {
        let configuration = try ServingConfiguration.load(options)
        let spool = try Spool(directory: options.spoolDirectory)
        if !spool.syncs {
            logger.info("spool in memory (tmpfs): not synced, and lost when the machine stops", metadata: ["spool": "\(spool.directory.path)"])
        }
        if !configuration.bundle.server.host.isEmpty { try spool.recordHost(configuration.bundle.server.host) }
        let hosts = try override ?? options.hostsFile.map { path throws(BundleError) in try HostsFile(path: path) }
        let passwordPool = NIOThreadPool(numberOfThreads: 2)
        let spoolPool = NIOThreadPool(numberOfThreads: 2)
        let namePool = NIOThreadPool(numberOfThreads: 2)
        let deliveryPool = NIOThreadPool(numberOfThreads: 2)
        let pools = [passwordPool, spoolPool, namePool, deliveryPool]
        for pool in pools { pool.start() }
        let fixed = options.fixedClock
        let clock: @Sendable () -> Date = { fixed ?? Date() }
        // The agent reads the configuration the listener serves, reloads included.
        let current = Mutex<ServingConfiguration>(configuration)
        let agent = DeliveryAgent(
            spool: spool,
            settings: {
                let configuration = current.withLock { $0 }
                return DeliverySettings(
                    bundle: configuration.bundle, admission: configuration.admission, relayPassword: configuration.relayPassword,
                    portOffset: options.portOffset, address: options.address, hosts: hosts, dnsServer: options.dnsServer,
                    certificateAuthorities: options.certificateAuthorities)
            },
            client: DeliveryClient(
                group: MultiThreadedEventLoopGroup.singleton, logger: Logger(label: logger.label + ".delivery"),
                // Connections to a peer are kept between deliveries, up to the per-peer limit.
                connections: SMTPConnectionCache(perPlan: configuration.bundle.limits.maxDeliveriesPerPeer)),
            pool: deliveryPool, clock: clock, logger: Logger(label: logger.label + ".delivery"), observer: observer)
        let queueOnly = options.queueOnly
        let services = ListenerServices(
            spool: spool, passwordPool: passwordPool, spoolPool: spoolPool, clock: clock,
            reverseNames: ReverseNames(hosts: hosts, pool: namePool),
            spooled: { message in if !queueOnly { Task { await agent.enqueue(message) } } })
        let service = ListenerService(
            options: options, configuration: configuration, group: MultiThreadedEventLoopGroup.singleton, services: services,
            logger: logger, reloaded: { fresh in current.withLock { $0 = fresh } }, listening: listening)
        var members: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: service, successTerminationBehavior: .ignore)
        ]
        if !queueOnly {
            members.append(
                .init(
                    service: DeliveryService(agent: agent, grace: { current.withLock { $0.bundle.limits.shutdownGrace } }),
                    successTerminationBehavior: .ignore))
        }
        self.configuration = configuration
        self.spool = spool
        self.members = members
        self.pools = pools
    }

    /// Runs `members` in one group until SIGTERM or SIGINT (or `group`'s
    /// shutdown), then stops every pool.
    static func run(_ members: [ServiceGroupConfiguration.ServiceConfiguration], pools: [NIOThreadPool], logger: Logger) async throws {
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: members, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await run(group, pools: pools)
    }

    static func run(_ group: ServiceGroup, pools: [NIOThreadPool]) async throws {
        do {
            try await group.run()
        } catch {
            for pool in pools { try? await pool.shutdownGracefully() }
            throw error
        }
        for pool in pools { try? await pool.shutdownGracefully() }
    }
}
