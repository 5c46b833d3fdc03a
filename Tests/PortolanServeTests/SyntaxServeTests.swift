import Foundation
import Testing

/// What the listener takes from the client into the spool: the HELO name
/// (checked, then written into `Received:` beside the socket's address),
/// no NUL anywhere, and RFC 5321 paths with quoted local parts and source
/// routes.
@Suite(.serialized) struct SyntaxServeTests {
    typealias C = Clients
    static let greeting = "220 hub.acme.example ESMTP Portolan"
    static let envelope = "MAIL FROM:<a@elsewhere.example>\r\nRCPT TO:<bob@acme.example>\r\nDATA\r\n"

    @Test("a forged HELO is refused; the Received header has the HELO name and the socket's address")
    func heloIsADomainOrAnAddressLiteral() throws {
        let server = try ServerProcess.start()
        defer { server.stop() }
        let badName = "501 5.5.2 EHLO requires a domain name or an address literal"
        let replies = try C.converse(port: server.port(25), [
            C.read(),
            C.send("EHLO mail.bank.example (mail.bank.example [203.0.113.5])\r\n"), C.read(),
            C.send("EHLO bad_name.example\r\n"), C.read(),
            C.send("HELO [203.0.113.300]\r\n"), C.read(),
            C.send("EHLO [IPv6:2001:db8::5]\r\n"), C.read(),
            C.send("HELO [192.0.2.7]\r\n"), C.read(),
            C.send("EHLO client.example\r\n"), C.read(),
            C.send(Self.envelope + "Subject: trace\r\n\r\nbody\r\n.\r\n"), C.read(4),
        ])
        #expect(Array(replies.prefix(5)) == [
            Self.greeting, badName, badName, "501 5.5.2 HELO requires a domain name or an address literal",
            RefusalServeTests.ehloPlain,
        ])
        #expect(replies[5] == "250 hub.acme.example")
        #expect(replies[6] == RefusalServeTests.ehloPlain)
        let spooled = try server.spooled()
        try #require(spooled.count == 1)
        #expect(replies.last == "250 2.0.0 Ok: queued as \(spooled[0].id)")
        #expect(spooled[0].message.hasPrefix("Received: from client.example (unknown [127.0.0.1])\r\n\tby hub.acme.example (Portolan) with ESMTP id \(spooled[0].id)\r\n"))
    }

    @Test("NUL in a command is refused like a bare LF; NUL in a message refuses the whole message")
    func nulIsRefused() throws {
        let server = try ServerProcess.start()
        defer { server.stop() }
        let replies = try C.converse(port: server.port(25), [
            C.read(), C.send("EHLO client.example\r\n"), C.read(),
            C.send("NOOP\u{0}\r\nMAIL FROM:<a\u{0}@elsewhere.example>\r\n"), C.read(2),
            C.send(Self.envelope), C.read(3),
            C.send("Subject: nul\r\n\r\nbody\r\n\u{0}.\r\nMAIL FROM:<x@elsewhere.example>\r\n.\r\n"), C.read(),
            C.send(Self.envelope), C.read(3),
            C.send("Subject: late\r\n\r\n" + String(repeating: "z", count: 9_000) + "\u{0}\r\n.\r\n"), C.read(),
            C.send("NOOP\r\n"), C.read(),
        ])
        #expect(Array(replies.dropFirst(2)) == [
            "500 5.5.2 NUL not allowed", "500 5.5.2 NUL not allowed",
            "250 2.1.0 Ok", "250 2.1.5 Ok", "354 End data with <CR><LF>.<CR><LF>", "550 5.6.0 Message refused: NUL not allowed",
            "250 2.1.0 Ok", "250 2.1.5 Ok", "354 End data with <CR><LF>.<CR><LF>", "550 5.6.0 Message refused: NUL not allowed",
            "250 2.0.0 Ok",
        ])
        #expect(server.spoolFolder("new").isEmpty)
        #expect(server.spoolFolder("tmp").isEmpty)
        #expect(server.spoolFolder("meta").isEmpty)
    }

    @Test("a quoted local part is accepted and spooled; a source route is accepted and dropped")
    func quotedLocalPartsAndSourceRoutes() throws {
        let server = try ServerProcess.start()
        defer { server.stop() }
        let replies = try C.converse(port: server.port(25), [
            C.read(), C.send("EHLO client.example\r\n"), C.read(),
            C.send("MAIL FROM:<@a.example,@[192.0.2.1]:sender@elsewhere.example>\r\n"), C.read(),
            C.send("RCPT TO:<\"a b\"@acme.example>\r\n"), C.read(),
            C.send("RCPT TO:<@relay.example:alice@acme.example>\r\n"), C.read(),
            C.send("RCPT TO:<\"a>b\\\"c\"@acme.example>\r\n"), C.read(),
            C.send("RCPT TO:<@acme.example:victim@elsewhere.example>\r\n"), C.read(),
            C.send("RCPT TO:<\"unclosed@acme.example>\r\n"), C.read(),
            C.send("RCPT TO:<@relay.example,alice@acme.example>\r\n"), C.read(),
            C.send("DATA\r\n"), C.read(), C.send("Subject: paths\r\n\r\nbody\r\n.\r\n"), C.read(),
        ])
        let spooled = try server.spooled()
        try #require(spooled.count == 1)
        #expect(Array(replies.dropFirst(2)) == [
            "250 2.1.0 Ok", "250 2.1.5 Ok", "250 2.1.5 Ok", "250 2.1.5 Ok", "554 5.7.1 Relay access denied",
            "501 5.1.3 Bad recipient address syntax", "501 5.1.3 Bad recipient address syntax",
            "354 End data with <CR><LF>.<CR><LF>", "250 2.0.0 Ok: queued as \(spooled[0].id)",
        ])
        let meta = spooled[0].meta
        #expect(meta.contains("\"mailFrom\" : \"sender@elsewhere.example\""), "\(meta)")
        #expect(meta.contains("\"recipients\" : [\n      \"\\\"a b\\\"@acme.example\",\n      \"alice@acme.example\",\n      \"\\\"a>b\\\\\\\"c\\\"@acme.example\"\n    ]"), "\(meta)")
        #expect(spooled[0].message.contains("\t(envelope-from <sender@elsewhere.example>)\r\n"))
    }
}
