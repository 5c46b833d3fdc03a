import Foundation
import PortolanTestSupport

/// What `portolan check --format json` printed, decoded: the diagnostics a
/// test asserts on by code and position.
struct CheckReport: Decodable {
    struct Note: Decodable {
        var message: String
        var file: String
        var line: Int
        var column: Int
    }

    struct Item: Decodable {
        var code: String
        var severity: String
        var message: String
        var file: String
        var line: Int
        var column: Int
        var notes: [Note]

        /// `PT401@file:9:22`, the way a failing expectation shows it.
        var place: String { "\(code)@\(file):\(line):\(column)" }
    }

    struct Summary: Decodable {
        var errors: Int
        var warnings: Int
    }

    var diagnostics: [Item]
    var summary: Summary

    var places: [String] { diagnostics.map(\.place) }
}

extension Workspace {
    /// `portolan check PATHS... --format json`: the run and its decoded report.
    func checkJSON(_ paths: String...) throws -> (run: Tool.Result, report: CheckReport) {
        let run = try portolan(arguments: ["check"] + paths + ["--format", "json"])
        do {
            return (run, try JSONDecoder().decode(CheckReport.self, from: run.outputData))
        } catch {
            throw ToolError("check did not print a JSON report (\(error)): \(run.output) \(run.error)")
        }
    }
}
