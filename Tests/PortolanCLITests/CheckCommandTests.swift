import Foundation
import Testing

/// `portolan check` end to end: the real binary, run in a scratch folder on
/// relative paths, judged by its exit code and by what it prints.
@Suite struct CheckCommandTests {
    @Test func aYAMLSyntaxErrorIsPT001AtLibyamlsMark() throws {
        let workspace = try Workspace()
        try workspace.write("portolan: 1\norganization: Acme: Corp\n", to: "syntax.yaml")
        let run = try workspace.portolan("check", "syntax.yaml")
        #expect(run.status == 1)
        #expect(run.output == """
            syntax.yaml:2:19: error[PT001]: mapping values are not allowed in this context
               2 | organization: Acme: Corp
                 |                   ^

            1 error, 0 warnings

            """)
    }

    @Test func aDuplicateKeyIsPT002WithANoteAtTheFirstKey() throws {
        let workspace = try Workspace()
        try workspace.write("""
            portolan: 1
            organization: Acme
            servers:
              mail: { host: mail.acme.example }
              mail: { host: mx.acme.example }

            """, to: "duplicate.yaml")
        let (run, report) = try workspace.checkJSON("duplicate.yaml")
        #expect(run.status == 1)
        #expect(report.places == ["PT002@duplicate.yaml:5:3"])
        #expect(report.diagnostics.first?.notes.map { "\($0.file):\($0.line):\($0.column)" } == ["duplicate.yaml:4:3"])
    }

    @Test func anAliasBombIsPT003AndReturnsQuickly() throws {
        let workspace = try Workspace()
        // Nine levels of ten aliases each: 10^9 nodes if it were expanded.
        var lines = ["portolan: 1", "l0: &l0 [" + Array(repeating: "\"lol\"", count: 10).joined(separator: ", ") + "]"]
        for level in 1...8 {
            lines.append("l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]")
        }
        try workspace.write(lines.joined(separator: "\n") + "\n", to: "bomb.yaml")
        let started = Date()
        let (run, report) = try workspace.checkJSON("bomb.yaml")
        #expect(Date().timeIntervalSince(started) < 10)
        #expect(run.status == 1)
        #expect(report.diagnostics.map(\.code) == ["PT003"])
        #expect(report.diagnostics.first?.file == "bomb.yaml")
    }

    @Test func nestingAHundredThousandDeepIsPT004AtTheFirstLevelTooDeep() throws {
        let workspace = try Workspace()
        try workspace.write(String(repeating: "[", count: 100_000) + "\n", to: "deep.yaml")
        let (run, report) = try workspace.checkJSON("deep.yaml")
        #expect(run.status == 1, "\(run.error)")
        #expect(report.places == ["PT004@deep.yaml:1:257"])
    }

    @Test func aBinaryFileIsPT005AndNothingCouldBeRead() throws {
        let workspace = try Workspace()
        var state: UInt32 = 0x2545_F491
        let noise = (0..<4096).map { _ -> UInt8 in
            state ^= state << 13
            state ^= state >> 17
            state ^= state << 5
            return UInt8(truncatingIfNeeded: state)
        }
        try workspace.write(Data([0xFF, 0x01] + noise), to: "binary.yaml")
        let (run, report) = try workspace.checkJSON("binary.yaml")
        #expect(run.status == 2)
        #expect(report.places == ["PT005@binary.yaml:1:1"])
        #expect(report.diagnostics.first?.message == "binary.yaml is not UTF-8: byte 0xFF at offset 0 is not valid UTF-8")
    }

    @Test func aMissingPathCannotBeReadAtAll() throws {
        let workspace = try Workspace()
        let run = try workspace.portolan("check", "missing.yaml")
        #expect(run.status == 2)
        #expect(run.output.hasPrefix("missing.yaml:1:1: error[PT005]: missing.yaml does not exist\n"), "\(run.output)")
    }

    @Test func aMissingPathBesideAReadableOneIsAnError() throws {
        let workspace = try Workspace()
        let minimal = try workspace.copyExample("minimal")
        let (run, report) = try workspace.checkJSON(minimal, "missing.yaml")
        #expect(run.status == 1)
        #expect(report.places == ["PT005@missing.yaml:1:1"])
    }

    @Test(arguments: [
        (["check", "topology.yaml", "--format", "xml"], "Error: The value 'xml' is invalid for '--format <format>'"),
        (["check"], "Error: Missing expected argument '<paths> ...'"),
        (["check", "topology.yaml", "--max-depth", "0"], "Error: Limits must be positive numbers."),
        (["chek", "topology.yaml"], "Error: unknown command 'chek'; did you mean 'check'?\nUSAGE: portolan <subcommand>"),
        (["bulid", "topology.yaml"], "Error: unknown command 'bulid'; did you mean 'build'?"),
        (["deploy", "topology.yaml"], "Error: unknown command 'deploy'\nUSAGE: portolan <subcommand>"),
    ])
    func aUsageErrorExitsWith2(arguments: [String], message: String) throws {
        let workspace = try Workspace()
        try workspace.write("portolan: 1\norganization: Acme\n", to: "topology.yaml")
        let run = try workspace.portolan(arguments: arguments)
        #expect(run.status == 2)
        #expect(run.output.isEmpty)
        #expect(run.error.hasPrefix(message), "\(run.error)")
    }

    @Test func warningsAsErrorsTurnsAWarningOnlyTopologyIntoExit1() throws {
        let workspace = try Workspace()
        let minimal = try workspace.copyExample("minimal")
        try workspace.edit(minimal + "/topology.yaml", replacing: "servers:", with: "groups:\n  nobody: []\n\nservers:")
        let relaxed = try workspace.portolan("check", minimal)
        #expect(relaxed.status == 0)
        #expect(relaxed.output.hasPrefix("src/minimal/topology.yaml:8:3: warning[PT502]: group nobody is never used"), "\(relaxed.output)")
        #expect(relaxed.output.hasSuffix("\n0 errors, 1 warning\n"))
        let strict = try workspace.portolan("check", minimal, "--warnings-as-errors")
        #expect(strict.status == 1)
        #expect(strict.output == relaxed.output)
    }

    /// One small broken topology in every output format, against golden files:
    /// text has no colour (standard output is a pipe, and NO_COLOR is set), and
    /// every path is relative to the working directory.
    @Test(arguments: [("text", "txt"), ("json", "json"), ("sarif", "json"), ("github", "txt")])
    func everyFormatMatchesItsGoldenFile(format: String, fileExtension: String) throws {
        let workspace = try Workspace()
        let broken = try workspace.writeBrokenTopology()
        let run = try workspace.portolan("check", broken, "--format", format)
        #expect(run.status == 1)
        #expect(run.error.isEmpty)
        #expect(!run.output.contains("\u{1B}["))
        #expect(!run.output.contains(workspace.root.path))
        try golden.check(run.output, matches: "check/\(format).\(fileExtension)")
    }
}
