import Foundation
import Testing

/// `portolan explain`: the list of codes, and a long explanation for each.
@Suite struct ExplainCommandTests {
    /// `PT401  error    outbound TCP port differs ...`: code, severity, title.
    static func catalogue(in workspace: Workspace) throws -> [(code: String, severity: String, title: String)] {
        let run = try workspace.portolan("explain")
        try #require(run.status == 0)
        return try run.output.split(separator: "\n").map { line in
            let entry = try #require(line.wholeMatch(of: /(PT[0-9]{3}) +(error|warning) +(\S.*)/), "not a catalogue line: \(line)")
            return (String(entry.1), String(entry.2), String(entry.3))
        }
    }

    @Test func theListHasEveryFamilyOfCodes() throws {
        let codes = try Self.catalogue(in: try Workspace()).map(\.code)
        #expect(codes.allSatisfy { $0.wholeMatch(of: /PT[0-5][0-9]{2}/) != nil }, "\(codes)")
        #expect(codes == codes.sorted())
        #expect(Set(codes).count == codes.count)
        for code in ["PT001", "PT101", "PT201", "PT301", "PT401", "PT411", "PT503"] {
            #expect(codes.contains(code), "\(code) is not listed")
        }
    }

    @Test func everyCodeHasAnExplanation() throws {
        let workspace = try Workspace()
        let catalogue = try Self.catalogue(in: workspace)
        for entry in catalogue {
            let run = try workspace.portolan("explain", entry.code)
            #expect(run.status == 0, "\(entry.code): \(run.error)")
            let heading = "\(entry.code) (\(entry.severity)): \(entry.title)\n\n"
            #expect(run.output.hasPrefix(heading), "\(entry.code): \(run.output.prefix(200))")
            let explanation = run.output.dropFirst(heading.count).trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(explanation.count > 80, "\(entry.code) has no real explanation: \(explanation)")
        }
    }

    @Test func aCodeIsFoundWhateverItsCase() throws {
        let workspace = try Workspace()
        let lower = try workspace.portolan("explain", "pt401")
        #expect(lower.status == 0)
        #expect(lower.output == (try workspace.portolan("explain", "PT401")).output)
    }

    @Test func anUnknownCodeExitsWith2() throws {
        let run = try (try Workspace()).portolan("explain", "PT999")
        #expect(run.status == 2)
        #expect(run.output.isEmpty)
        #expect(run.error.hasPrefix("Error: Unknown code 'PT999'. Run 'portolan explain' for the list of codes.\n"), "\(run.error)")
    }
}
