import Foundation
// The process runner and the binary's location are shared with the CLI tests;
// re-exported so that every file of this target sees `Tool` and `ToolError`.
@_exported import PortolanTestSupport

extension Tool {
    /// The folder of the Python clients, beside this harness.
    static let clientsFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Clients")
    /// The repository's root folder, for its examples.
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
}
