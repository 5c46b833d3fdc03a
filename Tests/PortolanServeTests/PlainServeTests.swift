import Foundation
import Testing

/// Anonymous mail over plain TCP, spooled byte for byte.
@Suite(.serialized) struct PlainServeTests {
    @Test func smtplibDeliversAnonymouslyToALocalDomain() throws {
        let server = try ServerProcess.start()
        defer { server.stop() }
        let outcome = try Clients.smtplib(
            port: server.port(25), mode: "plain", from: "sender@elsewhere.example", to: "bob@acme.example",
            message: "Subject: plain\r\n\r\nHello from smtplib.\r\n.dot line\r\n")
        #expect(outcome == "OK")
        let spooled = try server.spooled()
        try #require(spooled.count == 1)
        let id = spooled[0].id
        #expect(spooled[0].message == """
            Received: from client.example (127.0.0.1)\r
            \tby hub.acme.example (Portolan) with ESMTP id \(id)\r
            \t(envelope-from <sender@elsewhere.example>)\r
            \tfor <bob@acme.example>; \(ServerProcess.fixedDate)\r
            Subject: plain\r
            \r
            Hello from smtplib.\r
            .dot line\r

            """)
        #expect(spooled[0].meta.contains("\"recipients\" : [\n      \"bob@acme.example\"\n    ]"))
        #expect(server.logText.contains("accepted") && server.logText.contains("id=\(id)"))
        // Maildir readers see only messages: envelopes live apart.
        #expect(try FileManager.default.contentsOfDirectory(atPath: server.spool.appendingPathComponent("tmp").path).isEmpty)
    }

    @Test func curlDeliversAnonymouslyAndRelayIsDenied() throws {
        let server = try ServerProcess.start()
        defer { server.stop() }
        let url = "smtp://127.0.0.1:\(server.port(25))/client.example"
        let message = Data("Subject: curl\r\n\r\nHello from curl.\r\n".utf8)
        let sent = try Tool.run(
            "curl", ["-sS", url, "--mail-from", "carol@elsewhere.example", "--mail-rcpt", "bob@acme.example", "--upload-file", "-"],
            input: message)
        #expect(sent.status == 0, "\(sent.error)")
        let spooled = try server.spooled()
        try #require(spooled.count == 1)
        #expect(spooled[0].message.hasSuffix("\tfor <bob@acme.example>; \(ServerProcess.fixedDate)\r\nSubject: curl\r\n\r\nHello from curl.\r\n"))

        let relayed = try Tool.run(
            "curl", ["-sS", url, "--mail-from", "carol@elsewhere.example", "--mail-rcpt", "dave@elsewhere.example", "--upload-file", "-"],
            input: message)
        #expect(relayed.status != 0)
        #expect(relayed.error.contains("554"), "\(relayed.error)")
        #expect(try server.spooled().count == 1)
        #expect(server.logText.contains("5.7.1 Relay access denied"))
    }
}
