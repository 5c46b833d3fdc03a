import Foundation
import PortolanTestSupport

/// `portolan check` as the tests run it.
enum Portolan {
    /// `portolan check FILE` (text format) under the given time bound.
    static func check(_ path: String, timeout: TimeInterval = 60, extra: [String] = []) throws -> ChildProcess.Outcome {
        try ChildProcess.run(PortolanBinary.url.path, ["check", path] + extra, timeout: timeout)
    }

    /// The repository's root, to find the examples.
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
}
