import PortolanBundle
import PortolanDiagnostics
import PortolanLanguage
import PortolanYAML

/// The result of the front half of the compiler: everything `check` reports,
/// and the topology that `build` lowers when there are no errors.
public struct CheckOutcome: Sendable {
    public var topology: Topology?
    /// The resolved model, when every file was read and the rules ran.
    public var model: Model?
    public var diagnostics: [Diagnostic]
    public var sources: SourceStore
    /// True when no input could be read at all (exit code 2).
    public var nothingRead: Bool

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// Read → decode → check, as one named sequence of stages.
public enum CheckPipeline {
    /// Runs every stage over `paths`. Decoding runs on every file that could be
    /// read; the cross-file rules run only when every file was read, since a
    /// topology with a file missing would report references into it as undefined.
    public static func run(paths: [String], limits: ReaderLimits = .default) -> CheckOutcome {
        var read = YAMLReader(limits: limits).read(paths: paths)
        var outcome = CheckOutcome(
            topology: nil, model: nil, diagnostics: read.diagnostics, sources: read.sources, nothingRead: read.nothingRead)
        guard !read.documents.isEmpty else { return outcome }
        let documents = read.documents
        read.documents = []
        let decoded = TopologyDecoder.decode(documents)
        // The node trees are not needed past decoding: free them on another core.
        BackgroundRelease.release(consume documents)
        outcome.diagnostics += decoded.diagnostics
        outcome.topology = decoded.topology
        let everyFileRead = !read.diagnostics.contains { $0.severity == .error && readingIsFatal($0.code) }
        if everyFileRead {
            let model = Model(decoded.topology)
            outcome.model = model
            outcome.diagnostics += Checker.check(model)
        }
        outcome.diagnostics.sort()
        return outcome
    }

    /// SHA-256 over every input file, path and bytes, in sorted path order.
    public static func sourcesDigest(_ sources: SourceStore) -> String {
        var bytes: [UInt8] = []
        for file in sources.files.sorted() {
            let content = sources.bytes(of: file) ?? []
            bytes += Array(file.utf8) + [0] + Array(String(content.count).utf8) + [0] + content
        }
        return BundleCodec.sha256(bytes)
    }

    /// Reading problems after which a file gives no topology at all.
    static func readingIsFatal(_ code: DiagnosticCode) -> Bool {
        ["PT001", "PT003", "PT004", "PT005", "PT006"].contains(code.rawValue)
    }
}
