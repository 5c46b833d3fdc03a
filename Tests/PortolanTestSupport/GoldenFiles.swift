import Foundation
import Testing

/// Byte-for-byte comparison of what a test produced with the files of a
/// golden folder. With PORTOLAN_UPDATE_GOLDEN=1 the golden files are written
/// instead, so that a change to the output is reviewed as their diff.
public struct GoldenFiles: Sendable {
    /// The golden folder.
    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// Whether this run rewrites golden files instead of comparing with them.
    public static var updating: Bool { ProcessInfo.processInfo.environment["PORTOLAN_UPDATE_GOLDEN"] == "1" }

    public static let hint = "\n(PORTOLAN_UPDATE_GOLDEN=1 rewrites the golden files)"

    /// Compares `actual` with the golden file `name` (a path under the folder).
    public func check(_ actual: String, matches name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        try check(folder: [name: Data(actual.utf8)], matches: nil, sourceLocation: sourceLocation)
    }

    /// Compares a folder of files with the golden folder `name`: the same
    /// file names, and each file byte for byte. With `name` nil, each file
    /// is compared with the one at its path under the golden folder.
    public func check(
        folder files: [String: Data], matches name: String?, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let base = name.map { directory.appendingPathComponent($0) } ?? directory
        if Self.updating {
            if name != nil { try? FileManager.default.removeItem(at: base) }
            for (path, data) in files {
                let url = base.appendingPathComponent(path)
                try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
                try data.write(to: url)
            }
            return
        }
        if let name {
            let expected = Set(Self.files(in: base))
            let missing = expected.subtracting(files.keys).sorted(), extra = Set(files.keys).subtracting(expected).sorted()
            #expect(missing.isEmpty && extra.isEmpty,
                    "\(name): golden files not written \(missing), files written with no golden file \(extra)\(Self.hint)",
                    sourceLocation: sourceLocation)
        }
        for (path, data) in files.sorted(by: { $0.key < $1.key }) {
            let label = name.map { "\($0)/\(path)" } ?? path
            guard let expected = FileManager.default.contents(atPath: base.appendingPathComponent(path).path) else {
                Issue.record("no golden file \(label)\(Self.hint)", sourceLocation: sourceLocation)
                continue
            }
            if expected != data {
                Issue.record(Comment(rawValue: Self.firstDifference(expected: expected, actual: data, name: label)),
                             sourceLocation: sourceLocation)
            }
        }
    }

    /// Every file below `folder`, as paths relative to it.
    public static func files(in folder: URL) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder.path) else { return [] }
        return walker.compactMap { $0 as? String }.filter { path in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: folder.appendingPathComponent(path).path, isDirectory: &isFolder)
                && !isFolder.boolValue
        }
    }

    /// The first line where `actual` differs from `expected`, both quoted.
    public static func firstDifference(expected: Data, actual: Data, name: String) -> String {
        let expectedLines = String(decoding: expected, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        let actualLines = String(decoding: actual, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false)
        for index in 0..<max(expectedLines.count, actualLines.count) {
            let wanted = index < expectedLines.count ? String(expectedLines[index]) : "<end of file>"
            let got = index < actualLines.count ? String(actualLines[index]) : "<end of output>"
            if wanted != got {
                return "\(name) differs at line \(index + 1):\n  expected: \(wanted.debugDescription)\n"
                    + "  actual:   \(got.debugDescription)\(hint)"
            }
        }
        return "\(name) differs\(hint)"
    }
}
