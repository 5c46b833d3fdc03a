import Foundation
import PortolanBundle
import PortolanScheduling
import PortolanYAML

/// What a build did to the output folder.
public struct EmitSummary: Sendable, Hashable {
    public var added: [String] = []
    public var changed: [String] = []
    public var unchanged: [String] = []
    public var removed: [String] = []

    public init() {}

    /// `12 bundles: 1 added, 2 changed, 9 unchanged, 0 removed`
    public var line: String {
        let total = added.count + changed.count + unchanged.count
        return "\(total) bundle\(total == 1 ? "" : "s"): \(added.count) added, \(changed.count) changed, "
            + "\(unchanged.count) unchanged, \(removed.count) removed"
    }
}

/// Writes a build's bundles and manifest into an output folder: each bundle
/// atomically, an unchanged bundle not at all (its mtime stays), and the bundles
/// of servers that left the topology removed. Only files this emitter owns
/// (`<server>/bundle.json` listed in the previous manifest, and `manifest.json`)
/// are ever removed or replaced.
public enum BundleEmitter {
    /// `scheduler` runs the encoding, hashing and writing of the bundles in parts.
    public static func emit(
        _ bundles: [HostBundle], inputs: BuildInputs, to out: String, scheduler: any StageScheduler = SerialScheduler()
    ) throws(BundleError) -> EmitSummary {
        try makeDirectory(out)
        let previous = PreviousBuild.servers(in: out)
        var summary = EmitSummary()
        var entries: [Manifest.Entry] = []
        entries.reserveCapacity(bundles.count)
        // Added and changed bundles are written together at the end: one flush
        // of the file system for all of them rather than two fsyncs per bundle.
        var writes: [(path: String, bytes: [UInt8])] = []
        let sorted = bundles.sorted(by: { $0.server.name < $1.server.name })
        let encoded = scheduler.map(sorted) { bundle in
            let bytes = BundleCodec.encode(bundle)
            return (bytes: bytes, sha256: BundleCodec.sha256(bytes))
        }
        for (bundle, result) in zip(sorted, encoded) {
            let name = bundle.server.name
            guard isSafeComponent(name) else { throw BundleError("server name '\(name)' cannot be used as a folder name") }
            let (bytes, sha256) = result
            let path = out + "/" + name + "/bundle.json"
            entries.append(Manifest.Entry(server: name, path: name + "/bundle.json", sha256: sha256))
            switch existingBytes(path) {
            case bytes?: summary.unchanged.append(name)
            case nil:
                try makeDirectory(out + "/" + name)
                writes.append((path, bytes))
                summary.added.append(name)
            default:
                writes.append((path, bytes))
                summary.changed.append(name)
            }
        }
        try AtomicFile.writeAll(writes, scheduler: scheduler)
        let current = Set(entries.map(\.server))
        for name in previous.sorted() where !current.contains(name) && isSafeComponent(name) {
            unlink(out + "/" + name + "/bundle.json")
            rmdir(out + "/" + name)
            summary.removed.append(name)
        }
        if !summary.removed.isEmpty || !summary.added.isEmpty { try AtomicFile.syncDirectory(out) }
        let manifestBytes = manifest(inputs, entries)
        if existingBytes(out + "/manifest.json") != manifestBytes {
            try AtomicFile.write(manifestBytes, to: out + "/manifest.json")
        }
        return summary
    }

    /// What `emit` would report for bundles lowered from `inputs`, when it can
    /// be known without lowering them because the build would change nothing:
    /// `out/manifest.json` is, byte for byte, the manifest such a build writes
    /// for the bundles in `out`. So its `inputs` are these, it lists every
    /// `<server>/bundle.json` in the folder and no other, and each bundle's
    /// bytes still have the SHA-256 it lists (every bundle is read and hashed,
    /// on every core). Nil when any of that does not hold; nothing is written.
    public static func unchangedBuild(
        inputs: BuildInputs, in out: String, scheduler: any StageScheduler = SerialScheduler()
    ) -> EmitSummary? {
        // Most builds that change something change the sources: the manifest
        // of another build does not hold this digest, and no bundle is read.
        guard let manifestBytes = existingBytes(out + "/manifest.json"), contains(manifestBytes, inputs.digest),
              let names = names(in: out)
        else { return nil }
        let servers = names.filter(isSafeComponent).sorted()
        let digests = bundleDigests(in: out, servers: servers, scheduler: scheduler)
        let entries = zip(servers, digests).compactMap { server, sha256 in
            sha256.map { Manifest.Entry(server: server, path: server + "/bundle.json", sha256: $0) }
        }
        guard manifest(inputs, entries) == manifestBytes else { return nil }
        var summary = EmitSummary()
        summary.unchanged = entries.map(\.server)
        return summary
    }

