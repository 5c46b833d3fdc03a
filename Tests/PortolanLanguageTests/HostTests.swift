import Testing
@testable import PortolanLanguage

/// PT106: host names, addresses and Internet addresses wherever they are written.
@Suite struct HostTests {
    @Test func badHostName() throws {
        let result = decode(header + "servers:\n  hub:\n    host: hub..acme.example\n")
        #expect(result.places == ["PT106@5:11"])
        let diagnostic = try #require(result.only("PT106"))
        #expect(diagnostic.message
            == "servers.hub.host 'hub..acme.example' is not a host name: it has an empty label (two dots in a row, or a leading dot)")
        #expect(result.server?.host == nil)
    }

    @Test func addressIsNotAHostName() {
        let result = decode(header + "servers:\n  hub:\n    host: 10.0.0.1\n")
        #expect(result.only("PT106")?.message == "servers.hub.host '10.0.0.1' is not a host name: it is an IP address, not a host name")
    }

    @Test func singleLabelHostIsSyntacticallyFine() {
        // Whether a host is fully qualified is the compiler's business (PT312).
        #expect(decode(header + "servers:\n  hub:\n    host: hub\n").diagnostics.isEmpty)
    }

    @Test func everyPlaceAHostIsWritten() {
        let result = decode(header + """
            internet_domains: [acme.example, acme_corp.example]
            servers:
              hub:
                addresses: [10.0.0.1, 10.0.0.256, "fe80::1", "fe80::1::2"]
                smtp: { outbound: { routes: [{ to: isp, domains: [-x.example] }] } }
            sites:
              s: { protocol: smtp, hosts: [mail.acme.example, 10.0.0.1, "::1", 10.0.0, mail..acme] }
            users:
              alice: { internet_address: alice.acme.example }
            external:
              isp: { host: smtp_isp.example }
            """)
        #expect(result.places == [
            "PT106@3:34", "PT106@6:27", "PT106@6:50", "PT106@7:55", "PT106@9:68", "PT106@9:76", "PT106@11:30", "PT106@13:16",
        ])
        #expect(result.topology.internetDomains.map(\.value) == ["acme.example"])
        #expect(result.server?.addresses.map(\.value) == ["10.0.0.1", "fe80::1"])
        #expect(result.topology.sites.first?.hosts.map(\.value) == ["mail.acme.example", "10.0.0.1", "::1"])
        #expect(result.topology.externals.first?.host == nil)
    }

    @Test func addressProblemsSayWhy() {
        let result = decode(header + "servers:\n  hub:\n    addresses: [10.0.0.0/8]\n")
        #expect(result.only("PT106")?.message
            == "servers.hub.addresses[0] '10.0.0.0/8' is not an IP address: it is a prefix; write a single address")
    }
}

/// PT107: passwords are passlib pbkdf2_sha256 hashes.
@Suite struct PasswordTests {
    func user(_ password: String) -> Decoded {
        decode(header + "users:\n  alice:\n    password: \(password)\n")
    }

    @Test func plaintextIsRefusedWithoutEchoingIt() throws {
        let result = user("hunter2")
        #expect(result.places == ["PT107@5:15"])
        let diagnostic = try #require(result.only("PT107"))
        #expect(diagnostic.message == "users.alice.password is not a password hash: plaintext passwords are refused")
        #expect(!diagnostic.message.contains("hunter2"))
        #expect(diagnostic.help?.contains("portolan passwd") == true)
        #expect(diagnostic.help?.contains("python3 -c 'from passlib.hash import pbkdf2_sha256; print(pbkdf2_sha256.hash(\"secret\"))'") == true)
        #expect(result.topology.users.first?.password == nil)
    }

    @Test func otherSchemesAreNamed() {
        let result = user("\"$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW\"")
        #expect(result.only("PT107")?.message == "users.alice.password is a bcrypt hash; only passlib pbkdf2_sha256 hashes are supported")
    }

    @Test func shortChecksumIsMalformed() {
        let result = user("\"$pbkdf2-sha256$29000$R2hN6Z1zTmlNqTWGMGYsBQ$ehENs9pFB60eEj976\"")
        #expect(result.only("PT107")?.message
            == "users.alice.password is not a valid pbkdf2_sha256 hash: the checksum is not 32 bytes of adapted base64 (43 characters)")
    }

    @Test func numberPasswordIsAWrongTypeWithoutEcho() {
        let result = user("123456")
        #expect(result.places == ["PT102@5:15"])
        #expect(result.only("PT102")?.message == "expected a password hash for users.alice.password, found an integer")
    }

    @Test func passlibHashIsDecoded() throws {
        let result = user("\"\(validHash)\"")
        #expect(result.diagnostics.isEmpty)
        let password = try #require(result.topology.users.first?.password)
        #expect(password.value.rounds == 29000)
        #expect(password.value.salt.count == 16)
        #expect(password.value.checksum.count == 32)
        #expect(password.value.encoded == validHash)
        #expect(result.lineColumn(password.span) == "5:15")
    }

    @Test func plainUnquotedHashIsFine() {
        #expect(user(validHash).diagnostics.isEmpty)
    }
}
