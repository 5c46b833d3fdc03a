import Foundation

/// The real `portolan` executable that the tests run.
///
/// It is the one SwiftPM builds next to the test bundle (every target that
/// runs it depends on the `portolan` target, so it is built first), or
/// `$PORTOLAN_BINARY` when set.
public enum PortolanBinary {
    public static var url: URL {
        if let path = ProcessInfo.processInfo.environment["PORTOLAN_BINARY"] { return URL(fileURLWithPath: path) }
        let runner = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = runner.deletingLastPathComponent()
        // On Linux the runner is `…/debug/PortolanPackageTests.xctest`; on macOS it
        // is inside the .xctest bundle: walk up to the folder that holds portolan.
        for _ in 0..<4 where !FileManager.default.fileExists(atPath: folder.appendingPathComponent("portolan").path) {
            folder = folder.deletingLastPathComponent()
        }
        return folder.appendingPathComponent("portolan")
    }
}
