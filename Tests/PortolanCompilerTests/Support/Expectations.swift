import PortolanDiagnostics
import Testing

/// A position in a fixture and the text expected to start there, so that an
/// expectation says both where a diagnostic points and at what.
struct Mark: CustomStringConvertible {
    let line: Int
    let column: Int
    let token: String

    init(_ line: Int, _ column: Int, _ token: String) {
        self.line = line
        self.column = column
        self.token = token
    }

    var description: String { "\(line):\(column) '\(token)'" }
}

extension YAMLFixture {
    /// The text at `line:column` (1-based, columns in Unicode scalars) to the end of the line.
    func text(atLine line: Int, column: Int) -> String {
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        guard line >= 1, line <= lines.count else { return "" }
        return String(String.UnicodeScalarView(lines[line - 1].unicodeScalars.dropFirst(column - 1)))
    }

    func isAt(_ span: SourceSpan?, _ mark: Mark) -> Bool {
        guard let span else { return false }
        return start(span) == LineColumn(line: mark.line, column: mark.column)
            && text(atLine: mark.line, column: mark.column).hasPrefix(mark.token)
    }

    /// Expects exactly one diagnostic with `code`, at `mark`, with a note at
    /// `note` when given, and returns it.
    @discardableResult
    func expectOne(
        _ code: String, at mark: Mark, note: Mark? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) -> Diagnostic? {
        #expect(decodeDiagnostics.isEmpty, "fixture does not decode: \(decodeDiagnostics.map(\.message))", sourceLocation: sourceLocation)
        let found = diagnostics.filter { $0.code.rawValue == code }
        #expect(found.count == 1, "expected one \(code), got \(describe(diagnostics))", sourceLocation: sourceLocation)
        guard let diagnostic = found.first else { return nil }
        #expect(isAt(diagnostic.span, mark), "\(code) at \(describe(diagnostic.span)), expected \(mark)", sourceLocation: sourceLocation)
        if let note {
            #expect(
                diagnostic.notes.contains { isAt($0.span, note) },
                "\(code) has no note at \(note): \(diagnostic.notes.map { "\($0.message) @\(describe($0.span))" })",
                sourceLocation: sourceLocation)
        }
        return diagnostic
    }

    /// Expects no diagnostic with `code`.
    func expectNone(_ code: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(decodeDiagnostics.isEmpty, "fixture does not decode: \(decodeDiagnostics.map(\.message))", sourceLocation: sourceLocation)
        let found = diagnostics.filter { $0.code.rawValue == code }
        #expect(found.isEmpty, "expected no \(code), got \(describe(found))", sourceLocation: sourceLocation)
    }

    func describe(_ span: SourceSpan?) -> String {
        guard let span else { return "nowhere" }
        let start = start(span)
        return "\(start) '\(text(atLine: start.line, column: start.column).prefix(20))'"
    }

    func describe(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map { "\($0.code)@\(describe($0.span)): \($0.message)" }.joined(separator: "\n")
    }
}
