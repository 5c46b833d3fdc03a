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
