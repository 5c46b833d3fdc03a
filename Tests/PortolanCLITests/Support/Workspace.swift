import Foundation
import PortolanTestSupport

/// A scratch folder in which a test runs `portolan` the way a user does: the
/// folder is the working directory and every path is relative, so that what
/// the command prints (file names, manifest digests, key ring paths) is the
/// same on every machine. The folder is removed with the workspace.
final class Workspace {
    let root: URL

    init() throws {
        let temporary = FileManager.default.temporaryDirectory.resolvingSymlinksInPath()
        root = temporary.appendingPathComponent("portolan-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: root) }

    func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    /// Runs `portolan ARGUMENTS...` here.
    @discardableResult
    func portolan(_ arguments: String..., input: String = "", timeout: TimeInterval = 60) throws -> Tool.Result {
        try portolan(arguments: arguments, input: input, timeout: timeout)
    }

    func portolan(arguments: [String], input: String = "", timeout: TimeInterval = 60) throws -> Tool.Result {
        try runPortolan(arguments, in: root, input: input, timeout: timeout)
    }

    /// `portolan build SOURCE --out OUT`.
    @discardableResult
    func build(_ source: String, out: String = "out") throws -> Tool.Result {
        try portolan("build", source, "--out", out)
    }

    /// Copies `examples/NAME` of the repository to `src/NAME` and returns that path.
    @discardableResult
    func copyExample(_ name: String) throws -> String {
        let path = "src/" + name
        try FileManager.default.createDirectory(at: url("src"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: Repository.examples.appendingPathComponent(name), to: url(path))
        return path
    }

    func write(_ text: String, to path: String) throws {
        try write(Data(text.utf8), to: path)
    }

    func write(_ data: Data, to path: String) throws {
        try FileManager.default.createDirectory(at: url(path).deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url(path))
    }

    func data(_ path: String) throws -> Data { try Data(contentsOf: url(path)) }

    func text(_ path: String) throws -> String { String(decoding: try data(path), as: UTF8.self) }

    func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: url(path).path) }

    func remove(_ path: String) throws { try FileManager.default.removeItem(at: url(path)) }

    /// Replaces the first `old` after `anchor` (or in the whole file) with `new`.
    /// An edit that finds nothing to replace throws: a test must never go on
    /// with a topology it did not change.
    func edit(_ path: String, after anchor: String? = nil, replacing old: String, with new: String) throws {
        let text = try self.text(path)
        var start = text.startIndex
        if let anchor {
            guard let found = text.range(of: anchor) else { throw ToolError("'\(anchor)' is not in \(path)") }
            start = found.upperBound
        }
        guard let range = text.range(of: old, range: start..<text.endIndex) else {
            throw ToolError("'\(old)' is not in \(path)\(anchor.map { " after '\($0)'" } ?? "")")
        }
        try write(text.replacingCharacters(in: range, with: new), to: path)
    }

    /// Every regular file under `path`, keyed by its path relative to `path`.
    func files(under path: String) throws -> [String: Data] {
        let base = url(path)
        var files: [String: Data] = [:]
        guard let walker = FileManager.default.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return files
        }
        for case let file as URL in walker where try file.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile == true {
            let relative = String(file.resolvingSymlinksInPath().path.dropFirst(base.resolvingSymlinksInPath().path.count + 1))
            files[relative] = try Data(contentsOf: file)
        }
        return files
    }

    /// When `path` was last modified.
    func modificationDate(_ path: String) throws -> Date? {
        try FileManager.default.attributesOfItem(atPath: url(path).path)[.modificationDate] as? Date
    }

    /// Backdates `path`, so that a later rewrite shows whatever the clock's resolution.
    func setModificationDate(_ date: Date, of path: String) throws {
        try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: url(path).path)
    }
}

/// Runs `portolan ARGUMENTS` in `directory`, with NO_COLOR set (standard
/// output is a pipe as well, so there is no colour twice over).
func runPortolan(_ arguments: [String], in directory: URL, input: String = "", timeout: TimeInterval = 60) throws -> Tool.Result {
    try Tool.run(
        executable: PortolanBinary.url, arguments, input: Data(input.utf8), environment: ["NO_COLOR": "1"], in: directory,
        timeout: timeout)
}

/// The repository itself: its examples, and `portolan` run at its root as a
/// user reads them (`portolan check examples/minimal`).
enum Repository {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let examples = root.appendingPathComponent("examples")

    static func portolan(_ arguments: String...) throws -> Tool.Result { try runPortolan(arguments, in: root) }

    /// Every example folder, except `broken/`, which holds topologies that
    /// are wrong on purpose.
    static var exampleNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: examples.path)) ?? []
        return names.filter { name in
            var isFolder: ObjCBool = false
            return name != "broken" && !name.hasPrefix(".")
                && FileManager.default.fileExists(atPath: examples.appendingPathComponent(name).path, isDirectory: &isFolder)
                && isFolder.boolValue
        }.sorted()
    }
}
