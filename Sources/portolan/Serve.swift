import ArgumentParser
import Foundation
import Logging
import NIOPosix
import PortolanBundle
import PortolanListener
import ServiceLifecycle

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

    @Option(help: "trace, debug, info, notice, warning, error or critical.")
    var logLevel: String = "info"

    @Option(help: "The manifest to verify against (default: BUNDLE_DIR/../manifest.json).")
    var manifest: String?

    func validate() throws {
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("unknown log level '\(logLevel)'; use trace, debug, info, notice, warning, error or critical")
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
        let options = ServeOptions(
            bundleDirectory: bundleDirectory, manifest: manifest, spoolDirectory: spool, portOffset: portOffset,
            address: address, hostsFile: hostsFile, fixedClock: Self.fixedClock())
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
        let hosts = try options.hostsFile.map { path throws(BundleError) in try HostsFile(path: path) }
        let passwordPool = NIOThreadPool(numberOfThreads: 2)
        let spoolPool = NIOThreadPool(numberOfThreads: 2)
        let namePool = NIOThreadPool(numberOfThreads: 2)
        passwordPool.start()
        spoolPool.start()
        namePool.start()
        let fixed = options.fixedClock
        let clock: @Sendable () -> Date = { fixed ?? Date() }
        let services = ListenerServices(
            spool: spool, passwordPool: passwordPool, spoolPool: spoolPool, clock: clock,
            reverseNames: ReverseNames(hosts: hosts, pool: namePool))
        let service = ListenerService(
            options: options, configuration: configuration, group: MultiThreadedEventLoopGroup.singleton, services: services,
            logger: logger)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: service)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            for pool in [passwordPool, spoolPool, namePool] { try? await pool.shutdownGracefully() }
            throw error
        }
        for pool in [passwordPool, spoolPool, namePool] { try? await pool.shutdownGracefully() }
    }

    /// `PORTOLAN_FIXED_CLOCK=<seconds since 1970>` stamps every Received header
    /// with that time, so that tests can compare spooled messages byte for byte.
    static func fixedClock() -> Date? {
        ProcessInfo.processInfo.environment["PORTOLAN_FIXED_CLOCK"].flatMap(TimeInterval.init).map(Date.init(timeIntervalSince1970:))
    }
}
