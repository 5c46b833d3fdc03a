import PortolanDiagnostics
import PortolanYAML
import Testing
@testable import PortolanLanguage

/// Reads each `(file, text)` with the YAML reader and decodes them together.
/// Reading problems fail the test: these fixtures are about the language.
func decode(_ files: [(file: String, text: String)], sourceLocation: SourceLocation = #_sourceLocation) -> DecodeResult {
    let read = YAMLReader().read(texts: files.map { (file: $0.file, bytes: Array($0.text.utf8)) })
    #expect(read.diagnostics.isEmpty, "the files do not read cleanly: \(read.diagnostics)", sourceLocation: sourceLocation)
    return TopologyDecoder.decode(read.documents, files: read.sources.files)
}

/// Decodes one file called `t.yaml`.
func decode(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> DecodeResult {
    decode([("t.yaml", text)], sourceLocation: sourceLocation)
}

extension DecodeResult {
    /// Every diagnostic as `CODE@line:column`, in report order.
    var places: [String] {
        diagnostics.map { "\($0.code)@\($0.span.start.line):\($0.span.start.column)" }
    }

    /// The one diagnostic with `code`; fails the test when there is not exactly one.
    func only(_ code: String, sourceLocation: SourceLocation = #_sourceLocation) -> Diagnostic? {
        let found = diagnostics.filter { $0.code.rawValue == code }
        #expect(found.count == 1, "expected one \(code), got \(places): \(diagnostics.map(\.message))", sourceLocation: sourceLocation)
        return found.first
    }

    var server: Server? { topology.servers.first }
}

extension DecodeResult {
    /// The path of the file `span` is in.
    func path(_ span: SourceSpan?) -> String? { span.map(files.path(of:)) }

    /// `file:line:column` of the start of `span`.
    func place(_ span: SourceSpan?) -> String? {
        span.map { "\(files.path(of: $0)):\($0.start.line):\($0.start.column)" }
    }
}

/// The start of a file with the header every fixture needs.
let header = """
    portolan: 1
    organization: Acme

    """

/// A hash made by passlib: `pbkdf2_sha256.hash("x")`.
let validHash = "$pbkdf2-sha256$29000$R2hN6Z1zTmlNqTWGMGYsBQ$ehENs9pFB60eEj976.3OTSSVBoB7U8MWbgg4.6.9trU"
