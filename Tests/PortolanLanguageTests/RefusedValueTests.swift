import Testing
@testable import PortolanLanguage

/// A default that stands in for a refused value is marked `isRefused`, so that
/// the rules do not give advice built on it.
@Suite struct RefusedValueTests {
    @Test func aQuotedPortIsRefusedAndItsDefaultMarked() throws {
        let result = decode(header + "servers:\n  hub: { smtp: { inbound: { tcp: { port: \"26\" } } } }\n")
        #expect(result.places == ["PT102@4:42"])
        let port = try #require(result.server?.smtp.inbound.tcp.port)
        #expect(port.value == 25)
        #expect(port.isRefused)
        #expect(result.server?.smtp.inbound.tcp.enabled.isRefused == false)
    }

    @Test func writtenAndDefaultValuesAreNotRefused() throws {
        let result = decode(header + "servers:\n  hub: { smtp: { inbound: { tcp: { port: 26 } } } }\n")
        #expect(result.diagnostics.isEmpty)
        #expect(result.server?.smtp.inbound.tcp.port.isRefused == false)
        #expect(result.server?.smtp.outbound.tcpPort.isRefused == false)
        #expect(result.server?.smtp.inbound.starttls.isRefused == false)
    }

    @Test func everyKindOfScalarIsMarked() throws {
        let result = decode(header + """
            servers:
              hub:
                smtp:
                  listener: maybe
                  inbound: { starttls: sometimes, max_message_size: 10 parsecs }
                  outbound: { tcp: { port: 0, mode: tls }, relay_auth: always }
            external:
              isp: { host: smtp.isp.example, inbound: { tcp: "25" } }
            """)
        #expect(result.places == ["PT102@6:17", "PT105@7:28", "PT109@7:57", "PT104@8:32", "PT105@8:41", "PT105@8:60", "PT102@10:50"])
        let smtp = try #require(result.server?.smtp)
        #expect(smtp.listener.isRefused)
        #expect(smtp.inbound.starttls.isRefused)
        #expect(smtp.inbound.maxMessageSize.isRefused)
        #expect(smtp.outbound.tcpPort.isRefused)
        #expect(smtp.outbound.tcpMode.isRefused)
        #expect(smtp.outbound.relayAuth.isRefused)
        #expect(result.topology.externals.first?.inbound.tcp?.isRefused == true)
    }

    @Test func everythingInARefusedObjectIsMarked() throws {
        let result = decode(header + "servers:\n  hub: { smtp: { inbound: { tcp: 26 } } }\n")
        #expect(result.places == ["PT102@4:34"])
        let tcp = try #require(result.server?.smtp.inbound.tcp)
        #expect(tcp.port.isRefused)
        #expect(tcp.enabled.isRefused)
        #expect(result.server?.smtp.inbound.ssl.port.isRefused == false)
    }

    /// The value from `defaults.server` does not stand in silently for a
    /// server's own refused one: it is marked too.
    @Test func anInheritedValueInPlaceOfARefusedOneIsMarked() throws {
        let result = decode(header + """
            defaults:
              server: { smtp: { inbound: { tcp: { port: 26 } } } }
            servers:
              hub: { smtp: { inbound: { tcp: { port: "27" } } } }
              spoke: {}
            """)
        #expect(result.places == ["PT102@6:42"])
        #expect(result.topology.servers.map(\.smtp.inbound.tcp.port.value) == [26, 26])
        #expect(result.topology.servers.map(\.smtp.inbound.tcp.port.isRefused) == [true, false])
    }

    @Test func anInheritedObjectInPlaceOfARefusedOneIsMarked() {
        let result = decode(header + """
            defaults:
              server: { smtp: { inbound: { tcp: { port: 26 } } } }
            servers:
              hub: { smtp: { inbound: { tcp: 27 } } }
            """)
        #expect(result.places == ["PT102@6:34"])
        #expect(result.server?.smtp.inbound.tcp.port.value == 26)
        #expect(result.server?.smtp.inbound.tcp.port.isRefused == true)
    }

    @Test func aRefusedDefaultIsMarkedInEveryServerThatTakesIt() {
        let result = decode(header + """
            defaults:
              server: { smtp: { outbound: { tcp: { port: "26" } } } }
            servers:
              hub: {}
            """)
        #expect(result.places == ["PT102@4:46"])
        #expect(result.server?.smtp.outbound.tcpPort.isRefused == true)
    }
}
