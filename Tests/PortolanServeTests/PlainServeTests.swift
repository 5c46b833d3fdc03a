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
            Received: from client.example (unknown [127.0.0.1])\r
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

    /// On tmpfs the spool does not sync (fsync does nothing there) and stores
    /// on the event loop: the same files, the same bytes.
    @Test func aSpoolInMemoryStoresMailTheSameWay() throws {
        let memory = URL(fileURLWithPath: "/dev/shm")
        guard FileManager.default.fileExists(atPath: memory.path) else { return }
        let server = try ServerProcess.start(spool: memory.appendingPathComponent("portolan-spool-\(UUID().uuidString)"))
        defer {
            server.stop()
            try? FileManager.default.removeItem(at: server.spool)
        }
        #expect(server.logText.contains("spool in memory"))
        for number in 1...3 {
            let outcome = try Clients.smtplib(
                port: server.port(25), mode: "plain", from: "sender@elsewhere.example", to: "bob@acme.example",
                message: "Subject: \(number)\r\n\r\nLine one.\r\n.two\r\n")
            #expect(outcome == "OK")
        }
        let spooled = try server.spooled()
        try #require(spooled.count == 3)
        for (id, message, meta) in spooled {
            #expect(message.hasPrefix("Received: from client.example (unknown [127.0.0.1])\r\n\tby hub.acme.example (Portolan) with ESMTP id \(id)\r\n"))
            #expect(message.hasSuffix("\r\n\r\nLine one.\r\n.two\r\n"))
            #expect(meta.contains("\"id\" : \"\(id)\""))
        }
        #expect(Set(spooled.map { $0.message.components(separatedBy: "\r\n")[4] }) == ["Subject: 1", "Subject: 2", "Subject: 3"])
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

/// Commands pipelined in one packet (RFC 2920), across the pause while the
/// spool writes, and the limit on failed logins.
@Suite(.serialized) struct PipeliningServeTests {
    typealias C = Clients

    @Test func pipelinedCommandsAreAnsweredInOrderAcrossTheSpool() throws {
        let server = try ServerProcess.start()
        defer { server.stop() }
        let replies = try C.converse(port: server.port(25), [
            C.read(),
            C.send("EHLO client.example\r\nMAIL FROM:<a@elsewhere.example>\r\nRCPT TO:<bob@acme.example>\r\nRCPT TO:<x@elsewhere.example>\r\nDATA\r\n"),
            C.read(5),
            C.send("Subject: pipelined\r\n\r\nbody\r\n.\r\nMAIL FROM:<>\r\nRCPT TO:<postmaster>\r\nRSET\r\nQUIT\r\n"), C.read(5), C.closed,
        ])
        #expect(replies.count == 12)
        #expect(Array(replies.dropFirst(2).prefix(4)) == [
            "250 2.1.0 Ok", "250 2.1.5 Ok", "554 5.7.1 Relay access denied", "354 End data with <CR><LF>.<CR><LF>",
        ])
        let spooled = try server.spooled()
        try #require(spooled.count == 1)
        #expect(Array(replies.suffix(6)) == [
            "250 2.0.0 Ok: queued as \(spooled[0].id)", "250 2.1.0 Ok", "250 2.1.5 Ok", "250 2.0.0 Ok", "221 2.0.0 Bye", "CLOSED",
        ])
        #expect(spooled[0].message.hasSuffix("\tfor <bob@acme.example>; \(ServerProcess.fixedDate)\r\nSubject: pipelined\r\n\r\nbody\r\n"))
    }

    @Test func failedLoginsAreSlowedAndEndTheSessionAtTheLimit() throws {
        var limits = TestEstate.defaultLimits
        limits.maxAuthFailures = 2
        let server = try ServerProcess.start(limits: limits)
        defer { server.stop() }
        let started = Date()
        let replies = try C.converse(port: server.port(465), implicitTLS: true, [
            C.read(), C.send("EHLO client.example\r\n"), C.read(),
            C.send("AUTH LOGIN\r\n"), C.read(), C.send("YWxpY2U=\r\n"), C.read(), C.send("Z3Vlc3M=\r\n"), C.read(),
            C.send("AUTH PLAIN AGFsaWNlAGd1ZXNz\r\n"), C.read(), C.closed,
        ])
        #expect(Array(replies.suffix(5)) == [
            "334 VXNlcm5hbWU6", "334 UGFzc3dvcmQ6", "535 5.7.8 Authentication credentials invalid",
            "421 4.7.0 Too many authentication failures", "CLOSED",
        ])
        #expect(Date().timeIntervalSince(started) >= 3, "failures wait 1 s, then 2 s")
    }
}
