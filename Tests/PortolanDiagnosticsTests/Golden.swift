import Foundation
import PortolanTestSupport

/// What the renderers print, compared with the files in `Golden/`.
let golden = GoldenFiles(directory: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden"))
