import Foundation
import Testing

/// Every refusal, byte for byte on the wire, and proof that nothing refused
/// reached the spool.
@Suite(.serialized) struct RefusalServeTests {
    typealias C = Clients
    static let greeting = "220 hub.acme.example ESMTP Portolan"
    static let ehloPlain = "250-hub.acme.example | 250-PIPELINING | 250-SIZE 4000 | 250-8BITMIME | 250-ENHANCEDSTATUSCODES | 250 STARTTLS"
    static let ehloTLS = "250-hub.acme.example | 250-PIPELINING | 250-SIZE 4000 | 250-8BITMIME | 250-ENHANCEDSTATUSCODES | 250 AUTH PLAIN LOGIN"

    @Test func authBeforeTLSNeedsEncryption() throws {
        let server = try ServerProcess.start()
        defer { server.stop() }
        let replies = try C.converse(port: server.port(25), [
            C.read(), C.send("EHLO client.example\r\n"), C.read(),
            C.send("AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=\r\n"), C.read(), C.send("QUIT\r\n"), C.read(), C.closed,
        ])
        #expect(replies == [
            Self.greeting, Self.ehloPlain, "538 5.7.11 Encryption required for requested authentication mechanism", "221 2.0.0 Bye", "CLOSED",
        ])
    }

    @Test func aSiteThatAllowsNothingIsNotEnabled() throws {
        let server = try ServerProcess.start()
        defer { server.stop() }
        // Port 26 belongs to 127.0.0.99, which only the `closed` site serves.
        let byAddress = try C.converse(port: server.port(26), [
            C.read(), C.send("EHLO client.example\r\n"), C.read(), C.send("MAIL FROM:<a@acme.example>\r\n"), C.read(),
            C.send("QUIT\r\n"), C.read(), C.closed,
        ])
        #expect(byAddress == [
            "554 5.7.0 This site is not enabled on the server.", "503 5.5.1 This site is not enabled on the server.",
            "503 5.5.1 This site is not enabled on the server.", "221 2.0.0 Bye", "CLOSED",
        ])
        // By SNI on the implicit TLS port.
        let bySNI = try C.converse(port: server.port(465), implicitTLS: true, sni: "closed.acme.example", [
            C.read(), C.send("EHLO client.example\r\n"), C.read(),
        ])
        #expect(bySNI == ["554 5.7.0 This site is not enabled on the server.", "503 5.5.1 This site is not enabled on the server."])
    }

    @Test func aSiteWithoutAnonymousAccessWantsAuthentication() throws {
        let server = try ServerProcess.start()
        defer { server.stop() }
        let replies = try C.converse(port: server.port(27), [
            C.read(), C.send("EHLO client.example\r\n"), C.read(), C.send("MAIL FROM:<a@acme.example>\r\n"), C.read(),
            C.send("STARTTLS\r\n"), C.read(), C.startTLS(), C.send("EHLO client.example\r\n"), C.read(),
            C.send("AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=\r\n"), C.read(), C.send("MAIL FROM:<alice@acme.example>\r\n"), C.read(),
        ])
        #expect(replies == [
            Self.greeting, Self.ehloPlain, "530 5.7.0 Authentication required", "220 2.0.0 Ready to start TLS", "TLS TLSv1.3",
            Self.ehloTLS, "235 2.7.0 Authentication successful", "250 2.1.0 Ok",
        ])
    }

    @Test func startTLSRequiredBeforeMail() throws {
        let server = try ServerProcess.start()
        defer { server.stop() }
        let replies = try C.converse(port: server.port(28), [
            C.read(), C.send("EHLO client.example\r\nMAIL FROM:<a@elsewhere.example>\r\n"), C.read(2),
        ])
        #expect(replies == [Self.greeting, Self.ehloPlain, "530 5.7.0 Must issue a STARTTLS command first"])
    }

    @Test func plaintextInjectedAfterSTARTTLSIsDiscarded() throws {
        let server = try ServerProcess.start()
        defer { server.stop() }
        // CVE-2011-0411: HELP rides in the same packet as STARTTLS. Were it
        // processed after the handshake, its 214 would come before NOOP's 250.
        let replies = try C.converse(port: server.port(25), [
            C.read(), C.send("EHLO client.example\r\n"), C.read(),
            C.send("STARTTLS\r\nHELP\r\nMAIL FROM:<evil@elsewhere.example>\r\n"), C.read(), C.startTLS(),
            C.send("NOOP\r\n"), C.read(), C.send("MAIL FROM:<a@acme.example>\r\n"), C.read(),
        ])
        #expect(replies == [
            Self.greeting, Self.ehloPlain, "220 2.0.0 Ready to start TLS", "TLS TLSv1.3", "250 2.0.0 Ok",
            "503 5.5.1 Send EHLO or HELO first",
        ])
    }

    @Test func bareLineEndingsInDataAreRefusedAndNothingIsSmuggled() throws {
        let server = try ServerProcess.start()
        defer { server.stop() }
        let envelope = "MAIL FROM:<a@elsewhere.example>\r\nRCPT TO:<bob@acme.example>\r\nDATA\r\n"
        // "<LF>.<LF>" and "<LF>.<CR><LF>" do not end the data: the would-be second
        // transaction is content, and the whole message is refused.
        let smuggled = "Subject: one\r\n\r\nbody\n.\nMAIL FROM:<x@elsewhere.example>\r\nRCPT TO:<carol@acme.example>\r\nDATA\r\n"
            + "smuggled\n.\r\nstill content\r\n.\r\n"
        let replies = try C.converse(port: server.port(25), [
            C.read(), C.send("EHLO client.example\r\n"), C.read(), C.send(envelope), C.read(3), C.send(smuggled), C.read(),
            C.send("NOOP\r\n"), C.read(), C.send("QUIT\r\n"), C.read(),
        ])
        #expect(replies == [
            Self.greeting, Self.ehloPlain, "250 2.1.0 Ok", "250 2.1.5 Ok", "354 End data with <CR><LF>.<CR><LF>",
            "550 5.6.0 Message refused: bare LF/CR not allowed", "250 2.0.0 Ok", "221 2.0.0 Bye",
        ])
        #expect(try server.spooled().isEmpty)
    }

    @Test func overSizeMessagesAreReadToTheEndThenRefused() throws {
        let server = try ServerProcess.start()
        defer { server.stop() }
        let big = String(repeating: "0123456789012345678901234567890123456789\r\n", count: 200)  // 8400 > 4000
        let replies = try C.converse(port: server.port(25), [
            C.read(), C.send("EHLO client.example\r\nMAIL FROM:<a@elsewhere.example> SIZE=5000\r\n"), C.read(2),
            C.send("MAIL FROM:<a@elsewhere.example>\r\nRCPT TO:<bob@acme.example>\r\nDATA\r\n"), C.read(3),
            C.send(big + ".\r\nNOOP\r\n"), C.read(2),
        ])
        #expect(replies == [
            Self.greeting, Self.ehloPlain, "552 5.3.4 Message size exceeds fixed maximum message size", "250 2.1.0 Ok", "250 2.1.5 Ok",
            "354 End data with <CR><LF>.<CR><LF>", "552 5.3.4 Message size exceeds fixed maximum message size", "250 2.0.0 Ok",
        ])
        #expect(try server.spooled().isEmpty)
    }

    @Test func overLongAndBareLineEndingCommandsAreRefused() throws {
        let server = try ServerProcess.start()
        defer { server.stop() }
        let long = "NOOP " + String(repeating: "x", count: 5_000) + "\r\n"
        let replies = try C.converse(port: server.port(25), [
            C.read(), C.send(long + "NOOP\r\n"), C.read(2), C.send("NOOP\nNOOP\r\n"), C.read(2),
            // Errors so far: 2; the sixth (limits.maxErrors) closes the session.
            C.send("BOGUS\r\nBOGUS\r\nBOGUS\r\nBOGUS\r\n"), C.read(4), C.closed,
        ])
        #expect(replies == [
            Self.greeting, "500 5.5.2 Line too long", "250 2.0.0 Ok", "500 5.5.2 Bare LF/CR not allowed", "250 2.0.0 Ok",
            "500 5.5.2 Command not recognized", "500 5.5.2 Command not recognized", "500 5.5.2 Command not recognized",
            "421 4.7.0 Too many errors", "CLOSED",
        ])
    }
}
