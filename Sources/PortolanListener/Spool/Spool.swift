import Foundation
import PortolanBundle
import PortolanJSON
import NIOCore
import NIOConcurrencyHelpers

/// Why a message could not be spooled.
public struct SpoolError: Error, CustomStringConvertible, Sendable {
    public var description: String
}

/// The on-disk queue, Maildir style: `tmp/`, `new/`, `cur/`, and `meta/`
/// for the envelopes (JSON), kept apart so that Maildir readers only ever
/// see messages; `state/` holds each message's recipients' delivery states
/// once it has been tried, and `mailboxes/<user>/` the local users' Maildirs.
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
    /// `directory`'s path.
    let root: String
    /// False on a memory file system.
    public let syncs: Bool
    /// The folders, opened once: files are created, renamed and synced
    /// through them, with no path to look up for every message.
    private let tmp: Int32
    private let new: Int32
    private let meta: Int32
    /// The ids' random part: a counter from a random start, mixed. Distinct
    /// for every message of a process, with no system call for each one.
    private let idCounter: NIOLockedValueBox<UInt64>

    public init(directory: String) throws(SpoolError) {
        self.directory = URL(fileURLWithPath: directory, isDirectory: true)
        for folder in ["tmp", "new", "cur", "meta", "state"] {
            do {
                try FileManager.default.createDirectory(
                    at: self.directory.appendingPathComponent(folder), withIntermediateDirectories: true)
            } catch {
                throw SpoolError(description: "cannot create spool folder \(folder) in \(directory): \(error.localizedDescription)")
            }
        }
        let path = self.directory.path
        root = path
        tmp = open(path + "/tmp", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        new = open(path + "/new", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        meta = open(path + "/meta", O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        syncs = tmp < 0 || !Self.isInMemory(tmp)
        idCounter = NIOLockedValueBox(UInt64.random(in: .min ... .max))
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
    @discardableResult
    public func store(envelope: Envelope, message: ByteBuffer, date: Date) throws(SpoolError) -> String {
        try storeMessage(envelope: envelope, message: message, date: date).id
    }

    /// Stores as `store` does and returns the message as `queued` and
    /// `message` would read it back, for the delivery agent to take in memory.
    public func storeMessage(envelope: Envelope, message: ByteBuffer, date: Date) throws(SpoolError) -> StoredMessage {
        let id = Self.uniqueID(date: date, random: nextRandom())
        let header = ReceivedHeader.render(envelope: envelope, id: id, date: date)
        let size = header.utf8.count + message.readableBytes
        let metadata = Metadata(id: id, envelope: envelope, received: ReceivedHeader.rfc5322Date(date), size: size)
        let json = BundleCodec.encode(metadata)
        var bytes = [UInt8]()
        bytes.reserveCapacity(size)
        bytes.append(contentsOf: header.utf8)
        message.withUnsafeReadableBytes { bytes.append(contentsOf: $0) }

        try create(id) { descriptor in bytes.withUnsafeBytes { Self.write($0, to: descriptor) } }
        // The envelope is written in place: the queue reads it only for a
        // message in `new/`, which the rename below puts there once the
        // envelope is whole (and synced); a crash before leaves an orphan
        // that `removeOrphans` clears.
        try create(id + ".json", in: meta, "meta") { descriptor in json.withUnsafeBytes { Self.write($0, to: descriptor) } }
        guard !syncs || fsync(meta) == 0 else { throw failure("sync", "meta", "") }
        try rename(id, to: new, "new")
        let queued = QueuedMessage(id: id, envelope: envelope, state: QueueState(envelope: envelope), arrival: Self.arrival(of: id), size: size)
        return StoredMessage(queued: queued, bytes: bytes)
    }

    /// A number distinct from every other this spool gave, for ids and file
    /// names (no system call, unlike `UInt64.random`).
    func nextRandom() -> UInt64 {
        Self.mix(idCounter.withLockedValue { $0 &+= 1; return $0 })
    }

    /// `<seconds>.<16 hex digits>`: sorts by time, never collides in practice,
    /// and is safe in a file name and in a reply.
    static func uniqueID(date: Date, random: UInt64) -> String {
        let hex = String(random, radix: 16)
        return "\(Int(date.timeIntervalSince1970)).\(String(repeating: "0", count: 16 - hex.count))\(hex)"
    }

    /// A bijection of 64-bit numbers that scatters neighbours (the
    /// finalizer of SplitMix64): distinct counters give distinct ids.
    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Creates `name` in `folder` (`tmp/` unless said), lets `fill` write it
    /// (false: failed, errno says why), and syncs it.
    func create(_ name: String, in folder: Int32? = nil, _ folderName: String = "tmp", fill: (Int32) -> Bool) throws(SpoolError) {
        let descriptor = openat(folder ?? tmp, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure("create", folderName, name) }
        defer { close(descriptor) }
        guard fill(descriptor) else { throw failure("write", folderName, name) }
        guard !syncs || fsync(descriptor) == 0 else { throw failure("sync", folderName, name) }
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

    /// Writes `first` then `second` with as few system calls as it takes
    /// (one, unless the kernel takes less than all).
    static func write(_ first: UnsafeRawBufferPointer, _ second: UnsafeRawBufferPointer, to descriptor: Int32) -> Bool {
        var vectors = [
            iovec(iov_base: UnsafeMutableRawPointer(mutating: first.baseAddress), iov_len: first.count),
            iovec(iov_base: UnsafeMutableRawPointer(mutating: second.baseAddress), iov_len: second.count),
        ]
        let written = writev(descriptor, &vectors, 2)
        if written == first.count + second.count { return true }
        // Short or interrupted: the rest one buffer at a time.
        let done = max(written, 0)
        if done < first.count {
            return write(UnsafeRawBufferPointer(rebasing: first[done...]), to: descriptor) && write(second, to: descriptor)
        }
        return write(UnsafeRawBufferPointer(rebasing: second[(done - first.count)...]), to: descriptor)
    }

    /// Moves `tmp/name` into `folder` and syncs the folder.
    func rename(_ name: String, to folder: Int32, _ folderName: String) throws(SpoolError) {
        guard renameat(tmp, name, folder, name) == 0 else { throw failure("rename", "tmp", name) }
        guard !syncs || fsync(folder) == 0 else { throw failure("sync", folderName, "") }
    }

    func failure(_ operation: String, _ folder: String, _ name: String) -> SpoolError {
        let reason = String(cString: strerror(errno))
        let path = root + "/" + folder + (name.isEmpty ? "" : "/" + name)
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

extension Spool.Metadata: JSONWritable {
    /// The envelope file: what `JSONEncoder` gives with sorted keys and
    /// pretty printing (`BundleCodec.encode`), one per message.
    public func write<Sink: JSONSink>(to json: inout Sink) {
        json.beginObject()
        json.member(CodingKeys.envelope, envelope)
        json.member(CodingKeys.id, id)
        json.member(CodingKeys.received, received)
        json.member(CodingKeys.size, size)
        json.endObject()
    }
}
