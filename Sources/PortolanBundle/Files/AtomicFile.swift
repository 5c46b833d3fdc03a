import Foundation
import PortolanScheduling

/// Writes a file so that a reader sees either the old bytes or all of the new
/// ones, even across a crash: write a temporary file beside it, fsync it, rename
/// it over the target, then fsync the folder so the rename itself is durable.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o644) throws(BundleError) {
        let temporary = temporaryPath(for: path)
        try writeTemporary(bytes, to: temporary, mode: mode, sync: true)
        guard rename(temporary, path) == 0 else {
            let error = failure("cannot rename into place", path)
            unlink(temporary)
            throw error
        }
        try syncDirectory(folderPath(of: path))
    }

    /// Writes many files, each atomically, with a handful of flushes in all
    /// instead of two per file: every temporary file is written beside its
    /// target, all of them are made durable at once, renamed into place, and the
    /// renames are made durable at once. A reader sees, for each file, either
    /// its old bytes or all of its new ones; when this returns, every file is on
    /// disk. On failure no temporary file is left behind; files already renamed
    /// stay renamed.
    ///
    /// On Linux, "at once" is `syncfs(2)` of each file system involved (it
    /// flushes data and metadata, and reports write-back errors); elsewhere each
    /// file and each folder is fsynced.
    public static func writeAll(
        _ files: [(path: String, bytes: [UInt8])], mode: mode_t = 0o644, scheduler: any StageScheduler = SerialScheduler()
    ) throws(BundleError) {
        guard !files.isEmpty else { return }
        let batchSync = FileSystemSync.available
        let temporaries = files.map { temporaryPath(for: $0.path) }
        func discard(from start: Int) { for temporary in temporaries[start...] { unlink(temporary) } }
        // Thousands of bundles are written in parts, as `scheduler` runs
        // them; renaming them into place stays in order below.
        let failures = scheduler.ranges(files.count) { range -> BundleError? in
            for index in range {
                do throws(BundleError) {
                    try writeTemporary(files[index].bytes, to: temporaries[index], mode: mode, sync: !batchSync)
                } catch {
                    return error
                }
            }
            return nil
        }
        if let error = failures.lazy.compactMap({ $0 }).first {
            discard(from: 0)
            throw error
        }
        var folders: [String] = []
        var seenFolders: Set<String> = []
        for file in files {
            let folder = folderPath(of: file.path)
            if seenFolders.insert(folder).inserted { folders.append(folder) }
        }
        if batchSync {
            do { try FileSystemSync.sync(folders) } catch {
                discard(from: 0)
                throw error
            }
        }
        for (index, file) in files.enumerated() where rename(temporaries[index], file.path) != 0 {
            let error = failure("cannot rename into place", file.path)
            discard(from: index)
            throw error
        }
        if batchSync {
            try FileSystemSync.sync(folders)
        } else {
            for folder in folders { try syncDirectory(folder) }
        }
    }

    static func folderPath(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func temporaryPath(for path: String) -> String {
        let folder = folderPath(of: path)
        let name = path.lastIndex(of: "/").map { String(path[path.index(after: $0)...]) } ?? path
        return folder + "/." + name + ".tmp-\(getpid())"
    }

    /// Creates `temporary` with `bytes`; fsyncs it when `sync` is true. Removes it on failure.
    static func writeTemporary(_ bytes: [UInt8], to temporary: String, mode: mode_t, sync: Bool) throws(BundleError) {
        let descriptor = open(temporary, O_CREAT | O_WRONLY | O_TRUNC | O_CLOEXEC, mode)
        guard descriptor >= 0 else { throw failure("cannot create", temporary) }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if result < 0 && errno == EINTR { continue }
            guard result > 0 else {
                let error = failure("cannot write", temporary)
                close(descriptor)
                unlink(temporary)
                throw error
            }
            written += result
        }
        if sync && fsync(descriptor) != 0 {
            let error = failure("cannot fsync", temporary)
            close(descriptor)
            unlink(temporary)
            throw error
        }
        guard close(descriptor) == 0 else {
            let error = failure("cannot close", temporary)
            unlink(temporary)
            throw error
        }
    }

    /// Makes renames and removals in `folder` durable.
    public static func syncDirectory(_ folder: String) throws(BundleError) {
        let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure("cannot open folder", folder) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw failure("cannot fsync folder", folder) }
    }

    static func failure(_ what: String, _ path: String) -> BundleError {
        BundleError("\(what) \(path): \(String(cString: strerror(errno)))")
    }
}

/// `syncfs(2)`: flushes one whole file system, data and metadata, and reports
/// write-back errors (Linux 5.8 and later). Looked up at run time, since the C
/// library module does not declare it; absent elsewhere.
enum FileSystemSync {
    #if os(Linux)
    private typealias Function = @convention(c) (Int32) -> Int32
    private static let function: Function? = {
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "syncfs") else { return nil }
        return unsafeBitCast(symbol, to: Function.self)
    }()
    #else
    private static let function: ((Int32) -> Int32)? = nil
    #endif

    static var available: Bool { function != nil }

    /// Flushes every file system that holds one of `folders`, once each.
    static func sync(_ folders: [String]) throws(BundleError) {
        guard let function else { return }
        var devices: Set<UInt64> = []
        for folder in folders {
            var status = stat()
            guard stat(folder, &status) == 0 else { throw AtomicFile.failure("cannot stat", folder) }
            guard devices.insert(UInt64(status.st_dev)).inserted else { continue }
            let descriptor = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            guard descriptor >= 0 else { throw AtomicFile.failure("cannot open folder", folder) }
            defer { close(descriptor) }
            guard function(descriptor) == 0 else { throw AtomicFile.failure("cannot sync the file system of", folder) }
        }
    }
}
