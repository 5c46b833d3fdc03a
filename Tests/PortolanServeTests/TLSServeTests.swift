import Foundation
import Testing

/// STARTTLS, implicit TLS and AUTH, with every real client the project supports.
@Suite(.serialized) struct TLSServeTests {
    static let message = "Subject: tls\r\n\r\nHello over TLS.\r\n"

    @Test func smtplibStartTLSAndLoginMaySendAnywhere() throws {
        let server = try ServerProcess.start()
        defer { server.stop() }
        let outcome = try Clients.smtplib(
            port: server.port(25), mode: "starttls", from: "alice@acme.example", to: "dave@elsewhere.example",
            login: ("alice@acme.example", TestEstate.password), message: Self.message)
        #expect(outcome == "OK")
        let spooled = try server.spooled()
        try #require(spooled.count == 1)
        let id = spooled[0].id
        #expect(spooled[0].message.hasPrefix("""
            Received: from client.example (unknown [127.0.0.1])\r
            \tby hub.acme.example (Portolan) with ESMTPSA id \(id)\r
            \t(using TLSv1.3)\r
            \t(authenticated as alice/Acme)\r
            \t(envelope-from <alice@acme.example>)\r
            \tfor <dave@elsewhere.example>; \(ServerProcess.fixedDate)\r
            Subject: tls\r

            """))
        #expect(spooled[0].meta.contains("\"authenticatedAs\" : \"alice/Acme\""))
        #expect(server.logText.contains("auth succeeded") && server.logText.contains("login=alice@acme.example"))
        #expect(!server.logText.contains(TestEstate.password))
    }

    @Test func smtplibImplicitTLSAndWrongPassword() throws {
        let server = try ServerProcess.start()
        defer { server.stop() }
        #expect(try Clients.smtplib(
            port: server.port(465), mode: "ssl", from: "alice@acme.example", to: "bob@acme.example",
            login: ("alice", TestEstate.password), message: Self.message) == "OK")
        #expect(try Clients.smtplib(
            port: server.port(465), mode: "ssl", from: "alice@acme.example", to: "bob@acme.example",
            login: ("alice", "not the password"), message: Self.message) == "ERROR 535 5.7.8 Authentication credentials invalid")
        // The SSL port of this site allows no anonymous mail.
        #expect(try Clients.smtplib(
            port: server.port(465), mode: "ssl", from: "x@elsewhere.example", to: "bob@acme.example",
            message: Self.message) == "ERROR 530 5.7.0 Authentication required")
        #expect(try server.spooled().count == 1)
        #expect(server.logText.contains("auth failed") && server.logText.contains("login=alice"))
        #expect(!server.logText.contains("not the password"))
    }

    @Test func curlSTARTTLSAndImplicitTLSWithLogin() throws {
        let server = try ServerProcess.start()
        defer { server.stop() }
        for url in ["smtp://127.0.0.1:\(server.port(25))/client.example", "smtps://127.0.0.1:\(server.port(465))/client.example"] {
            let sent = try Tool.run(
                "curl",
                ["-sS", "-k", "--ssl-reqd", url, "--user", "alice/Acme:\(TestEstate.password)", "--mail-from", "alice@acme.example",
                 "--mail-rcpt", "erin@elsewhere.example", "--upload-file", "-"],
                input: Data(Self.message.utf8))
            #expect(sent.status == 0, "\(url): \(sent.error)")
        }
        let spooled = try server.spooled()
        #expect(spooled.count == 2)
        #expect(spooled.allSatisfy { $0.message.contains("(authenticated as alice/Acme)") && $0.message.hasSuffix(Self.message) })
        let plainAuth = try Tool.run(
            "curl", ["-sS", "smtp://127.0.0.1:\(server.port(25))/client.example", "--user", "alice:\(TestEstate.password)",
                     "--mail-from", "alice@acme.example", "--mail-rcpt", "erin@elsewhere.example", "--upload-file", "-"],
            input: Data(Self.message.utf8))
        // Without TLS no AUTH is offered, so curl stays anonymous and may not relay.
        #expect(plainAuth.status != 0)
        #expect(plainAuth.error.contains("554"), "\(plainAuth.error)")
        #expect(try server.spooled().count == 2)
    }

    @Test func opensslSeesAuthOnlyAfterSTARTTLSAndTheSiteKeyRingBySNI() throws {
        let server = try ServerProcess.start()
        defer { server.stop() }
        func sClient(_ arguments: [String]) throws -> String {
            let result = try Tool.run(
                "openssl", ["s_client", "-connect", "127.0.0.1:\(server.port(25))", "-starttls", "smtp", "-crlf", "-ign_eof"] + arguments,
                input: Data("EHLO client.example\nQUIT\n".utf8))
            return result.output + result.error
        }
        let plain = try sClient(["-servername", "hub.acme.example"])
        #expect(plain.contains("250-AUTH PLAIN LOGIN") || plain.contains("250 AUTH PLAIN LOGIN"), "\(plain)")
        #expect(!plain.contains("250-STARTTLS"))
        #expect(plain.contains("subject=CN=hub.acme.example") || plain.contains("subject=CN = hub.acme.example"))
        #expect(plain.contains("221 2.0.0 Bye"))
        let site = try sClient(["-servername", "mail.acme.example"])
        #expect(site.contains("subject=CN=mail.acme.example") || site.contains("subject=CN = mail.acme.example"), "\(site)")
        let old = try Tool.run(
            "openssl", ["s_client", "-connect", "127.0.0.1:\(server.port(465))", "-tls1_1"], input: Data("QUIT\n".utf8))
        #expect(!(old.output + old.error).contains("220 hub.acme.example"), "TLS 1.1 must be refused")
    }

    @Test func swaksLoginAndPlain() throws {
        let server = try ServerProcess.start()
        defer { server.stop() }
        for mechanism in ["LOGIN", "PLAIN"] {
            let result = try Tool.run(
                "swaks",
                ["--server", "127.0.0.1", "--port", "\(server.port(25))", "--tls", "--auth", mechanism, "--auth-user", "alice",
                 "--auth-password", TestEstate.password, "--helo", "client.example", "--from", "alice@acme.example",
                 "--to", "frank@elsewhere.example", "--header", "Subject: swaks \(mechanism)", "--body", "Hello from swaks."])
            #expect(result.status == 0, "\(result.output)")
        }
        let wrong = try Tool.run(
            "swaks",
            ["--server", "127.0.0.1", "--port", "\(server.port(25))", "--tls", "--auth", "LOGIN", "--auth-user", "alice",
             "--auth-password", "guess", "--helo", "client.example", "--to", "bob@acme.example"])
        #expect(wrong.status != 0)
        #expect(wrong.output.contains("535 5.7.8 Authentication credentials invalid"), "\(wrong.output)")
        let spooled = try server.spooled()
        #expect(spooled.count == 2)
        #expect(spooled.allSatisfy { $0.message.contains("with ESMTPSA") && $0.message.contains("Hello from swaks.") })
    }

    @Test func msmtpSTARTTLSAndImplicitTLS() throws {
        let server = try ServerProcess.start()
        defer { server.stop() }
        for (port, starttls) in [(server.port(25), "on"), (server.port(465), "off")] {
            let result = try Tool.run(
                "msmtp",
                ["--host=127.0.0.1", "--port=\(port)", "--tls=on", "--tls-starttls=\(starttls)", "--tls-certcheck=off", "--auth=plain",
                 "--user=alice", "--passwordeval=echo \(TestEstate.password)", "--domain=client.example",
                 "--from=alice@acme.example", "grace@elsewhere.example"],
                input: Data("Subject: msmtp\n\nHello from msmtp.\n".utf8))
            #expect(result.status == 0, "\(result.output) \(result.error)")
        }
        let spooled = try server.spooled()
        #expect(spooled.count == 2)
        #expect(spooled.allSatisfy { $0.message.hasSuffix("Subject: msmtp\r\n\r\nHello from msmtp.\r\n") })
    }
}
