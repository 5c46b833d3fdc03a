import Foundation
import Testing

/// Byte-for-byte comparison of renderer output with the files in `Golden/`.
/// With PORTOLAN_UPDATE_GOLDEN=1 the files are written instead, so that a
/// change to the output is reviewed as a diff of them.
enum GoldenFile {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .appendingPathComponent("Golden")

    static var updating: Bool {
        ProcessInfo.processInfo.environment["PORTOLAN_UPDATE_GOLDEN"] == "1"
    }

    static func check(
        _ actual: String, matches name: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let url = directory.appendingPathComponent(name)
        if updating {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            return
        }
        let expected = String(decoding: try Data(contentsOf: url), as: UTF8.self)
        guard expected != actual else { return }
        Issue.record(Comment(rawValue: firstDifference(expected: expected, actual: actual, name: name)),
                     sourceLocation: sourceLocation)
    }

    private static func firstDifference(expected: String, actual: String, name: String) -> String {
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(expectedLines.count, actualLines.count) {
            let wanted = index < expectedLines.count ? String(expectedLines[index]) : "<end of file>"
            let got = index < actualLines.count ? String(actualLines[index]) : "<end of output>"
            if wanted != got {
                return "\(name) differs at line \(index + 1):\n  expected: \(wanted.debugDescription)\n"
                    + "  actual:   \(got.debugDescription)\n(PORTOLAN_UPDATE_GOLDEN=1 rewrites the golden files)"
            }
        }
        return "\(name) differs"
    }
}
