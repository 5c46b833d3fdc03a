import Testing
@testable import PortolanLanguage

/// `defaults.server`: deep-merged under every server; explicit values win,
/// lists and key rings are replaced; spans point into the block.
@Suite struct DefaultsMergeTests {
    static let defaultsFile = (file: "conf/defaults.yaml", text: """
        portolan: 1
        organization: Acme
        defaults:
          server:
            addresses: [10.0.0.1, 10.0.0.2]
            access: { allow: [admins] }
            tls: { certificate: tls/default.pem, key: tls/default.key }
            smtp:
              inbound:
                tcp: { port: 26 }
                starttls: enabled
              outbound:
                tcp: { port: 26, mode: starttls }
        """)

    static let serversFile = (file: "site/servers.yaml", text: """
        portolan: 1
        servers:
          hub:
            addresses: [10.0.0.9]
            tls: { certificate: tls/hub.pem }
            smtp:
              inbound:
                tcp: { enabled: false }
          spoke:
            host: spoke.acme.example
        """)

    @Test func explicitValuesWinAndDefaultsFillTheRest() throws {
        let result = decode([Self.defaultsFile, Self.serversFile])
        let hub = try #require(result.topology.servers.first)
        #expect(hub.addresses.map(\.value) == ["10.0.0.9"])
        #expect(hub.smtp.inbound.tcp.enabled.value == false)
        #expect(result.place(hub.smtp.inbound.tcp.enabled.span) == "site/servers.yaml:8:25")
        #expect(hub.smtp.inbound.tcp.port.value == 26 && hub.smtp.inbound.tcp.port.isExplicit)
        #expect(result.place(hub.smtp.inbound.tcp.port.span) == "conf/defaults.yaml:10:22")
        #expect(hub.smtp.inbound.starttls.value == .enabled && result.path(hub.smtp.inbound.starttls.span) == "conf/defaults.yaml")
        #expect(hub.smtp.outbound.tcpPort.value == 26 && hub.smtp.outbound.tcpMode.value == .starttls)
        #expect(hub.access.allow.map(\.value) == ["admins"])
        #expect(result.place(hub.access.allow.first?.span) == "conf/defaults.yaml:6:23")
        // What neither wrote is Domino's default, at the nearest key the server wrote.
        #expect(hub.smtp.inbound.ssl.port.value == 465 && !hub.smtp.inbound.ssl.port.isExplicit)
        #expect(result.place(hub.smtp.inbound.ssl.port.span) == "site/servers.yaml:7:7")
        #expect(result.place(hub.smtp.outbound.ssl.port.span) == "site/servers.yaml:6:5")
    }

    @Test func listsAndKeyRingsAreReplacedWhole() throws {
        let result = decode([Self.defaultsFile, Self.serversFile])
        // hub's key ring names no key: it does not borrow the default's (PT103).
        #expect(result.places == ["PT103@5:5"])
        #expect(result.only("PT103")?.message == "missing required key 'key' in servers.hub.tls")
        #expect(result.topology.servers.first?.tls == nil)
        let spoke = try #require(result.topology.servers.last)
        #expect(spoke.addresses.map(\.value) == ["10.0.0.1", "10.0.0.2"])
        let tls = try #require(spoke.tls)
        #expect(tls.certificate.value == "tls/default.pem" && tls.baseDirectory == "conf")
    }

    @Test func serverThatWroteNothingOfSMTPIsAnchoredAtItsName() throws {
        let result = decode([Self.defaultsFile, Self.serversFile])
        let spoke = try #require(result.topology.servers.last)
        #expect(result.place(spoke.smtp.inbound.tcp.port.span) == "conf/defaults.yaml:10:22")
        #expect(result.place(spoke.smtp.inbound.ssl.port.span) == "site/servers.yaml:9:3")
        #expect(result.place(spoke.smtp.listener.span) == "site/servers.yaml:9:3")
    }

    @Test func keyRingBaseDirectoryIsTheFolderOfItsFile() throws {
        let result = decode([("examples/x/topology.yaml", header + "servers:\n  hub: { tls: { certificate: c.pem, key: k.pem } }\n")])
        #expect(result.server?.tls?.baseDirectory == "examples/x")
        #expect(decode(header + "servers:\n  hub: { tls: { certificate: c.pem, key: k.pem } }\n").server?.tls?.baseDirectory == ".")
    }

    @Test func problemsInTheBlockAreReportedOnce() {
        let result = decode(header + """
            defaults:
              server:
                smtp: { inbound: { tcp: { port: abc } }, outbound: { routes: [{ domains: [x.example] }] } }
                colour: blue
            servers: { a: {}, b: {}, c: {} }
            """)
        #expect(result.places == ["PT102@5:37", "PT103@5:67", "PT101@6:5"])
        #expect(result.topology.servers.allSatisfy { $0.smtp.inbound.tcp.port.value == 25 && $0.smtp.outbound.routes.isEmpty })
    }

    @Test func blocksOfSeveralFilesMerge() throws {
        let result = decode([
            ("a.yaml", header + "defaults: { server: { smtp: { inbound: { starttls: enabled } } } }\n"),
            ("b.yaml", "portolan: 1\ndefaults: { server: { smtp: { inbound: { tcp: { port: 26 } } }, addresses: [10.0.0.1] } }\n"),
            ("c.yaml", "portolan: 1\nservers: { hub: {} }\n"),
        ])
        #expect(result.diagnostics.isEmpty)
        let hub = try #require(result.server)
        #expect(hub.smtp.inbound.starttls.value == .enabled && hub.smtp.inbound.tcp.port.value == 26)
        #expect(hub.addresses.map(\.value) == ["10.0.0.1"])
    }

    @Test func aDefaultSetInTwoFilesIsPT201() throws {
        let result = decode([
            ("a.yaml", header + "defaults: { server: { smtp: { inbound: { starttls: enabled } } } }\n"),
            ("b.yaml", "portolan: 1\ndefaults: { server: { smtp: { inbound: { starttls: required } } } }\nservers: { hub: {} }\n"),
        ])
        #expect(result.places == ["PT201@2:42"])
        let diagnostic = try #require(result.only("PT201"))
        #expect(result.path(diagnostic.span) == "b.yaml")
        #expect(diagnostic.message == "the default defaults.server.smtp.inbound.starttls is set twice")
        #expect(result.place(diagnostic.notes.first?.span) == "a.yaml:3:42")
        #expect(result.server?.smtp.inbound.starttls.value == .enabled)
    }
}
