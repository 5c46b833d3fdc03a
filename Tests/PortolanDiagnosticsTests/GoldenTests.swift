import PortolanDiagnostics
import Testing

@Suite("Golden output of every format")
struct GoldenTests {
    @Test(arguments: [
        (OutputFormat.text, false, "text.txt"),
        (.text, true, "text-colour.txt"),
        (.json, false, "json.json"),
        (.sarif, false, "sarif.json"),
        (.github, false, "github.txt"),
    ])
    func matchesGolden(format: OutputFormat, colour: Bool, file: String) throws {
        let output = DiagnosticRenderer.render(
            Fixtures.diagnostics, format: format, sources: Fixtures.sources, options: Fixtures.options(colour: colour))
        try golden.check(output, matches: file)
    }

    @Test(arguments: OutputFormat.allCases)
    func endsWithNewline(format: OutputFormat) {
        for diagnostics in [Fixtures.diagnostics, []] {
            let output = DiagnosticRenderer.render(
                diagnostics, format: format, sources: Fixtures.sources, options: Fixtures.options())
            #expect(output.hasSuffix("\n"))
            #expect(!output.hasSuffix("\n\n"))
        }
    }

    @Test(arguments: OutputFormat.allCases)
    func isDeterministic(format: OutputFormat) {
        let render = {
            DiagnosticRenderer.render(
                Fixtures.diagnostics, format: format, sources: Fixtures.sources, options: Fixtures.options())
        }
        #expect(render() == render())
    }
}
