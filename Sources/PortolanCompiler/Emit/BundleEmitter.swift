import Foundation
import PortolanBundle
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
    public static func emit(_ bundles: [HostBundle], sourcesDigest: String, to out: String) throws(BundleError) -> EmitSummary {
        try makeDirectory(out)
        let previous = previousServers(in: out)
        var summary = EmitSummary()
        var entries: [Manifest.Entry] = []
        entries.reserveCapacity(bundles.count)
        // Added and changed bundles are written together at the end: one flush
        // of the file system for all of them rather than two fsyncs per bundle.
        var writes: [(path: String, bytes: [UInt8])] = []
        let sorted = bundles.sorted(by: { $0.server.name < $1.server.name })
        // Encoding and hashing, the compiler's part of writing, in two halves on two cores.
        let encoded = InHalves.map(sorted) { bundle -> Result<(bytes: [UInt8], sha256: String), BundleError> in
            do {
                let bytes = try BundleCodec.encode(bundle)
                return .success((bytes, BundleCodec.sha256(bytes)))
            } catch {
                return .failure(BundleError("cannot encode the bundle of \(bundle.server.name): \(error)"))
            }
        }
        for (bundle, result) in zip(sorted, encoded) {
            let name = bundle.server.name
            guard isSafeComponent(name) else { throw BundleError("server name '\(name)' cannot be used as a folder name") }
            let bytes: [UInt8]
            let sha256: String
            switch result {
            case .success(let made): (bytes, sha256) = made
            case .failure(let error): throw error
            }
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
        try AtomicFile.writeAll(writes)
        let current = Set(entries.map(\.server))
        for name in previous.sorted() where !current.contains(name) && isSafeComponent(name) {
            unlink(out + "/" + name + "/bundle.json")
            rmdir(out + "/" + name)
            summary.removed.append(name)
        }
        if !summary.removed.isEmpty || !summary.added.isEmpty { try AtomicFile.syncDirectory(out) }
        let manifest = Manifest(compiler: bundles.first?.compiler ?? "", sources: sourcesDigest, bundles: entries)
        let manifestBytes: [UInt8]
        do { manifestBytes = try BundleCodec.encode(manifest) } catch { throw BundleError("cannot encode the manifest: \(error)") }
        if existingBytes(out + "/manifest.json") != manifestBytes {
            try AtomicFile.write(manifestBytes, to: out + "/manifest.json")
        }
        return summary
    }

    /// Servers of the previous build: those in its manifest, and any folder that
    /// still holds a bundle.json (a build interrupted before its manifest).
    static func previousServers(in out: String) -> Set<String> {
        var names = Set<String>()
        if let bytes = existingBytes(out + "/manifest.json"),
           let manifest = try? JSONDecoder().decode(Manifest.self, from: Data(bytes)) {
            names.formUnion(manifest.bundles.map(\.server))
        }
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: out)) ?? []
        where FileManager.default.fileExists(atPath: out + "/" + entry + "/bundle.json") {
            names.insert(entry)
        }
        return names
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
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
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
