import Foundation
import PortolanDiagnostics

/// One input file as read from disk.
public struct SourceFile: Sendable {
    public var path: String
    public var bytes: [UInt8]
}

/// Turns the paths a user gave into the list of topology files: a file is taken
/// as it is; a directory contributes every `*.yaml` and `*.yml` below it, in
/// sorted path order. A file reached twice, under any spelling, is taken once.
/// Hidden entries (names starting with a dot) and symbolic links to directories
/// are skipped, so that `.git` and link loops are never walked.
public enum InputFiles {
    /// A path given that cannot be used, and why: a PT005 once the run's
    /// files are numbered.
    public struct Unusable: Sendable, Equatable {
        public var path: String
        public var message: String

        /// The PT005 at the start of the path, number `id` of the run.
        public func diagnostic(_ id: SourceFileID) -> Diagnostic { unreadable(id, message) }
    }

    /// The files named by `paths`, each once, and every path that cannot be used.
    public static func expand(_ paths: [String]) -> (files: [String], unusable: [Unusable]) {
        var files: [String] = []
        var seen = Set<FileIdentity>()
        var unusable: [Unusable] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                unusable.append(Unusable(path: path, message: "\(path) does not exist"))
                continue
            }
            let found = isDirectory.boolValue ? yamlFiles(under: path) : [path]
            if isDirectory.boolValue && found.isEmpty {
                unusable.append(Unusable(path: path, message: "the directory \(path) holds no *.yaml or *.yml file"))
            }
            for file in found where seen.insert(FileIdentity(file)).inserted {
                files.append(file)
            }
        }
        return (files, unusable)
    }

    /// Reads a file's bytes, refusing files over `limit` before reading them;
    /// a problem is reported at the run's file number `id`.
    public static func load(_ path: String, id: SourceFileID, limit: Int) -> Result<SourceFile, Diagnostic> {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            return .failure(unreadable(id, "\(path) cannot be read: \(String(cString: strerror(errno)))"))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            return .failure(unreadable(id, "\(path) cannot be read: \(String(cString: strerror(errno)))"))
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            return .failure(unreadable(id, "\(path) is not a regular file"))
        }
        let size = Int(info.st_size)
        guard size <= limit else {
            return .failure(Diagnostic(
                .fileUnreadable, "\(path) is \(size) bytes, over the limit of \(limit) bytes",
                at: .fileStart(id), help: "raise the limit with --max-file-size if the file is meant to be this large"))
        }
        var bytes = [UInt8](repeating: 0, count: size)
        var filled = 0
        while filled < size {
            let got = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, size - filled) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else {
                if got == 0 { break }
                return .failure(unreadable(id, "\(path) cannot be read: \(String(cString: strerror(errno)))"))
            }
            filled += got
        }
        if filled < size { bytes.removeLast(size - filled) }
        return .success(SourceFile(path: path, bytes: bytes))
    }

    /// What makes two paths the same file: the device and inode they lead to
    /// (so `a.yaml`, `./a.yaml` and a link to it are one file), or the path
    /// itself when it cannot be examined.
    enum FileIdentity: Hashable {
        case inode(device: UInt64, inode: UInt64)
        case path(String)

        init(_ path: String) {
            var info = stat()
            if stat(path, &info) == 0 {
                self = .inode(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
            } else {
                self = .path(path)
            }
        }
    }

    static func unreadable(_ id: SourceFileID, _ message: String) -> Diagnostic {
        Diagnostic(.fileUnreadable, message, at: .fileStart(id))
    }

    static func yamlFiles(under directory: String) -> [String] {
        var result: [String] = []
        var pending = [directory]
        while let folder = pending.popLast() {
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { continue }
            for name in names where !name.hasPrefix(".") {
                let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                switch info.st_mode & S_IFMT {
                case S_IFDIR: pending.append(path)
                case S_IFREG, S_IFLNK:
                    if name.hasSuffix(".yaml") || name.hasSuffix(".yml") { result.append(path) }
                default: break
                }
            }
        }
        return result.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }
}
