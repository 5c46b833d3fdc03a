import ArgumentParser
import Foundation
import Logging
import NIOPosix
import PortolanBundle
import PortolanListener
import ServiceLifecycle
import Synchronization

/// `portolan serve`: runs one host's SMTP listener from its bundle.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Serve SMTP for one host from its compiled bundle.",
        discussion: """
            Loads BUNDLE_DIR/bundle.json, verifies it against the manifest and binds every \
            listener it names. SIGHUP reloads the bundle (a bad one is refused and the running \
            one stays); SIGTERM stops accepting and lets sessions finish for limits.shutdownGrace \
            seconds. Exit status: 0 after a clean shutdown, 1 when the bundle cannot be served.
            """
    )

    @Argument(help: "The host's bundle folder, e.g. out/hub.")
    var bundleDirectory: String

    @Option(help: "Where accepted mail is queued (Maildir: new/, with envelopes in meta/).")
    var spool: String = "./spool"

    @Option(help: "Added to every port of the bundle, to run without root.")
    var portOffset: Int = 0

    @Option(help: "Bind every listener to this address instead of the bundle's.")
    var address: String?

    @Option(
        name: .customLong("hosts"),
        help: "A hosts file (/etc/hosts format) that gives clients' reverse names instead of DNS, for estates on loopback.")
    var hostsFile: String?

    @Flag(help: "Accept and queue mail, but deliver nothing (no delivery agent runs).")
    var queueOnly = false

    @Option(help: "Resolve outbound names (MX, address records) through this DNS server, ADDRESS:PORT, instead of the system's.")
    var dns: String?

    @Option(
        name: .customLong("ca-file"),
        help: "PEM certificate authorities: outbound TLS verifies peers' certificates and names against them (default: encrypt without verifying).")
    var caFile: String?

    @Option(help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    @Option(help: "The manifest to verify against (default: BUNDLE_DIR/../manifest.json).")
    var manifest: String?

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("unknown log level '\(logLevel)'; use trace, debug, info, notice, warning, error or critical")
        }
        if let dns, DNSServerAddress(parsing: dns) == nil {
            throw ValidationError("--dns '\(dns)' is not ADDRESS:PORT, e.g. 127.0.0.1:5353")
        }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "portolan.serve")
        var options = ServeOptions(
            bundleDirectory: bundleDirectory, manifest: manifest, spoolDirectory: spool, portOffset: portOffset,
            address: address, hostsFile: hostsFile, fixedClock: Self.fixedClock())
        options.queueOnly = queueOnly
        options.dnsServer = dns.flatMap(DNSServerAddress.init(parsing:))
        options.certificateAuthorities = caFile
        do {
            try await Self.serve(options, logger: logger)
        } catch let error as BundleError {
            logger.critical("cannot serve: \(error.message)")
            throw ExitCode(ExitStatus.problems.rawValue)
        } catch let error as SpoolError {
            logger.critical("cannot serve: \(error.description)")
            throw ExitCode(ExitStatus.problems.rawValue)
        }
    }

    static func serve(_ options: ServeOptions, logger: Logger) async throws {
        let configuration = try ServingConfiguration.load(options)
        let spool = try Spool(directory: options.spoolDirectory)
        if !spool.syncs {
            logger.info("spool in memory (tmpfs): not synced, and lost when the machine stops", metadata: ["spool": "\(spool.directory.path)"])
        }
        if !configuration.bundle.server.host.isEmpty { try spool.recordHost(configuration.bundle.server.host) }
        let hosts = try options.hostsFile.map { path throws(BundleError) in try HostsFile(path: path) }
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
                group: MultiThreadedEventLoopGroup.singleton, logger: Logger(label: "portolan.delivery"),
                // Connections to a peer are kept between deliveries, up to the per-peer limit.
                connections: SMTPConnectionCache(perPlan: configuration.bundle.limits.maxDeliveriesPerPeer)),
            pool: deliveryPool, clock: clock, logger: Logger(label: "portolan.delivery"))
        let queueOnly = options.queueOnly
        let services = ListenerServices(
            spool: spool, passwordPool: passwordPool, spoolPool: spoolPool, clock: clock,
            reverseNames: ReverseNames(hosts: hosts, pool: namePool),
            spooled: { id in if !queueOnly { Task { await agent.enqueue(id) } } })
        let service = ListenerService(
            options: options, configuration: configuration, group: MultiThreadedEventLoopGroup.singleton, services: services,
            logger: logger, reloaded: { fresh in current.withLock { $0 = fresh } })
        var members: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: service, successTerminationBehavior: .ignore)
        ]
        if !queueOnly {
            members.append(
                .init(
                    service: DeliveryService(agent: agent, grace: { current.withLock { $0.bundle.limits.shutdownGrace } }),
                    successTerminationBehavior: .ignore))
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: members, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            for pool in pools { try? await pool.shutdownGracefully() }
            throw error
        }
        for pool in pools { try? await pool.shutdownGracefully() }
    }

    /// `PORTOLAN_FIXED_CLOCK=<seconds since 1970>` stamps every Received header
    /// with that time, so that tests can compare spooled messages byte for byte.
    static func fixedClock() -> Date? {
        ProcessInfo.processInfo.environment["PORTOLAN_FIXED_CLOCK"].flatMap(TimeInterval.init).map(Date.init(timeIntervalSince1970:))
    }
}
