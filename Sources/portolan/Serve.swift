import ArgumentParser
import Foundation
import Logging
import PortolanBundle
import PortolanListener

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
        let host = try ServedHost(options, logger: logger)
        try await ServedHost.run(host.members, pools: host.pools, logger: logger)
    }

    /// `PORTOLAN_FIXED_CLOCK=<seconds since 1970>` stamps every Received header
    /// with that time, so that tests can compare spooled messages byte for byte.
    static func fixedClock() -> Date? {
        ProcessInfo.processInfo.environment["PORTOLAN_FIXED_CLOCK"].flatMap(TimeInterval.init).map(Date.init(timeIntervalSince1970:))
    }
}
