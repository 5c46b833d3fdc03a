import Foundation
import Testing

/// Inputs large enough to be read, decoded and checked in two halves on two
/// cores (1,024 servers, users or files and more): every problem of either
/// half is reported at its place, in the same order as from one thread, and
/// names defined in both halves are still found defined twice.
@Suite struct LargeInputTests {
    static let servers = 2_000

    /// Servers `s0` … `s1999`, one per line, behind `commentLines` comment
    /// lines of 10,000 bytes; server `index` gets `odd(index)` in place of its
    /// usual settings. With 60 comment lines the file is over 512 KiB, and is
    /// read in two halves too, cut among the servers.
    static func topology(odd: [Int: String], commentLines: Int = 0) -> String {
        var lines = ["portolan: 1", "organization: Acme"]
        lines += Array(repeating: "# " + String(repeating: "x", count: 10_000), count: commentLines)
        lines.append("servers:")
        for index in 0..<servers {
            lines.append("  s\(index): " + (odd[index] ?? "{ host: s\(index).acme.example }"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test(arguments: [0, 60])
    func problemsInBothHalvesOfOneFileAreReportedInOrder(commentLines: Int) throws {
        let workspace = try Workspace()
        try workspace.write(Self.topology(odd: [
            3: "{ host: s3.acme.example, smtp: { inbound: { tcp: { port: 70000 } } } }",
            1_998: "{ host: s1998.acme.example, hots: x }",
            1_999: "{ host: s1.acme.example }",
        ], commentLines: commentLines), to: "estate.yaml")
        let (run, report) = try workspace.checkJSON("estate.yaml")
        #expect(run.status == 1)
        // Server N is on line N + 4 + commentLines.
        let line = { (server: Int) in server + 4 + commentLines }
        #expect(report.places == ["PT104@estate.yaml:\(line(3)):64", "PT101@estate.yaml:\(line(1_998)):38", "PT203@estate.yaml:\(line(1_999)):18"])
        #expect(report.diagnostics.last?.notes.map { "\($0.file):\($0.line):\($0.column)" } == ["estate.yaml:\(line(1)):15"])
    }

    @Test func aNameInBothHalvesOfAFileIsADuplicateKey() throws {
        let workspace = try Workspace()
        try workspace.write(
            Self.topology(odd: [1_990: "{ host: s1990.acme.example }\n  s5: { host: again.acme.example }"], commentLines: 60),
            to: "estate.yaml")
        let (run, report) = try workspace.checkJSON("estate.yaml")
        #expect(run.status == 1)
        #expect(report.places == ["PT002@estate.yaml:2055:3"])
        #expect(report.diagnostics.first?.notes.map { "\($0.file):\($0.line):\($0.column)" } == ["estate.yaml:69:3"])
    }

    @Test func problemsInBothHalvesOfADirectoryAreReportedInPathOrder() throws {
        let workspace = try Workspace()
        try workspace.write("portolan: 1\norganization: Acme\n", to: "estate/0000-header.yaml")
        for index in 0..<1_500 {
            var server = "s\(index): { host: s\(index).acme.example }"
            if index == 2 { server = "s2: { host: s2.acme.example, smtp: { listener: maybe } }" }
            // Defined again far into the second half: PT201 there, the note in the first half.
            if index == 1_400 { server = "s7: { host: s1400.acme.example }" }
            try workspace.write("portolan: 1\nservers:\n  \(server)\n", to: "estate/s\(String(format: "%04d", index)).yaml")
        }
        let (run, report) = try workspace.checkJSON("estate")
        #expect(run.status == 1)
        #expect(report.places == ["PT102@estate/s0002.yaml:3:50", "PT201@estate/s1400.yaml:3:3"])
        #expect(report.diagnostics.last?.notes.map { "\($0.file):\($0.line):\($0.column)" } == ["estate/s0007.yaml:3:3"])
    }
}
