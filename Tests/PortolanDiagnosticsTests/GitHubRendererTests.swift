import PortolanDiagnostics
import Testing

@Suite("GitHub workflow commands")
struct GitHubRendererTests {
    private func render(_ diagnostics: [Diagnostic]) -> [Substring] {
        DiagnosticRenderer.render(diagnostics, format: .github, sources: sources, options: Fixtures.options())
            .split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The files these tests name, each twenty lines long.
    private let sources = {
        var store = SourceStore(files: Fixtures.table)
        for file in ["a.yaml", "b.yaml", "dir,1/a:b.yaml", "/srv/topology/o.yaml"] {
            store.add(file: file, bytes: Array(Fixtures.filler.utf8))
        }
        return store
    }()

    private func span(_ file: String, _ line: Int, _ column: Int, _ endLine: Int, _ endColumn: Int) -> SourceSpan {
        Fixtures.span(file, line, column, endLine, endColumn, in: Fixtures.filler)
    }

    @Test func messageAndPropertiesAreEscaped() {
        let diagnostic = Fixtures.diagnostic(
            "PT101", "100% of 'a:b', c\nd\re", at: span("dir,1/a:b.yaml", 3, 4, 3, 9),
            notes: [DiagnosticNote("see 5%", at: span("/srv/topology/o.yaml", 2, 1, 2, 3))],
            help: "x, y: z")
        let lines = render([diagnostic])
        #expect(lines[0] == "::error file=dir%2C1/a%3Ab.yaml,line=3,col=4,endLine=3,endColumn=9,title=PT101"
            + "::100%25 of 'a:b', c%0Ad%0De%0Anote: see 5%25 (at o.yaml:2:1)%0Ahelp: x, y: z")
        #expect(lines[1] == "1 error, 0 warnings")
        #expect(lines[2] == "")
    }

    @Test func severityNamesTheCommand() {
        let lines = render([
            Fixtures.diagnostic("PT502", "unused", at: span("a.yaml", 1, 1, 1, 2)),
            Diagnostic(DiagnosticCode("PT999"), severity: .note, "fyi", at: span("a.yaml", 2, 1, 2, 2)),
        ])
        #expect(lines[0].hasPrefix("::warning file=a.yaml,"))
        #expect(lines[1].hasPrefix("::notice file=a.yaml,"))
        #expect(lines[2] == "0 errors, 1 warning")
    }

    @Test func multiLineSpanHasNoColumns() {
        let lines = render([Fixtures.diagnostic("PT102", "wrong type", at: span("a.yaml", 2, 5, 4, 1))])
        #expect(lines[0] == "::error file=a.yaml,line=2,endLine=4,title=PT102::wrong type")
    }

    @Test func atMostTenAnnotationsPerKind() {
        let errors = (1...12).map { Fixtures.diagnostic("PT101", "error \($0)", at: span("a.yaml", $0, 1, $0, 2)) }
        let warnings = (1...11).map { Fixtures.diagnostic("PT502", "warning \($0)", at: span("b.yaml", $0, 1, $0, 2)) }
        let lines = render(errors + warnings)
        #expect(lines.filter { $0.hasPrefix("::error ") }.count == 10)
        #expect(lines.filter { $0.hasPrefix("::warning ") }.count == 10)
        #expect(lines.contains("::error file=a.yaml,line=10,col=1,endLine=10,endColumn=2,title=PT101::error 10"))
        #expect(!lines.contains { $0.hasSuffix("::error 11") })
        #expect(Array(lines.suffix(4)) == [
            "::notice::2 more errors not shown as annotations",
            "::notice::1 more warning not shown as an annotation",
            "12 errors, 11 warnings",
            "",
        ])
    }

    @Test func emptyListPrintsOnlyTheSummary() {
        #expect(render([]) == ["0 errors, 0 warnings", ""])
    }
}