    /// The bytes of the manifest of a build from `inputs` that wrote `entries`.
    static func manifest(_ inputs: BuildInputs, _ entries: [Manifest.Entry]) -> [UInt8] {
        BundleCodec.encode(Manifest(compiler: inputs.compiler, sources: inputs.sources, inputs: inputs.digest, bundles: entries))
    }

    static func contains(_ bytes: [UInt8], _ text: String) -> Bool {
        let needle = Array(text.utf8)
        guard let first = needle.first else { return true }
        return bytes.withUnsafeBytes { haystack in
            guard let base = haystack.baseAddress else { return false }
            var start = 0
            while haystack.count - start >= needle.count {
                guard let found = memchr(base + start, Int32(first), haystack.count - start - needle.count + 1) else { return false }
                if memcmp(found, needle, needle.count) == 0 { return true }
                start = UnsafeRawPointer(found) - base + 1
            }
            return false
        }
    }

    /// The names in the folder at `path`, nil when it cannot be read.
    static func names(in path: String) -> [String]? {
        guard let folder = opendir(path) else { return nil }
        defer { closedir(folder) }
        var names: [String] = []
        while let entry = readdir(folder) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// The SHA-256 of each `out/<server>/bundle.json`, nil where there is no
    /// such regular file. Thousands of bundles are read in parts, each part
    /// through one buffer of its own.
    static func bundleDigests(in out: String, servers: [String], scheduler: any StageScheduler) -> [String?] {
        let folder = open(out, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else { return [String?](repeating: nil, count: servers.count) }
        defer { close(folder) }
        return scheduler.ranges(servers.count) { range in
            var bytes = [UInt8](repeating: 0, count: 64 * 1024)
            return servers[range].map { server -> String? in
                guard let count = readFile(server + "/bundle.json", in: folder, into: &bytes) else { return nil }
                return bytes.withUnsafeBytes { BundleCodec.sha256(UnsafeRawBufferPointer(rebasing: $0[..<count])) }
            }
        }.flatMap { $0 }
    }

    /// Reads the regular file at `path`, relative to the open folder `folder`,
    /// into the start of `buffer`, which grows when the file does not fit; the
    /// file's length, nil when there is none or it cannot be read. A read that
    /// returns less than it asked for is taken as the end of the file, as it is
    /// for a regular file on Linux; were it not, the digest would not match and
    /// the build would lower its bundles, which is never wrong.
    static func readFile(_ path: String, in folder: Int32, into buffer: inout [UInt8]) -> Int? {
        let descriptor = openat(folder, path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        if buffer.count <= Int(status.st_size) { buffer = [UInt8](repeating: 0, count: Int(status.st_size) + 1) }
        var filled = 0
        while true {
            if filled == buffer.count { buffer.append(contentsOf: [UInt8](repeating: 0, count: buffer.count)) }
            let asked = buffer.count - filled
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, asked) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return nil }
            filled += count
            if count < asked { return filled }
        }
    }

    /// A name that is one path component: no separators, not `.` or `..`, not hidden.
    static func isSafeComponent(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && !name.contains("/") && !name.contains("\0")
    }

    /// The bytes of the file at `path`, nil when there is none (or it cannot be read).
    static func existingBytes(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        // One byte more than its size, so that the end is seen without growing.
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size) + 1)
        var filled = 0
        while true {
            if filled == bytes.count { bytes.append(contentsOf: [UInt8](repeating: 0, count: 4096)) }
            let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { break }
            filled += count
        }
        bytes.removeSubrange(filled...)
        return bytes
    }

    static func makeDirectory(_ path: String) throws(BundleError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw BundleError("cannot create the folder \(path): \((error as NSError).localizedDescription)")
        }
    }
}
