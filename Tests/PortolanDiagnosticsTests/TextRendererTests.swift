@testable import PortolanDiagnostics
import Testing

@Suite("Text format")
struct TextRendererTests {
    private func render(
        _ diagnostics: [Diagnostic], colour: Bool = false, sources: SourceStore = Fixtures.sources
    ) -> String {
        DiagnosticRenderer.render(
            diagnostics, format: .text, sources: sources, options: Fixtures.options(colour: colour))
    }

    private func store(_ file: String, _ text: String) -> SourceStore {
        var store = SourceStore(files: Fixtures.table)
        store.add(file: file, bytes: Array(text.utf8))
        return store
    }


    @Test func emptyListPrintsOnlyTheSummary() {
        #expect(render([]) == "0 errors, 0 warnings\n")
    }

    @Test func noEscapeCodesWithoutColour() {
        #expect(!render(Fixtures.diagnostics).contains("\u{1B}"))
    }

    @Test func colourMarksSeverityAndCarets() {
        let output = render(Fixtures.diagnostics, colour: true)
        #expect(output.contains("\u{1B}[1;31merror[PT104]\u{1B}[0m: port 70000"))
        #expect(output.contains("\u{1B}[1;33mwarning[PT502]\u{1B}[0m"))
        #expect(output.contains("\u{1B}[1;36mnote\u{1B}[0m: 'edge-1' listens"))
        #expect(output.contains("\u{1B}[1;31m^^^^^\u{1B}[0m"))
        #expect(output.contains("\u{1B}[1;36m^^\u{1B}[0m"))
    }

    @Test func crlfLineEndsAreNotPrinted() {
        #expect(!render(Fixtures.diagnostics).contains("\r"))
    }

    @Test func missingSourceSkipsTheSnippet() {
        let diagnostic = Fixtures.diagnostic("PT005", "cannot read", at: .fileStart(Fixtures.file("gone.yaml")))
        #expect(render([diagnostic]) == "gone.yaml:1:1: error[PT005]: cannot read\n\n1 error, 0 warnings\n")
    }

    @Test func aFileWithoutTextHasNoSnippet() {
        let diagnostic = Fixtures.diagnostic("PT005", "cannot read gone.yaml", at: .fileStart(Fixtures.file("gone.yaml")))
        #expect(render([diagnostic], sources: store("a.yaml", "a: 1\n"))
            == "gone.yaml:1:1: error[PT005]: cannot read gone.yaml\n\n1 error, 0 warnings\n")
    }

    @Test func gutterWidensForLargeLineNumbers() {
        let text = String(repeating: "\n", count: 10_233) + "key: value\n"
        let diagnostic = Fixtures.diagnostic(
            "PT101", "unknown key 'key'", at: Fixtures.span("big.yaml", 10_234, 1, 10_234, 4, in: text),
            notes: [DiagnosticNote("first line", at: Fixtures.span("big.yaml", 1, 1, 1, 1, in: text))])
        let lines = render([diagnostic], sources: store("big.yaml", text)).split(separator: "\n")
        #expect(lines[1] == "   10234 | key: value")
        #expect(lines[2] == "         | ^^^")
        #expect(lines[4] == "       1 |")
    }

    @Test func multiLineSpanIsUnderlinedToTheEndOfItsFirstLine() {
        let text = "smtp: [ a,\n        b ]\n"
        let diagnostic = Fixtures.diagnostic(
            "PT102", "expected a mapping", at: Fixtures.span("m.yaml", 1, 7, 2, 12, in: text))
        let lines = render([diagnostic], sources: store("m.yaml", text)).split(separator: "\n")
        #expect(lines[1] == "   1 | smtp: [ a,")
        #expect(lines[2] == "     |       ^^^^")
    }

    @Test func spanlessNoteAndHelpFollowTheSnippet() {
        let output = render(Fixtures.diagnostics)
        #expect(output.contains("\n     |               ^^^^^^\n  note: defined servers are: edge-1, hub\n"))
        #expect(output.contains("\n     |     ^^^^^^^^\n  help: did you mean 'max_size'?\n"))
    }

    @Test func pathsUnderTheWorkingDirectoryAreRelative() {
        let options = { (directory: String) in
            RenderOptions(workingDirectory: directory, toolVersion: "0")
        }
        #expect(options("/srv/topology").displayPath("/srv/topology/a/b.yaml") == "a/b.yaml")
        #expect(options("/srv/topology/").displayPath("/srv/topology/a/b.yaml") == "a/b.yaml")
        #expect(options("/").displayPath("/a.yaml") == "a.yaml")
        #expect(options("/srv/topology").displayPath("/srv/topology-old/a.yaml") == "/srv/topology-old/a.yaml")
        #expect(options("/srv/topology").displayPath("/srv/topology") == "/srv/topology")
        #expect(options("/srv/topology").displayPath("../a.yaml") == "../a.yaml")
    }

    @Test(arguments: [
        ([String: String](), true, true),
        (["NO_COLOR": ""], true, true),
        (["NO_COLOR": "1"], true, false),
        ([:], false, false),
        (["NO_COLOR": ""], false, false),
        (["NO_COLOR": "1"], false, false),
    ])
    func colourOnlyOnATerminalWithoutNoColor(environment: [String: String], isTerminal: Bool, expected: Bool) {
        #expect(DiagnosticRenderer.shouldUseColour(environment: environment, isTerminal: isTerminal) == expected)
    }
}

