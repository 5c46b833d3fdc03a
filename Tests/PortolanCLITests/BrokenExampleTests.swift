import Foundation
import Testing

/// `examples/broken/`: a folder per diagnostic code, each a topology that is
/// wrong on purpose and a file `expected` with every diagnostic that
/// `portolan check examples/broken/CODE` prints, one `CODE FILE:LINE:COLUMN`
/// a line, FILE relative to the folder.
@Suite struct BrokenExampleTests {
    @Test func thereIsAFolderForEveryCodeOfTheCatalogue() throws {
        let catalogue = try ExplainCommandTests.catalogue(in: try Workspace()).map(\.code)
        let folders = Repository.brokenExampleNames
        let missing = Set(catalogue).subtracting(folders).sorted()
        let extra = Set(folders).subtracting(catalogue).sorted()
        #expect(missing.isEmpty, "no folder in examples/broken for \(missing)")
        #expect(extra.isEmpty, "folders in examples/broken that are no code of the catalogue: \(extra)")
        #expect(folders.count == catalogue.count)
    }

    @Test(arguments: Repository.brokenExampleNames)
    func checkPrintsExactlyWhatIsExpected(code: String) throws {
        let folder = Repository.brokenExamples.appendingPathComponent(code)
        let expected = try Self.expectedLines(in: folder)
        #expect(expected.contains { $0.hasPrefix(code + " ") }, "\(code)/expected does not list \(code)")
        for line in expected {
            let match = try #require(line.wholeMatch(of: /PT[0-9]{3} (.+):[0-9]+:[0-9]+/), "not a diagnostic line: \(line)")
            let file = String(match.1)
            #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path),
                    "\(code)/expected names \(file), which is not in the folder")
        }

        let run = try Repository.portolan("check", "examples/broken/" + code, "--format", "json")
        let report: CheckReport
        do {
            report = try JSONDecoder().decode(CheckReport.self, from: run.outputData)
        } catch {
            Issue.record("check did not print a JSON report (\(error)): \(run.output) \(run.error)")
            return
        }
        let printed = report.diagnostics.map { item in
            "\(item.code) \(Self.relative(item.file, to: code)):\(item.line):\(item.column)"
        }
        #expect(printed == expected)
        #expect(printed.contains { $0.hasPrefix(code + " ") }, "check does not report \(code): \(printed)")
        #expect(run.status == Self.exitStatus(for: report), "\(run.output)")
        #expect(run.error.isEmpty)
    }

    /// The lines of `expected`, without blank lines and surrounding spaces.
    static func expectedLines(in folder: URL) throws -> [String] {
        let text = try String(contentsOf: folder.appendingPathComponent("expected"), encoding: .utf8)
        return text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }
    }

    /// A path of the report relative to the folder of `code`. The report gives
    /// paths as they were found from the argument (`examples/broken/PT401/topology.yaml`);
    /// an absolute path under the repository is accepted too.
    static func relative(_ file: String, to code: String) -> String {
        let prefixes = [
            "examples/broken/\(code)/", "./examples/broken/\(code)/",
            Repository.brokenExamples.appendingPathComponent(code).path + "/",
        ]
        for prefix in prefixes where file.hasPrefix(prefix) {
            return String(file.dropFirst(prefix.count))
        }
        return file
    }

    /// RULES.md's exit codes: 2 when no input could be read at all (every
    /// diagnostic is PT005, the file is not UTF-8 or cannot be opened), 1 for
    /// errors, 0 when there are only warnings.
    static func exitStatus(for report: CheckReport) -> Int32 {
        let codes = report.diagnostics.map(\.code)
        if !codes.isEmpty && codes.allSatisfy({ $0 == "PT005" }) { return 2 }
        return report.diagnostics.contains(where: { $0.severity == "error" }) ? 1 : 0
    }
}

extension Repository {
    static let brokenExamples = examples.appendingPathComponent("broken")

    /// Every folder under `examples/broken`, each named by the code it shows.
    static var brokenExampleNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: brokenExamples.path)) ?? []
        return names.filter { name in
            var isFolder: ObjCBool = false
            return !name.hasPrefix(".")
                && FileManager.default.fileExists(atPath: brokenExamples.appendingPathComponent(name).path, isDirectory: &isFolder)
                && isFolder.boolValue
        }.sorted()
    }
}
