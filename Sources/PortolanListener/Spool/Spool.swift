import Foundation
import PortolanBundle
import NIOCore

/// Why a message could not be spooled.
public struct SpoolError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

/// The on-disk queue, Maildir style: `tmp/`, `new/`, `cur/`, and `meta/`
/// for the envelopes (JSON), kept apart so that Maildir readers only ever
/// see messages.
///
/// Invariant: when `store` returns, the message and its envelope are under
/// their final names, the envelope first; on a disk they are synced, and so
/// are the folders, so an acknowledged message survives `kill -9` or a power
/// cut. On a memory file system (tmpfs, ramfs) fsync does nothing and
/// nothing survives a power cut: `store` does not sync there (`syncs` is
/// false), and it never waits for a disk either. Where it syncs it blocks:
/// call it off the event loop.
public final class Spool: Sendable {
    public let directory: URL
    /// False on a memory file system.
    public let syncs: Bool
    /// The folders, opened once: files are created, renamed and synced
    /// through them, with no path to look up for every message.
    private let tmp: Int32
    private let new: Int32
    private let meta: Int32

    public init(directory: String) throws(SpoolError) {
        self.directory = URL(fileURLWithPath: directory, isDirectory: true)
        for folder in ["tmp", "new", "cur", "meta"] {
            do {
                try FileManager.default.createDirectory(
                    at: self.directory.appendingPathComponent(folder), withIntermediateDirectories: true)
            } catch {
                throw SpoolError(description: "cannot create spool folder \(folder) in \(directory): \(error.localizedDescription)")
            }
        }
        let path = self.directory.path
        tmp = open(path + "/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        new = open(path + "/new", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        meta = open(path + "/meta", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        syncs = tmp < 0 || !Self.isInMemory(tmp)
        guard tmp >= 0, new >= 0, meta >= 0 else {
            throw SpoolError(description: "cannot open the spool folders in \(directory): \(String(cString: strerror(errno)))")
        }
    }

    deinit {
        for descriptor in [tmp, new, meta] where descriptor >= 0 { close(descriptor) }
    }

    /// The envelope file's content.
    public struct Metadata: Codable, Equatable, Sendable {
        public var id: String
        public var envelope: Envelope
        public var received: String
        /// Message bytes as spooled, the Received header included.
        public var size: Int
    }

    /// Writes the message with its Received header and its envelope; returns the id.
    public func store(envelope: Envelope, message: ByteBuffer, date: Date) throws(SpoolError) -> String {
        let id = Self.uniqueID(date: date)
        var header = ReceivedHeader.render(envelope: envelope, id: id, date: date)
        let size = header.utf8.count + message.readableBytes
        let metadata = Metadata(id: id, envelope: envelope, received: ReceivedHeader.rfc5322Date(date), size: size)
        // The bytes of JSONEncoder with sorted keys and pretty printing, and a newline.
        guard let json = try? BundleCodec.encode(metadata) else { throw SpoolError(description: "cannot encode the envelope") }

        try create(id) { descriptor in
            header.withUTF8 { Self.write(UnsafeRawBufferPointer($0), to: descriptor) }
                && message.withUnsafeReadableBytes { Self.write($0, to: descriptor) }
        }
        try create(id + ".json") { descriptor in json.withUnsafeBytes { Self.write($0, to: descriptor) } }
        try rename(id + ".json", to: meta, "meta")
        try rename(id, to: new, "new")
        return id
    }

    /// `<seconds>.<16 hex digits>`: sorts by time, never collides in practice,
    /// and is safe in a file name and in a reply.
    static func uniqueID(date: Date) -> String {
        let random = UInt64.random(in: .min ... .max)
        let hex = String(random, radix: 16)
        return "\(Int(date.timeIntervalSince1970)).\(String(repeating: "0", count: 16 - hex.count))\(hex)"
    }

    /// Creates `tmp/name`, lets `fill` write it (false: failed, errno says
    /// why), and syncs it.
    func create(_ name: String, fill: (Int32) -> Bool) throws(SpoolError) {
        let descriptor = openat(tmp, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure("create", "tmp", name) }
        defer { close(descriptor) }
        guard fill(descriptor) else { throw failure("write", "tmp", name) }
        guard !syncs || fsync(descriptor) == 0 else { throw failure("sync", "tmp", name) }
    }

    static func write(_ bytes: UnsafeRawBufferPointer, to descriptor: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = Foundation.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { return false }
            offset += written
        }
        return true
    }

    /// Moves `tmp/name` into `folder` and syncs the folder.
    func rename(_ name: String, to folder: Int32, _ folderName: String) throws(SpoolError) {
        guard renameat(tmp, name, folder, name) == 0 else { throw failure("rename", "tmp", name) }
        guard !syncs || fsync(folder) == 0 else { throw failure("sync", folderName, "") }
    }

    func failure(_ operation: String, _ folder: String, _ name: String) -> SpoolError {
        let reason = String(cString: strerror(errno))
        let path = directory.appendingPathComponent(folder).path + (name.isEmpty ? "" : "/" + name)
        return SpoolError(description: "cannot \(operation) \(path): \(reason)")
    }

    /// Whether the folder open as `descriptor` is on tmpfs or ramfs: the
    /// type of the mount of its device, in the mount table (Linux only;
    /// elsewhere the spool always syncs).
    static func isInMemory(_ descriptor: Int32) -> Bool {
        var status = stat()
        guard fstat(descriptor, &status) == 0,
            let table = try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)
        else { return false }
        let device = UInt64(status.st_dev)
        let major = (device >> 8) & 0xFFF | (device >> 32) & ~0xFFF
        let minor = device & 0xFF | (device >> 12) & ~0xFF
        // `36 35 0:31 / /dev/shm rw,nosuid - tmpfs tmpfs rw`: the device is
        // the third field, the type the first after the dash.
        for line in table.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count > 2, fields[2] == "\(major):\(minor)", let dash = fields.firstIndex(of: "-"),
                dash + 1 < fields.count
            else { continue }
            return ["tmpfs", "ramfs"].contains(fields[dash + 1])
        }
        return false
    }
}