@Suite("Caret placement")
struct SourceSnippetTests {
    @Test func plainSpan() {
        let snippet = SourceSnippet(line: "port: 25", startColumn: 7, endColumn: 9)
        #expect(snippet.text == "port: 25" && snippet.caretStart == 6 && snippet.caretCount == 2)
    }

    @Test func tabBeforeTheSpanIsFourSpaces() {
        let snippet = SourceSnippet(line: "a:\tbc", startColumn: 4, endColumn: 6)
        #expect(snippet.text == "a:    bc" && snippet.caretStart == 6 && snippet.caretCount == 2)
    }

    @Test func tabInsideTheSpanIsUnderlinedWhole() {
        let snippet = SourceSnippet(line: "a\tb", startColumn: 2, endColumn: 3)
        #expect(snippet.caretStart == 1 && snippet.caretCount == 4)
    }

    @Test func multiByteCharacterIsOneColumn() {
        let snippet = SourceSnippet(line: "name: Zürich, port: 1", startColumn: 21, endColumn: 22)
        #expect(snippet.caretStart == 20 && snippet.caretCount == 1)
    }

    @Test func wideCharactersTakeTwoColumns() {
        #expect(SourceSnippet(line: "📮 x", startColumn: 3, endColumn: 4).caretStart == 3)
        #expect(SourceSnippet(line: "東京: x", startColumn: 5, endColumn: 6).caretStart == 6)
        #expect(SourceSnippet(line: "e\u{301}: x", startColumn: 5, endColumn: 6).caretStart == 3)
    }

    @Test func emptySpanGetsOneCaret() {
        let snippet = SourceSnippet(line: "key: ", startColumn: 4, endColumn: 4)
        #expect(snippet.caretStart == 3 && snippet.caretCount == 1)
    }

    @Test func spanPastTheLineEndStopsThere() {
        let snippet = SourceSnippet(line: "key: value", startColumn: 6, endColumn: 40)
        #expect(snippet.caretStart == 5 && snippet.caretCount == 5)
    }

    @Test func spanAtTheLineEndGetsOneCaretAfterIt() {
        let snippet = SourceSnippet(line: "key:", startColumn: 5, endColumn: nil)
        #expect(snippet.caretStart == 4 && snippet.caretCount == 1)
    }

    @Test func spanContinuingOnTheNextLineRunsToTheEnd() {
        let snippet = SourceSnippet(line: "a: [ 1,", startColumn: 4, endColumn: nil)
        #expect(snippet.caretStart == 3 && snippet.caretCount == 4)
    }

    @Test func controlCharactersAreReplaced() {
        let snippet = SourceSnippet(line: "a\u{1B}[31m: b", startColumn: 9, endColumn: 10)
        #expect(snippet.text == "a\u{FFFD}[31m: b")
        #expect(snippet.caretStart == 8)
    }
}
