import Foundation
import PortolanTestSupport

/// What the command line printed or wrote, compared with the files under `Golden/`.
let golden = GoldenFiles(
    directory: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Golden"))
