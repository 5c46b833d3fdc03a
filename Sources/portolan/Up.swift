import ArgumentParser
import Foundation
import Logging
import NIOCore
import NIOPosix
import PortolanBundle
import PortolanCompiler
import PortolanDiagnostics
import PortolanListener
import ServiceLifecycle
import Synchronization

/// `portolan up`: the whole estate on loopback, each server served by the
/// code of `portolan serve`, and with `--prove` one probe across every SMTP
/// edge, held against what `check` says of it (DESIGN.md, "The estate runs").
struct Up: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run every server of the topology on loopback; with --prove, send a probe across every SMTP edge.",
        discussion: """
            Checks the topology and lowers one bundle per server (errors allowed: a broken edge is shown \
            failing), maps every server and external host to a loopback address (its own when it is one, \
            else 127.0.1.N for servers and 127.0.2.N for external hosts: listeners, peers and reverse names \
            all use this mapping), serves every server in this process, and a recording stand-in for every \
            external host that takes mail as its `inbound` says. Without --prove it prints the hosts and one \
            line per delivery until Ctrl-C. With --prove it prints one row per edge and exits: 0 when every \
            exercised edge agrees with check, 1 otherwise, 2 for a topology that cannot be read. With \
            --bundles DIR it serves the bundles a build wrote there (checked against their manifest, as serve \
            does) and holds them against what check says of PATH: a bundle that is stale or was edited by hand \
            shows as an edge that disagrees.
            """
    )

    @Argument(help: "Topology files, or directories whose *.yaml and *.yml files are read.")
    var paths: [String]

    @Option(help: "Added to every port, to run without root.")
    var portOffset: Int = 0

    @Option(help: "Where bundles and spools go (default: a temporary folder, removed on exit).")
    var state: String?

    @Option(help: ArgumentHelp(
        "Serve the bundles `portolan build` wrote into this folder instead of building them anew.", valueName: "DIR"))
    var bundles: String?

    @Flag(help: "Send one probe across every SMTP edge and compare the wire with check.")
    var prove = false

    @Option(help: "text or json (with --prove).")
    var format: String = "text"

    @Option(help: "Seconds to wait for every probe's answer.")
    var timeout: Int = 20

    @Option(help: "Log level of the servers (trace ... critical).")
    var logLevel: String = "warning"

    func validate() throws {
        guard ["text", "json"].contains(format) else { throw ValidationError("--format is text or json") }
        guard Logger.Level(rawValue: logLevel) != nil else { throw ValidationError("unknown log level '\(logLevel)'") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
    }

    func run() async throws {
        // A line per delivery as it happens, also into a pipe or a file.
        let level = Logger.Level(rawValue: logLevel) ?? .warning
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "portolan.up")
        let pipeline = CompilerPipeline()
        let outcome = pipeline.check(paths: paths)
        guard let model = outcome.model else {
            _ = OutputOptions(format: .text).report(outcome)
            throw ExitCode(ExitStatus.unreadable.rawValue)
        }
        let root: URL
        let temporary = state == nil
        if let state {
            root = URL(fileURLWithPath: state)
        } else {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("portolan-up-\(UUID().uuidString)")
        }
        defer { if temporary { try? FileManager.default.removeItem(at: root) } }
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let estate: EstateLayout
        do {
            estate = try EstateLayout(pipeline, model: model, outcome: outcome, root: root, built: bundles)
        } catch {
            throw Failure("portolan up: \(error)", status: ExitStatus.problems)
        }
        for standIn in estate.made { FileHandle.standardError.write(Data("portolan up: \(standIn)\n".utf8)) }
        let events = DeliveryEvents()
        let printLive = !prove
        var members: [ServiceGroupConfiguration.ServiceConfiguration] = []
        var pools: [NIOThreadPool] = []
        var served: [(name: String, host: ServedHost)] = []
        // Each host's listener says once whether all its sockets are bound.
        let (listening, listened) = AsyncStream<(String, BundleError?)>.makeStream()
        for entry in estate.hosts {
            var options = ServeOptions(
                bundleDirectory: entry.bundle, spoolDirectory: entry.spool, portOffset: portOffset, address: entry.address)
            options.addresses = entry.addresses
            options.queueOnly = entry.standIn
            // Never the real DNS: MX lookups go to a closed loopback port and defer.
            options.dnsServer = DNSServerAddress(parsing: "127.255.255.254:9")
            let name = entry.name
            let host: ServedHost
            do {
                host = try ServedHost(
                    options, hosts: estate.hostsFile, logger: Logger(label: "portolan.\(name)"),
                    observer: { event in
                        events.record(event, on: name)
                        if printLive { Self.emit("\(name): \(Self.describe(event.result)) <\(event.recipient)> via \(event.peer ?? "-")") }
                    },
                    listening: { failure in listened.yield((name, failure)) })
            } catch {
                throw Failure("portolan up: cannot serve \(name): \(error)", status: ExitStatus.problems)
            }
            members += host.members
            pools += host.pools
            served.append((name, host))
        }
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: members, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        let running = Task { try await ServedHost.run(group, pools: pools) }
        do {
            try await Self.waitUntilListening(hosts: served.count, reports: listening, reporting: listened)
        } catch {
            await group.triggerGracefulShutdown()
            _ = await running.result
            throw Failure("portolan up: \(error)", status: ExitStatus.problems)
        }
        if !prove || format == "text" { Self.emit(estate.table(served: served.map(\.host), portOffset: portOffset)) }
        guard prove else {
            try await running.value
            return
        }
        let prover = Prover(estate: estate, model: model)
        let edges = try await prover.run(events: events, timeout: timeout, portOffset: portOffset)
        let listeners = await prover.listenerRows(
            zip(estate.hosts, served).filter { !$0.0.standIn }.map { ($0.1.name, $0.1.host.configuration) }, portOffset: portOffset)
        let rows = edges + listeners
        await group.triggerGracefulShutdown()
        _ = await running.result
        Self.emit(format == "json" ? Prover.json(rows) : Prover.text(rows))
        let agree = rows.allSatisfy { $0.agree ?? true }
        if !agree { throw ExitCode(ExitStatus.problems.rawValue) }
    }

    /// A line on standard output at once, unbuffered: the live lines reach a
    /// pipe or a file as each delivery happens.
    static func emit(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    static func describe(_ result: DeliveryResult) -> String {
        switch result {
        case .delivered(let reply): return "delivered (\(reply))"
        case .deferred(let stage, let answer): return "deferred at \(stage): \(answer)"
        case .failed(let stage, let answer): return "failed at \(stage): \(answer)"
        }
    }

    /// Until every one of `hosts` listeners has bound its sockets; the
    /// first that cannot ends the wait with its reason (say, a port that
    /// something else holds), and so do ten seconds without all of them.
    static func waitUntilListening(
        hosts: Int, reports: AsyncStream<(String, BundleError?)>, reporting: AsyncStream<(String, BundleError?)>.Continuation
    ) async throws {
        let timer = Task {
            try await Task.sleep(for: .seconds(10))
            reporting.yield(("", BundleError("the listeners were not all bound within 10 s")))
        }
        defer { timer.cancel() }
        var bound = 0
        for await (name, failure) in reports {
            if let failure { throw name.isEmpty ? failure : BundleError("\(name): \(failure)") }
            bound += 1
            if bound == hosts { return }
        }
    }
}

