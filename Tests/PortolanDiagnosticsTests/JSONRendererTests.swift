import Foundation
import PortolanDiagnostics
import Testing

@Suite("JSON format")
struct JSONRendererTests {
    private func parse(_ diagnostics: [Diagnostic]) throws -> [String: Any] {
        let output = DiagnosticRenderer.render(
            diagnostics, format: .json, sources: Fixtures.sources, options: Fixtures.options())
        return try #require(JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
    }

    private func entries(_ document: [String: Any]) throws -> [[String: Any]] {
        try #require(document["diagnostics"] as? [[String: Any]])
    }

    @Test func everyFieldOfEveryDiagnostic() throws {
        let entries = try entries(parse(Fixtures.diagnostics))
        #expect(entries.count == Fixtures.diagnostics.count)
        for (entry, diagnostic) in zip(entries, Fixtures.diagnostics) {
            #expect(entry["code"] as? String == diagnostic.code.rawValue)
            #expect(entry["severity"] as? String == diagnostic.severity.rawValue)
            #expect(entry["message"] as? String == diagnostic.message)
            let start = Fixtures.location(diagnostic.span.start, in: diagnostic.span.file)
            let end = Fixtures.location(diagnostic.span.end, in: diagnostic.span.file)
            #expect(entry["line"] as? Int == start.line)
            #expect(entry["column"] as? Int == start.column)
            #expect(entry["end_line"] as? Int == end.line)
            #expect(entry["end_column"] as? Int == end.column)
            #expect((entry["notes"] as? [Any])?.count == diagnostic.notes.count)
            if let help = diagnostic.help {
                #expect(entry["help"] as? String == help)
            } else {
                #expect(entry["help"] is NSNull)
            }
        }
    }

    @Test func columnsCountUnicodeScalars() throws {
        let entries = try entries(parse(Fixtures.diagnostics))
        let port = try #require(entries.first { $0["code"] as? String == "PT104" })
        #expect(port["file"] as? String == "servers/hub.yaml")
        #expect(port["line"] as? Int == 5)
        #expect(port["column"] as? Int == 39)
        #expect(port["end_column"] as? Int == 44)
        let site = try #require(entries.first { ($0["message"] as? String)?.contains("smtp-main") == true })
        #expect(site["column"] as? Int == 28)
        let relay = try #require(entries.first { ($0["message"] as? String)?.contains("edge-9") == true })
        #expect(relay["column"] as? Int == 12)
        #expect(relay["end_column"] as? Int == 18)
    }

    @Test func notesWithAndWithoutSpan() throws {
        let entries = try entries(parse(Fixtures.diagnostics))
        let peer = try #require(entries.first { $0["code"] as? String == "PT401" })
        let note = try #require((peer["notes"] as? [[String: Any]])?.first)
        #expect(note["message"] as? String == "'edge-1' listens on TCP port 26 here")
        #expect(note["file"] as? String == "servers/edge one.yaml")
        #expect(note["line"] as? Int == 5)
        #expect(note["column"] as? Int == 20)

        let relay = try #require(entries.first { ($0["message"] as? String)?.contains("edge-9") == true })
        let spanless = try #require((relay["notes"] as? [[String: Any]])?.first)
        #expect(spanless["message"] as? String == "defined servers are: edge-1, hub")
        #expect(spanless["file"] is NSNull)
        #expect(spanless["line"] is NSNull)
        #expect(spanless["column"] is NSNull)
    }

    @Test func summary() throws {
        let summary = try #require(parse(Fixtures.diagnostics)["summary"] as? [String: Any])
        #expect(summary["errors"] as? Int == 6)
        #expect(summary["warnings"] as? Int == 1)
        let empty = try parse([])
        #expect((empty["diagnostics"] as? [Any])?.isEmpty == true)
        #expect((empty["summary"] as? [String: Int]) == ["errors": 0, "warnings": 0])
    }

    @Test func slashesAreNotEscaped() {
        let output = DiagnosticRenderer.render(
            Fixtures.diagnostics, format: .json, sources: Fixtures.sources, options: Fixtures.options())
        #expect(output.contains("\"servers/hub.yaml\""))
        #expect(!output.contains("\\/"))
    }

    @Test func awkwardTextSurvivesARoundTrip() throws {
        let message = "quote \" backslash \\ slash / tab \t newline \n bell \u{7} ä 📮"
        let diagnostic = Fixtures.diagnostic("PT101", message, at: .fileStart(Fixtures.file("a.yaml")), help: "\u{0}")
        let entry = try #require(entries(parse([diagnostic])).first)
        #expect(entry["message"] as? String == message)
        #expect(entry["help"] as? String == "\u{0}")
    }
}
