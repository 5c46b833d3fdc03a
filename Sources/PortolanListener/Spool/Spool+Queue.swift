import Foundation
import PortolanBundle

/// The queue's side of the spool: which messages wait, their recipients'
/// states, finishing and deleting messages, local mailboxes, and the flush
/// request of `portolan queue --flush`. Every call blocks on the disk: call
/// it off the event loop.
///
/// A message stays in `new/` (with its envelope in `meta/`) until every
/// recipient is delivered or failed; then the message goes first, its
/// envelope and state after, so a crash in between leaves only files that
/// `removeOrphans` clears. A state is written (temporary file, sync, rename)
/// after each attempt, so after a crash a recipient is tried at most once more.
extension Spool {
    // Paths are joined as strings: a file URL's `appendingPathComponent`
    // asks the file system whether each is a folder.
    var stateFolder: String { root + "/state" }
    var metaFolder: String { root + "/meta" }
    var newFolder: String { root + "/new" }
    /// `mailboxes/`: one Maildir per local user.
    public var mailboxesFolder: String { root + "/mailboxes" }
    var flushFile: String { root + "/flush" }

    /// The ids of the messages in the queue, oldest first.
    public func queuedIDs() -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: newFolder)) ?? [])
            .filter { !$0.hasPrefix(".") }.sorted()
    }

    /// The message `id` with its envelope and state; nil when it is not (or
    /// no longer) queued.
    public func queued(_ id: String) -> QueuedMessage? {
        guard Self.isQueueID(id),
            let metaData = FileManager.default.contents(atPath: metaFolder + "/" + id + ".json"),
            let metadata = try? JSONDecoder().decode(Metadata.self, from: metaData),
            FileManager.default.fileExists(atPath: newFolder + "/" + id)
        else { return nil }
        var state = QueueState(envelope: metadata.envelope)
        if let data = FileManager.default.contents(atPath: stateFolder + "/" + id + ".json"),
            let written = try? JSONDecoder().decode(QueueState.self, from: data),
            written.recipients.map(\.address) == metadata.envelope.recipients
        {
            state = written
        }
        return QueuedMessage(id: id, envelope: metadata.envelope, state: state, arrival: Self.arrival(of: id), size: metadata.size)
    }

    /// True while message `id` is queued and was never tried (no state is
    /// written for it): what `storeMessage` returned for it still holds.
    public func isUntried(_ id: String) -> Bool {
        Self.isQueueID(id) && access(newFolder + "/" + id, F_OK) == 0 && access(stateFolder + "/" + id + ".json", F_OK) != 0
    }

    /// The message's bytes as spooled (Received header first).
    public func message(_ id: String) -> [UInt8]? {
        guard Self.isQueueID(id) else { return nil }
        return FileManager.default.contents(atPath: newFolder + "/" + id).map { [UInt8]($0) }
    }

    /// Writes the state of message `id`, atomically.
    public func write(_ state: QueueState, of id: String) throws(SpoolError) {
        let bytes = BundleCodec.encode(state)
        try replace(folder: stateFolder, id + ".json", with: bytes)
    }

    /// Removes a finished (or deleted) message: the message first, so that
    /// nothing is ever tried again once it is gone. `hasState`: false when
    /// no state was ever written for it (a message delivered at its first
    /// attempt), so there is none to remove.
    public func remove(_ id: String, hasState: Bool = true) throws(SpoolError) {
        guard Self.isQueueID(id) else { throw SpoolError(description: "'\(id)' is not a queue id") }
        let message = newFolder + "/" + id
        guard unlink(message) == 0 || errno == ENOENT else {
            throw SpoolError(description: "cannot remove \(message): \(String(cString: strerror(errno)))")
        }
        if syncs { syncFolder(newFolder) }
        unlink(metaFolder + "/" + id + ".json")
        if hasState { unlink(stateFolder + "/" + id + ".json") }
    }

    /// Clears what a crash can leave behind: envelopes and states without a
    /// message, and unfinished files in `tmp/`, when older than `age`
    /// seconds (younger ones may be a store still under way in another
    /// process, such as `portolan sendmail`).
    public func removeOrphans(olderThan age: Int = 600) {
        let queued = Set(queuedIDs())
        let limit = time(nil) - age
        func isOld(_ path: String) -> Bool {
            var status = stat()
            return stat(path, &status) == 0 && status.st_mtim.tv_sec < limit
        }
        for folder in [metaFolder, stateFolder] {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            where name.hasSuffix(".json") && !queued.contains(String(name.dropLast(5))) {
                let path = folder + "/" + name
                if isOld(path) { unlink(path) }
            }
        }
        let tmp = root + "/tmp"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: tmp)) ?? [] {
            let path = tmp + "/" + name
            if isOld(path) { unlink(path) }
        }
    }

    // MARK: Flush

    /// Asks the running server to try every queued message now.
    public func requestFlush() throws(SpoolError) {
        try replace(folder: root, "flush", with: Array("flush\n".utf8))
    }

    /// True (once) when a flush was asked for since the last call.
    public func takeFlushRequest() -> Bool {
        unlink(flushFile) == 0
    }

    // MARK: The host

    /// Notes the host name the spool serves (`serve` does at start), so that
    /// `portolan sendmail` stamps its messages with it.
    public func recordHost(_ host: String) throws(SpoolError) {
        try replace(folder: root, "host", with: Array((host + "\n").utf8))
    }

    /// The host name `serve` noted; nil before any `serve` ran on the spool.
    public func recordedHost() -> String? {
        guard let data = FileManager.default.contents(atPath: root + "/host") else { return nil }
        let host = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return host.isEmpty ? nil : host
    }

    // MARK: Mailboxes

    /// Delivers `message` into the Maildir of `user` (`mailboxes/<user>/new/`)
    /// with a `Return-Path:` and `Delivered-To:` line first (RFC 5321 4.4:
    /// the host of final delivery adds the return path). Returns the file name.
    public func deliverToMailbox(user: String, recipient: String, returnPath: String, message: [UInt8], date: Date) throws(SpoolError) -> String {
        let box = mailboxesFolder + "/" + Self.folderName(user)
        let name = "\(Int(date.timeIntervalSince1970)).\(nextRandom().hexadecimal).portolan"
        let header = "Return-Path: <\(returnPath)>\r\nDelivered-To: \(recipient)\r\n"
        let tmp = box + "/tmp/" + name
        var descriptor = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if descriptor < 0 && errno == ENOENT {
            // The mailbox's first message, or its folders were removed.
            try makeMailbox(box)
            descriptor = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        }
        guard descriptor >= 0 else { throw SpoolError(description: "cannot create \(tmp): \(String(cString: strerror(errno)))") }
        let written = Array(header.utf8).withUnsafeBytes { first in
            message.withUnsafeBytes { Self.write(first, $0, to: descriptor) }
        }
        let synced = !syncs || fsync(descriptor) == 0
        close(descriptor)
        guard written, synced else {
            unlink(tmp)
            throw SpoolError(description: "cannot write \(tmp): \(String(cString: strerror(errno)))")
        }
        let final = box + "/new/" + name
        var renamed = Foundation.rename(tmp, final) == 0
        if !renamed && errno == ENOENT {
            do throws(SpoolError) { try makeMailbox(box) } catch {
                unlink(tmp)
                throw error
            }
            renamed = Foundation.rename(tmp, final) == 0
        }
        guard renamed else {
            let reason = SpoolError(description: "cannot rename \(tmp): \(String(cString: strerror(errno)))")
            unlink(tmp)
            throw reason
        }
        if syncs { syncFolder(box + "/new") }
        return name
    }

    /// Creates the Maildir folders of `box` that are missing.
    func makeMailbox(_ box: String) throws(SpoolError) {
        for folder in ["tmp", "new", "cur"] {
            do {
                try FileManager.default.createDirectory(atPath: box + "/" + folder, withIntermediateDirectories: true)
            } catch {
                throw SpoolError(description: "cannot create the mailbox \(box): \(error.localizedDescription)")
            }
        }
    }

    /// A user's key as a folder name: anything but letters, digits, `-`, `_`
    /// and inner dots becomes `_`, so no key can name a path elsewhere.
    public static func folderName(_ user: String) -> String {
        var name = String(user.unicodeScalars.map { scalar -> Character in
            let allowed = scalar.isASCII && (CharacterSet.alphanumerics.contains(scalar) || "-_.".unicodeScalars.contains(scalar))
            return allowed ? Character(scalar) : "_"
        })
        if name.hasPrefix(".") || name.isEmpty { name = "_" + name }
        return name
    }

    // MARK: Helpers

    /// `<seconds>.<16 hex digits>`, as `store` makes them.
    public static func isQueueID(_ id: String) -> Bool {
        let parts = id.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[0].allSatisfy(\.isNumber) && parts[1].count == 16
            && parts[1].allSatisfy(\.isHexDigit)
    }

    /// When message `id` was accepted, from its id.
    public static func arrival(of id: String) -> Int {
        Int(id.split(separator: ".").first ?? "") ?? 0
    }

    /// Writes `bytes` to `folder/name` through a temporary file in the
    /// queue's `tmp/`, synced, and renames it over `folder/name`.
    func replace(folder: String, _ name: String, with bytes: [UInt8]) throws(SpoolError) {
        let path = folder + "/" + name
        let tmp = root + "/tmp/" + name + "." + nextRandom().hexadecimal
        let descriptor = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw SpoolError(description: "cannot create \(tmp): \(String(cString: strerror(errno)))") }
        let written = bytes.withUnsafeBytes { Self.write($0, to: descriptor) }
        let synced = !syncs || fsync(descriptor) == 0
        close(descriptor)
        guard written, synced, Foundation.rename(tmp, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(tmp)
            throw SpoolError(description: "cannot write \(path): \(reason)")
        }
        if syncs { syncFolder(folder) }
    }

    func syncFolder(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}

extension UInt64 {
    /// 16 hexadecimal digits.
    var hexadecimal: String {
        let hex = String(self, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
