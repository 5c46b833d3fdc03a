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
/// Invariant: when `store` returns, the message and its envelope are on disk
/// under their final names and the directories are synced, so an
/// acknowledged message survives `kill -9` or a power cut. Blocking: call it
/// off the event loop.
public struct Spool: Sendable {
    public let directory: URL
    /// The folders' paths, worked out once: building them through `URL` for
    /// every message cost more than writing a small message to tmpfs.
    private let folderPaths: [String: String]

    public init(directory: String) throws(SpoolError) {
        self.directory = URL(fileURLWithPath: directory, isDirectory: true)
        var folderPaths: [String: String] = [:]
        for folder in ["tmp", "new", "cur", "meta"] {
            folderPaths[folder] = self.directory.appendingPathComponent(folder).path
        }
        self.folderPaths = folderPaths
        for folder in ["tmp", "new", "cur", "meta"] {
            do {
                try FileManager.default.createDirectory(
                    at: self.directory.appendingPathComponent(folder), withIntermediateDirectories: true)
            } catch {
                throw SpoolError(description: "cannot create spool folder \(folder) in \(directory): \(error.localizedDescription)")
            }
        }
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
        var bytes = Array(ReceivedHeader.render(envelope: envelope, id: id, date: date).utf8)
        bytes.append(contentsOf: message.readableBytesView)
        let metadata = Metadata(id: id, envelope: envelope, received: ReceivedHeader.rfc5322Date(date), size: bytes.count)
        // The bytes of JSONEncoder with sorted keys and pretty printing, and a newline.
        guard let json = try? BundleCodec.encode(metadata) else { throw SpoolError(description: "cannot encode the envelope") }

        try write(bytes, to: path("tmp", id))
        try write(json, to: path("tmp", id + ".json"))
        try rename(path("tmp", id + ".json"), to: path("meta", id + ".json"))
        try syncDirectory("meta")
        try rename(path("tmp", id), to: path("new", id))
        try syncDirectory("new")
        return id
    }

    /// `<seconds>.<16 hex digits>`: sorts by time, never collides in practice,
    /// and is safe in a file name and in a reply.
    static func uniqueID(date: Date) -> String {
        let random = UInt64.random(in: .min ... .max)
        let hex = String(random, radix: 16)
        return "\(Int(date.timeIntervalSince1970)).\(String(repeating: "0", count: 16 - hex.count))\(hex)"
    }

    func path(_ folder: String, _ name: String) -> String {
        guard let base = folderPaths[folder] else { return directory.appendingPathComponent(folder).appendingPathComponent(name).path }
        return base + "/" + name
    }

    func write(_ bytes: [UInt8], to path: String) throws(SpoolError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw failure("create", path) }
        defer { close(descriptor) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw failure("write", path) }
            offset += written
        }
        guard fsync(descriptor) == 0 else { throw failure("sync", path) }
    }

    func rename(_ from: String, to: String) throws(SpoolError) {
        guard Foundation.rename(from, to) == 0 else { throw failure("rename", from) }
    }

    func syncDirectory(_ folder: String) throws(SpoolError) {
        let path = folderPaths[folder] ?? directory.appendingPathComponent(folder).path
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { throw failure("open", path) }
        defer { close(descriptor) }
        guard fsync(descriptor) == 0 else { throw failure("sync", path) }
    }

    func failure(_ operation: String, _ path: String) -> SpoolError {
        SpoolError(description: "cannot \(operation) \(path): \(String(cString: strerror(errno)))")
    }
}
