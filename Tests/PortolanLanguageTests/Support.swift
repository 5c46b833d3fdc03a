import PortolanDiagnostics
import PortolanYAML
import Testing
@testable import PortolanLanguage

/// What decoding the fixtures gave, with their text to show positions as
/// lines and columns.
@dynamicMemberLookup
struct Decoded: Sendable {
    let result: DecodeResult
    let sources: SourceStore

    subscript<Value>(dynamicMember path: KeyPath<DecodeResult, Value>) -> Value { result[keyPath: path] }

    /// The line and column of `position`, in the file `span` is in.
    func location(_ span: SourceSpan, _ end: KeyPath<SourceRange, LineColumn> = \.start) -> LineColumn {
        sources.locations(of: span)[keyPath: end]
    }

    /// `line:column` of the start of `span`.
    func lineColumn(_ span: SourceSpan) -> String { location(span).description }

    /// Every diagnostic as `CODE@line:column`, in report order.
    var places: [String] {
        result.diagnostics.map { "\($0.code)@\(lineColumn($0.span))" }
    }

    /// The one diagnostic with `code`; fails the test when there is not exactly one.
    func only(_ code: String, sourceLocation: SourceLocation = #_sourceLocation) -> Diagnostic? {
        let found = result.diagnostics.filter { $0.code.rawValue == code }
        #expect(found.count == 1, "expected one \(code), got \(places): \(result.diagnostics.map(\.message))", sourceLocation: sourceLocation)
        return found.first
    }

    var server: Server? { result.topology.servers.first }

    /// The path of the file `span` is in.
    func path(_ span: SourceSpan?) -> String? { span.map(result.files.path(of:)) }

    /// `file:line:column` of the start of `span`.
    func place(_ span: SourceSpan?) -> String? {
        span.map { "\(result.files.path(of: $0)):\(lineColumn($0))" }
    }
}

/// Reads each `(file, text)` with the YAML reader and decodes them together.
/// Reading problems fail the test: these fixtures are about the language.
func decode(_ files: [(file: String, text: String)], sourceLocation: SourceLocation = #_sourceLocation) -> Decoded {
    let read = YAMLReader().read(texts: files.map { (file: $0.file, bytes: Array($0.text.utf8)) })
    #expect(read.diagnostics.isEmpty, "the files do not read cleanly: \(read.diagnostics)", sourceLocation: sourceLocation)
    return Decoded(result: TopologyDecoder.decode(read.documents, files: read.sources.files), sources: read.sources)
}

/// Decodes one file called `t.yaml`.
func decode(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> Decoded {
    decode([("t.yaml", text)], sourceLocation: sourceLocation)
}

/// The start of a file with the header every fixture needs.
let header = """
    portolan: 1
    organization: Acme

    """

/// A hash made by passlib: `pbkdf2_sha256.hash("x")`.
let validHash = "$pbkdf2-sha256$29000$R2hN6Z1zTmlNqTWGMGYsBQ$ehENs9pFB60eEj976.3OTSSVBoB7U8MWbgg4.6.9trU"
