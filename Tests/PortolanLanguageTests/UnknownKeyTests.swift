import Testing
@testable import PortolanLanguage

/// PT101: keys the grammar does not define, with "did you mean".
@Suite struct UnknownKeyTests {
    @Test func nearMissGetsASuggestion() throws {
        let result = decode(header + """
            servers:
              hub:
                host: hub.acme.example
                smtp:
                  listner: false
            """)
        #expect(result.places == ["PT101@7:7"])
        let diagnostic = try #require(result.only("PT101"))
        #expect(diagnostic.message == "unknown key 'listner' in servers.hub.smtp")
        #expect(diagnostic.help == "did you mean 'listener'?")
        #expect(result.server?.smtp.listener.value == true)
    }

    @Test func topLevelKey() throws {
        let result = decode(header + "sever: {}\n")
        #expect(result.places == ["PT101@3:1"])
        #expect(result.only("PT101")?.message == "unknown key 'sever' at the top level")
        #expect(result.only("PT101")?.help == "did you mean 'servers'?")
    }

    @Test func farKeyListsTheKnownOnes() throws {
        let result = decode(header + "external:\n  isp:\n    host: smtp.isp.example\n    colour: blue\n")
        #expect(result.places == ["PT101@6:5"])
        #expect(result.only("PT101")?.help == "the keys in external.isp are: host, addresses, inbound")
    }

    @Test func keysInEverySection() {
        let result = decode(header + """
            internet_sites: true
            defaults: { server: { hots: a.example }, site: {} }
            servers: { hub: { smtp: { inbound: { tcp: { prot: 25 } } } } }
            sites: { s: { protocol: smtp, securty: {} } }
            users: { u: { passwd: x } }
            external: { e: { host: e.example, inbound: { tls: 465 } } }
            """)
        #expect(result.places == ["PT101@3:1", "PT101@4:23", "PT101@4:42", "PT101@5:45", "PT101@6:31", "PT101@7:15", "PT101@8:46"])
    }

    @Test func unknownKeyDoesNotStopItsSiblings() {
        let result = decode(header + "servers:\n  hub:\n    hots: x\n    host: hub.acme.example\n")
        #expect(result.places == ["PT101@5:5"])
        #expect(result.server?.host?.value == "hub.acme.example")
    }
}
