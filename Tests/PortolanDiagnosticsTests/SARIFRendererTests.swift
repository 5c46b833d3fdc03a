import Foundation
@testable import PortolanDiagnostics
import Testing

@Suite("SARIF format")
struct SARIFRendererTests {
    private func parseRun(
        _ diagnostics: [Diagnostic] = Fixtures.diagnostics
    ) throws -> (log: [String: Any], run: [String: Any]) {
        let output = DiagnosticRenderer.render(
            diagnostics, format: .sarif, sources: Fixtures.sources, options: Fixtures.options())
        let log = try #require(JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: Any])
        let runs = try #require(log["runs"] as? [[String: Any]])
        #expect(runs.count == 1)
        return (log, try #require(runs.first))
    }

    private func results(_ run: [String: Any]) throws -> [[String: Any]] {
        try #require(run["results"] as? [[String: Any]])
    }

    private func rules(_ run: [String: Any]) throws -> [[String: Any]] {
        let tool = try #require(run["tool"] as? [String: Any])
        let driver = try #require(tool["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "portolan")
        #expect(driver["version"] as? String == "0.1.0")
        return try #require(driver["rules"] as? [[String: Any]])
    }

    @Test func logHeader() throws {
        let (log, run) = try parseRun()
        #expect(log["version"] as? String == "2.1.0")
        #expect(log["$schema"] as? String == "https://json.schemastore.org/sarif-2.1.0.json")
        #expect(run["columnKind"] as? String == "unicodeCodePoints")
    }

    @Test func oneRulePerCodeUsed() throws {
        let (_, run) = try parseRun()
        let ids = try rules(run).compactMap { $0["id"] as? String }
        #expect(ids == ["PT005", "PT101", "PT104", "PT202", "PT401", "PT502"])
        #expect(Set(ids).count == ids.count)
        for rule in try rules(run) {
            let code = DiagnosticCode(try #require(rule["id"] as? String))
            let entry = try #require(Catalogue.entry(for: code))
            #expect((rule["shortDescription"] as? [String: String])?["text"] == entry.title)
            #expect((rule["fullDescription"] as? [String: String])?["text"]?.isEmpty == false)
            #expect((rule["help"] as? [String: String])?["text"]?.isEmpty == false)
            #expect((rule["defaultConfiguration"] as? [String: String])?["level"] == entry.severity.rawValue)
            #expect((rule["name"] as? String)?.first?.isUppercase == true)
        }
    }

    @Test func ruleTextsComeFromTheCatalogue() throws {
        let (_, run) = try parseRun()
        let unreadable = try #require(rules(run).first { $0["id"] as? String == "PT005" })
        let full = try #require((unreadable["fullDescription"] as? [String: String])?["text"])
        let help = try #require((unreadable["help"] as? [String: String])?["text"])
        #expect(full.hasPrefix("The input could not be read") && !full.contains("\n"))
        #expect(help.hasPrefix(full) && help.hasSuffix("(save it as UTF-8)."))
        #expect(SARIFRule.upperCamelCase("outbound TCP port differs from the peer's inbound port")
            == "OutboundTCPPortDiffersFromThePeersInboundPort")
    }

    @Test func everyResultHasWhatCodeScanningRequires() throws {
        let (_, run) = try parseRun()
        let ruleIDs = try rules(run).compactMap { $0["id"] as? String }
        let results = try results(run)
        #expect(results.count == Fixtures.diagnostics.count)
        for (result, diagnostic) in zip(results, Fixtures.diagnostics) {
            let ruleID = try #require(result["ruleId"] as? String)
            #expect(ruleID == diagnostic.code.rawValue)
            #expect(result["ruleIndex"] as? Int == ruleIDs.firstIndex(of: ruleID))
            #expect(result["level"] as? String == diagnostic.severity.rawValue)
            let text = try #require((result["message"] as? [String: String])?["text"])
            #expect(text.hasPrefix(diagnostic.message))
            let locations = try #require(result["locations"] as? [[String: Any]])
            #expect(locations.count == 1)
            try checkPhysicalLocation(locations[0], span: diagnostic.span)
            let fingerprints = try #require(result["partialFingerprints"] as? [String: String])
            let fingerprint = try #require(fingerprints["portolan/v1"])
            #expect(fingerprint.count == 16 && fingerprint.allSatisfy(\.isHexDigit))
        }
    }

    private func checkPhysicalLocation(_ location: [String: Any], span: SourceSpan) throws {
        let physical = try #require(location["physicalLocation"] as? [String: Any])
        let uri = try #require((physical["artifactLocation"] as? [String: String])?["uri"])
        #expect(!uri.hasPrefix("/") && !uri.contains(" ") && !uri.contains("\\"))
        let region = try #require(physical["region"] as? [String: Int])
        let start = Fixtures.location(span.start, in: span.file)
        let end = Fixtures.location(span.end, in: span.file)
        #expect(region["startLine"] == start.line && region["startLine"].map { $0 >= 1 } == true)
        #expect(region["startColumn"] == start.column)
        #expect(region["endLine"] == end.line)
        #expect(region["endColumn"] == end.column)
    }

    @Test func notesBecomeRelatedLocations() throws {
        let (_, run) = try parseRun()
        let peer = try #require(results(run).first { $0["ruleId"] as? String == "PT401" })
        let related = try #require(peer["relatedLocations"] as? [[String: Any]])
        #expect(related.count == 1)
        #expect(related[0]["id"] as? Int == 1)
        #expect((related[0]["message"] as? [String: String])?["text"] == "'edge-1' listens on TCP port 26 here")
        let note = try #require(Fixtures.diagnostics.first { $0.code.rawValue == "PT401" }?.notes.first?.span)
        try checkPhysicalLocation(related[0], span: note)
        let physical = try #require(related[0]["physicalLocation"] as? [String: Any])
        #expect((physical["artifactLocation"] as? [String: String])?["uri"] == "servers/edge%20one.yaml")
    }

    @Test func spanlessNotesAndHelpGoIntoTheMessage() throws {
        let (_, run) = try parseRun()
        let messages = try results(run).compactMap { ($0["message"] as? [String: String])?["text"] }
        #expect(messages.contains("relay host 'edge-9' is not defined\n\nnote: defined servers are: edge-1, hub"))
        #expect(messages.contains("unknown key 'max_szie' in defaults.smtp\n\ndid you mean 'max_size'?"))
        let relay = try #require(results(run).first {
            ($0["message"] as? [String: String])?["text"]?.contains("edge-9") == true
        })
        #expect(relay["relatedLocations"] == nil)
    }

    @Test func fingerprintsAreStableAndDistinct() throws {
        #expect(SARIFRenderer.fnv1a64([]) == "cbf29ce484222325")
        #expect(SARIFRenderer.fnv1a64(["a"]) == "af63dc4c8601ec8c")
        let fingerprints = try results(parseRun().run).compactMap {
            ($0["partialFingerprints"] as? [String: String])?["portolan/v1"]
        }
        #expect(Set(fingerprints).count == fingerprints.count)
    }

    @Test func urisArePercentEncoded() {
        #expect(SARIFRenderer.percentEncoded("a b/ä#1%.yaml") == "a%20b/%C3%A4%231%25.yaml")
        let outside = Fixtures.diagnostic("PT005", "cannot read", at: .fileStart(Fixtures.file("/etc/portolan/x y.yaml")))
        let output = DiagnosticRenderer.render(
            [outside], format: .sarif, sources: SourceStore(files: Fixtures.table), options: Fixtures.options())
        #expect(output.contains("\"uri\": \"file:///etc/portolan/x%20y.yaml\""))
    }
}
