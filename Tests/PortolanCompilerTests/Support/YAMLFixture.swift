import PortolanCompiler
import PortolanDiagnostics
import PortolanLanguage
import PortolanScheduling
import PortolanYAML

/// A topology written as YAML in a test, run through the compiler's own
/// stages one by one: read and decoded, then resolved and checked whatever
/// decoding found, so that a rule's diagnostics are seen apart from the
/// decoder's.
struct YAMLFixture {
    let source: String
    let topology: Topology
    let decodeDiagnostics: [Diagnostic]
    let diagnostics: [Diagnostic]
    /// The fixture's lines, which turn the offsets of spans into lines and columns.
    let lines: LineTable

    static let pipeline = CompilerPipeline(scheduler: SerialScheduler())

    init(_ text: String, file: String = "t.yaml") {
        source = text
        lines = LineTable(bytes: Array(text.utf8))
        let pipeline = Self.pipeline
        let read = pipeline.read.run(.texts([(file: file, bytes: Array(text.utf8))]), pipeline.scheduler)
        let decoded = pipeline.decode.run((documents: HandedDocuments(read.documents), files: read.sources.files), pipeline.scheduler)
        topology = decoded.topology
        decodeDiagnostics = read.diagnostics + decoded.diagnostics
        diagnostics = pipeline.check.run(pipeline.resolve.run(topology, pipeline.scheduler), pipeline.scheduler)
    }

    /// The line and column where `span` starts.
    func start(_ span: SourceSpan) -> LineColumn { lines.location(of: span.start) }

    /// `CODE@line:column` of `diagnostic`.
    func place(_ diagnostic: Diagnostic) -> String { "\(diagnostic.code)@\(start(diagnostic.span))" }
}
