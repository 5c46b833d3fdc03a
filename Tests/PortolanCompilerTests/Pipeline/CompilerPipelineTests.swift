import Foundation
import PortolanBundle
import PortolanCompiler
import PortolanDiagnostics
import PortolanLanguage
import PortolanScheduling
import Synchronization
import Testing

/// The pipeline as a value: its stages run in order over typed boundaries,
/// each can be replaced, and what runs in parallel (its scheduler) changes
/// nothing of what it gives.
@Suite struct CompilerPipelineTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// How often a stage ran.
    final class Calls: Sendable {
        let count = Mutex(0)
        func add() { count.withLock { $0 += 1 } }
        var value: Int { count.withLock { $0 } }
    }

    /// `stage`, counting its runs in `calls`.
    static func counting<Input, Output>(
        _ stage: CompilerPipeline.Stage<Input, Output>, in calls: Calls
    ) -> CompilerPipeline.Stage<Input, Output> {
        .init { input, scheduler in
            calls.add()
            return stage.run(input, scheduler)
        }
    }

    /// A file with a hub listening on 26 and a spoke relaying through it on
    /// `spokePort` (25 is a PT401 error).
    static func hubAndSpoke(spokePort: Int = 25, hubHost: String? = nil) -> String {
        Estate.yaml(internetDomains: "acme.example", servers: [
            .server("hub", host: hubHost, inbound: ["tcp: { port: 26, enabled: true }"]),
            .server("spoke", smtp: ["listener: false"], outbound: ["tcp: { port: \(spokePort), mode: enabled }", "relay: hub"]),
        ]) + "\n"
    }

    /// A large estate checked and lowered with every split taken (a threshold
    /// of one) and with none: the same diagnostics and the same bundles.
    @Test func theSchedulerChangesNothingOfTheOutput() throws {
        let spokes = (0..<300).map { index in
            Estate.Server.server("s\(index)", outbound: ["tcp: { port: \(index % 50 == 7 ? 27 : 26), mode: enabled }", "relay: hub"])
        }
        let text = Estate.yaml(
            internetDomains: "acme.example", servers: spokes + [.server("hub", inbound: ["tcp: { port: 26, enabled: true }"])]) + "\n"
        let sources = CompilerPipeline.Sources.texts([(file: "estate.yaml", bytes: Array(text.utf8))])
        let serial = CompilerPipeline(scheduler: SerialScheduler())
        let split = CompilerPipeline(scheduler: TwoCoreScheduler(threshold: 1, weightThreshold: 1))
        let (plain, parallel) = (serial.check(sources), split.check(sources))
        #expect(!plain.diagnostics.isEmpty)
        #expect(plain.diagnostics == parallel.diagnostics)
        let model = try #require(plain.model)
        let parallelModel = try #require(parallel.model)
        #expect(serial.bundles(of: model, out: "out") == split.bundles(of: parallelModel, out: "out"))
    }

    /// An estate in several files, read and decoded with the files split
    /// by weight between the cores and in order: the same diagnostics and
    /// the same bundles.
    @Test func filesSplitByWeightChangeNothingOfTheOutput() throws {
        let hub = Estate.yaml(internetDomains: "acme.example", servers: [.server("hub", inbound: ["tcp: { port: 26, enabled: true }"])])
        let parts = (0..<5).map { part in
            "servers:\n" + (0..<(part == 0 ? 40 : 3)).map { index in
                let port = index % 7 == 3 ? 27 : 26
                return "  s\(part)x\(index):\n    smtp:\n      outbound:\n        tcp: { port: \(port), mode: enabled }\n        relay: hub\n"
            }.joined()
        }
        let texts = [(file: "hub.yaml", bytes: Array((hub + "\n").utf8))]
            + parts.enumerated().map { (file: "part\($0.offset).yaml", bytes: Array($0.element.utf8)) }
        let sources = CompilerPipeline.Sources.texts(texts)
        let serial = CompilerPipeline(scheduler: SerialScheduler())
        let split = CompilerPipeline(scheduler: TwoCoreScheduler(weightThreshold: 1))
        let (plain, parallel) = (serial.check(sources), split.check(sources))
        #expect(plain.diagnostics.contains { $0.code.rawValue == "PT401" })
        #expect(plain.diagnostics == parallel.diagnostics)
        let model = try #require(plain.model)
        let parallelModel = try #require(parallel.model)
        #expect(model.serverIDs.count == 53)
        #expect(serial.bundles(of: model, out: "out") == split.bundles(of: parallelModel, out: "out"))
    }

    /// A file that cannot be read stops the pipeline before resolving: the
    /// rules would report references into it as undefined.
    @Test func aFileThatCannotBeReadStopsBeforeTheRules() {
        let resolved = Calls()
        var pipeline = CompilerPipeline(scheduler: SerialScheduler())
        pipeline.resolve = Self.counting(pipeline.resolve, in: resolved)
        let outcome = pipeline.check(.texts([
            (file: "good.yaml", bytes: Array(Self.hubAndSpoke().utf8)), (file: "bad.yaml", bytes: Array("servers: [\n".utf8)),
        ]))
        #expect(outcome.diagnostics.map { "\($0.code.rawValue) \(outcome.sources.path(of: $0.span))" } == ["PT001 bad.yaml"])
        #expect(outcome.model == nil && outcome.topology != nil)
        #expect(resolved.value == 0)
    }

    /// A stage put in place of the checker's is what the outcome reports.
    @Test func aStageCanBeReplaced() {
        var pipeline = CompilerPipeline(scheduler: SerialScheduler())
        pipeline.check = .init { model, _ in
            [Diagnostic(DiagnosticCode("PT402"), severity: .warning, "\(model.serverIDs.count) servers", at: .fileStart(.only))]
        }
        let outcome = pipeline.check(.texts([(file: "t.yaml", bytes: Array(Self.hubAndSpoke().utf8))]))
        #expect(outcome.diagnostics.map(\.message) == ["2 servers"])
    }

    /// A second build of the same sources into the same folder writes
    /// nothing and does not lower; a plan from it finds no change, and one
    /// from another topology finds the change.
    @Test func buildLowersOnlyWhenSomethingChanged() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let topology = folder.appendingPathComponent("topology.yaml")
        try Data(Self.hubAndSpoke(spokePort: 26).utf8).write(to: topology)
        let lowered = Calls()
        var pipeline = CompilerPipeline(scheduler: SerialScheduler())
        pipeline.lower = Self.counting(pipeline.lower, in: lowered)
        let out = folder.appendingPathComponent("out").path
        let first = try pipeline.build(.paths([topology.path]), into: out) { !$0.hasErrors }
        #expect(first.summary?.line == "2 bundles: 2 added, 0 changed, 0 unchanged, 0 removed")
        #expect(lowered.value == 1)
        let second = try pipeline.build(.paths([topology.path]), into: out) { !$0.hasErrors }
        #expect(second.summary?.line == "2 bundles: 0 added, 0 changed, 2 unchanged, 0 removed")
        #expect(lowered.value == 1 && second.bundles.isEmpty)
        let model = try #require(second.check.model)
        #expect(try pipeline.plan(model, from: out).isEmpty)

        let changed = pipeline.check(.texts([(
            file: "other.yaml", bytes: Array(Self.hubAndSpoke(spokePort: 26, hubHost: "mx.acme.example").utf8)
        )]))
        let plans = try pipeline.plan(try #require(changed.model), from: out)
        // The hub's host name, in the hub's bundle and in the spoke's (its relay host).
        #expect(plans.map(\.server) == ["hub", "spoke"])
    }

    /// A check with errors stops the build before anything is lowered or written.
    @Test func errorsStopTheBuild() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let pipeline = CompilerPipeline(scheduler: SerialScheduler())
        let built = try pipeline.build(.texts([(file: "t.yaml", bytes: Array(Self.hubAndSpoke().utf8))]), into: folder.path) { !$0.hasErrors }
        #expect(built.summary == nil && built.bundles.isEmpty)
        #expect(built.check.diagnostics.map(\.code.rawValue).contains("PT401"))
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }
}
