import Testing
@testable import PortolanLanguage

/// PT102: values of the wrong kind, YAML 1.2 core schema style.
@Suite struct TypeTests {
    /// A server whose inbound TCP port is `value`, written on line 4 at column 42.
    func port(_ value: String) -> Decoded {
        decode(header + "servers:\n  hub: { smtp: { inbound: { tcp: { port: \(value) } } } }\n")
    }

    @Test func quotedNumberIsAString() throws {
        let result = port("\"25\"")
        #expect(result.places == ["PT102@4:42"])
        let diagnostic = try #require(result.only("PT102"))
        #expect(diagnostic.message == "expected an integer for servers.hub.smtp.inbound.tcp.port, found a string '25'")
        #expect(diagnostic.help == "quoted values are strings: write 25 without quotes")
        #expect(result.server?.smtp.inbound.tcp.port.value == 25)
        #expect(result.server?.smtp.inbound.tcp.port.isExplicit == false)
    }

    @Test(arguments: ["0x19", "25.0", "1e3", "abc", "true", "~", "[25]", "{ n: 25 }", "0o31", ".inf"])
    func notAnInteger(value: String) {
        #expect(port(value).places == ["PT102@4:42"])
    }

    @Test func messagesSayWhatWasFound() {
        #expect(port("abc").only("PT102")?.message.hasSuffix("found a string 'abc'") == true)
        #expect(port("25.0").only("PT102")?.message.hasSuffix("found a number '25.0'") == true)
        #expect(port("~").only("PT102")?.message.hasSuffix("found null") == true)
        #expect(port("[25]").only("PT102")?.message.hasSuffix("found a list") == true)
        #expect(port("0x19").only("PT102")?.help == "write a whole number in decimal")
    }

    @Test func yaml11BooleansAreStrings() throws {
        let result = decode(header + "servers:\n  hub:\n    internet_sites: yes\n")
        #expect(result.places == ["PT102@5:21"])
        #expect(result.only("PT102")?.message == "expected a boolean (true or false) for servers.hub.internet_sites, found a string 'yes'")
        #expect(result.only("PT102")?.help == "YAML 1.2 booleans are true and false; 'yes' is a string")
    }

    @Test func stringWhereAListIsExpected() throws {
        let result = decode(header + "internet_domains: acme.example\n")
        #expect(result.places == ["PT102@3:19"])
        #expect(result.only("PT102")?.message == "expected a list of host names for internet_domains, found a string 'acme.example'")
    }

    @Test func numberWhereAStringIsExpected() throws {
        let result = decode("portolan: 1\norganization: 42\n")
        #expect(result.places == ["PT102@2:15"])
        #expect(result.only("PT102")?.help == "quote the value to make it a string: '42'")
        #expect(decode("portolan: 1\norganization: \"42\"\n").diagnostics.isEmpty)
    }

    @Test func wrongShapesOfObjectsAndSections() {
        let result = decode(header + """
            servers: [hub]
            sites: { s: smtp }
            users: { u: { internet_address: [a@b.example] } }
            groups: { g: { members: [u] } }
            external: { e: { host: e.example, inbound: { tcp: true } } }
            """)
        #expect(result.places == ["PT102@3:10", "PT102@4:13", "PT102@5:33", "PT102@6:14", "PT102@7:51"])
    }

    @Test func validValuesOfEveryScalarType() {
        let result = decode(header + """
            servers:
              hub:
                host: hub.acme.example
                internet_sites: false
                addresses: [127.0.0.10, "::1"]
                smtp: { inbound: { tcp: { port: 65535 }, max_message_size: 1, starttls: required } }
            """)
        #expect(result.diagnostics.isEmpty)
    }
}
