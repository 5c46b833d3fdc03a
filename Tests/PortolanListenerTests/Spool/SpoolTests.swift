import Foundation
import NIOCore
import PortolanBundle
import PortolanListener
import Testing

@Suite struct SpoolTests {
    static let envelope = Envelope(
        mailFrom: "", recipients: ["a@acme.example", "b@acme.example"], helo: "client.example", clientAddress: "192.0.2.7",
        authenticatedAs: "alice/Acme", tls: "TLSv1.2", serverHost: "hub.acme.example", site: "acme")

    @Test func receivedHeaderIsFixedByEnvelopeIdAndDate() {
        let header = ReceivedHeader.render(envelope: Self.envelope, id: "X", date: Date(timeIntervalSince1970: 0))
        #expect(header == """
            Received: from client.example (unknown [192.0.2.7])\r
            \tby hub.acme.example (Portolan) with ESMTPSA id X\r
            \t(using TLSv1.2)\r
            \t(authenticated as alice/Acme)\r
            \t(envelope-from <>)\r
            \tThu, 1 Jan 1970 00:00:00 +0000\r

            """)
    }

    @Test func storesMessageAndEnvelopeUnderFinalNames() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portolan-spool-\(UUID().uuidString)")
        let spool = try Spool(directory: folder.path)
        let id = try spool.store(envelope: Self.envelope, message: ByteBuffer(string: "Subject: s\r\n\r\nbody\r\n"), date: Date(timeIntervalSince1970: 0))
        let message = try String(contentsOf: folder.appendingPathComponent("new/\(id)"), encoding: .utf8)
        #expect(message.hasSuffix("+0000\r\nSubject: s\r\n\r\nbody\r\n"))
        let meta = try JSONDecoder().decode(Spool.Metadata.self, from: Data(contentsOf: folder.appendingPathComponent("meta/\(id).json")))
        #expect(meta.envelope == Self.envelope && meta.size == message.utf8.count && meta.id == id)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("tmp").path).isEmpty)
        let second = try spool.store(envelope: Self.envelope, message: ByteBuffer(), date: Date(timeIntervalSince1970: 0))
        #expect(second != id)
    }

    /// What `storeMessage` hands to the delivery agent is what the queue
    /// reads back from the disk, state and bytes alike.
    @Test func storedMessageIsWhatTheQueueReadsBack() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portolan-spool-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let spool = try Spool(directory: folder.path)
        let stored = try spool.storeMessage(
            envelope: Self.envelope, message: ByteBuffer(string: "Subject: s\r\n\r\nbody\r\n"), date: Date(timeIntervalSince1970: 86_400))
        #expect(spool.queued(stored.id) == stored.queued)
        #expect(spool.message(stored.id) == stored.bytes)
        #expect(stored.queued.arrival == 86_400 && stored.queued.size == stored.bytes.count)
        #expect(stored.queued.state.recipients.map(\.address) == Self.envelope.recipients)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("tmp").path).isEmpty)
    }

    /// A message is untried from its storing until the first state is
    /// written for it, and no longer once it is removed.
    @Test func aStoredMessageIsUntriedUntilAStateIsWritten() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portolan-spool-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let spool = try Spool(directory: folder.path)
        let first = try spool.storeMessage(envelope: Self.envelope, message: ByteBuffer(string: "Subject: s\r\n\r\n"), date: Date())
        let second = try spool.storeMessage(envelope: Self.envelope, message: ByteBuffer(string: "Subject: s\r\n\r\n"), date: Date())
        #expect(spool.isUntried(first.id) && spool.isUntried(second.id))
        try spool.write(first.queued.state, of: first.id)
        #expect(!spool.isUntried(first.id) && spool.isUntried(second.id))
        try spool.remove(second.id, hasState: false)
        #expect(!spool.isUntried(second.id))
        #expect(!spool.isUntried("../new/\(first.id)"))
    }

    /// A mailbox whose folders were removed while the server runs is made
    /// again by the next delivery; a mailbox that cannot be made is an error
    /// that names it, with nothing left behind.
    @Test func mailboxFoldersAreMadeAgainWhenRemoved() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portolan-spool-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let spool = try Spool(directory: folder.path)
        let message = Array("Subject: s\r\n\r\nbody\r\n".utf8)
        let date = Date(timeIntervalSince1970: 0)
        let box = folder.appendingPathComponent("mailboxes/alice")
        let first = try spool.deliverToMailbox(user: "alice", recipient: "alice@acme.example", returnPath: "s@x.example", message: message, date: date)
        try FileManager.default.removeItem(at: box.appendingPathComponent("new"))
        let second = try spool.deliverToMailbox(user: "alice", recipient: "alice@acme.example", returnPath: "s@x.example", message: message, date: date)
        #expect(first != second)
        #expect(try FileManager.default.contentsOfDirectory(atPath: box.appendingPathComponent("new").path) == [second])
        try FileManager.default.removeItem(at: box)
        let third = try spool.deliverToMailbox(user: "alice", recipient: "alice@acme.example", returnPath: "s@x.example", message: message, date: date)
        let text = try String(contentsOf: box.appendingPathComponent("new/\(third)"), encoding: .utf8)
        #expect(text == "Return-Path: <s@x.example>\r\nDelivered-To: alice@acme.example\r\nSubject: s\r\n\r\nbody\r\n")
        for name in ["tmp", "cur"] {
            #expect(try FileManager.default.contentsOfDirectory(atPath: box.appendingPathComponent(name).path).isEmpty)
        }
        // A file where the user's mailbox would be: nothing can be made there.
        try Data().write(to: folder.appendingPathComponent("mailboxes/bob"))
        #expect {
            try spool.deliverToMailbox(user: "bob", recipient: "bob@acme.example", returnPath: "", message: message, date: date)
        } throws: { error in
            let text = (error as? SpoolError)?.description ?? ""
            return text.hasPrefix("cannot create \(folder.path)/mailboxes/bob/tmp/") && text.hasSuffix(": Not a directory")
        }
    }

    /// The envelope file is what Foundation's `JSONEncoder` writes (sorted
    /// keys, pretty printed, slashes unescaped) and a newline, whichever
    /// fields are set and whatever their characters.
    @Test(arguments: [
        SpoolTests.envelope,
        Envelope(
            mailFrom: "q\"uote\\back/slash@x.example", recipients: ["tab\there@acme.example", "ünï@acme.example", "\u{1}\r\n@x"],
            helo: "[192.0.2.1]", clientAddress: "2001:db8::1", authenticatedAs: nil, tls: nil, serverHost: "hub.acme.example",
            site: nil),
        Envelope(
            mailFrom: "a@b.example", recipients: ["c@acme.example"], helo: "h", clientAddress: "192.0.2.7", authenticatedAs: nil,
            tls: "TLSv1.3", serverHost: "hub.acme.example", site: "acme"),
    ])
    func envelopeFileIsJSONEncoderOutput(envelope: Envelope) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portolan-spool-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let spool = try Spool(directory: folder.path)
        let id = try spool.store(envelope: envelope, message: ByteBuffer(string: "Subject: s\r\n\r\nbody\r\n"), date: Date(timeIntervalSince1970: 0))
        let written = try [UInt8](Data(contentsOf: folder.appendingPathComponent("meta/\(id).json")))
        let meta = try JSONDecoder().decode(Spool.Metadata.self, from: Data(written))
        #expect(meta.envelope == envelope)
        #expect(String(decoding: written, as: UTF8.self) == String(decoding: try BundleCodec.encodeWithFoundation(meta), as: UTF8.self))
    }

    /// A queue state file is what `JSONEncoder` writes for it, every optional
    /// field set or absent, and no recipient at all.
    @Test func queueStateFileIsJSONEncoderOutput() throws {
        let states = [
            QueueState(recipients: []),
            QueueState(envelope: SpoolTests.envelope),
            QueueState(recipients: [
                RecipientState(address: "a@acme.example", status: .deferred, attempts: 2, nextAttempt: 1_700_000_000,
                               lastReply: "451 4.3.0 \"busy\" / try later", peer: "10.0.0.1:26"),
                RecipientState(address: "b@acme.example", status: .failed, attempts: 1, lastReply: "550 5.1.1 no\tsuch"),
            ]),
        ]
        for state in states {
            #expect(String(decoding: BundleCodec.encode(state), as: UTF8.self)
                == String(decoding: try BundleCodec.encodeWithFoundation(state), as: UTF8.self))
        }
    }
}
