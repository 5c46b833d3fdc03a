import Testing
@testable import PortolanLanguage

/// `smtp.inbound.relay`, `smtp.outbound.relay_login`, a user's `mail_server`
/// and an external host's `addresses`: values, defaults and bad values.
@Suite struct RelayingKeyTests {
    @Test func relayControlsDefaultToDominos() throws {
        let result = decode(header + "servers:\n  hub: { host: hub.acme.example }\n")
        #expect(result.diagnostics.isEmpty)
        let relay = try #require(result.server?.smtp.inbound.relay)
        #expect(relay.enforce.value == .external)
        #expect(relay.enforce.isExplicit == false)
        #expect(relay.allowHosts.isEmpty)
        #expect(relay.authenticated.value == .allow)
        #expect(result.place(relay.span) == "t.yaml:4:3")
        #expect(result.server?.smtp.outbound.relayLogin == nil)
    }

    @Test func relayControlsAsWritten() throws {
        let result = decode(header + """
            servers:
              hub:
                smtp:
                  inbound:
                    relay: { enforce: all, allow_hosts: [spoke, MX.Partner.example, 192.0.2.7, 10.0.0.0/8, "2001:db8::/32"], authenticated: check }
            """)
        #expect(result.diagnostics.isEmpty, "\(result.places)")
        let relay = try #require(result.server?.smtp.inbound.relay)
        #expect(relay.enforce.value == .all)
        #expect(result.place(relay.enforce.span) == "t.yaml:7:27")
        #expect(relay.allowHosts.map(\.value) == ["spoke", "MX.Partner.example", "192.0.2.7", "10.0.0.0/8", "2001:db8::/32"])
        #expect(relay.allowHosts.map { result.place($0.span) } == ["t.yaml:7:46", "t.yaml:7:53", "t.yaml:7:73", "t.yaml:7:84", "t.yaml:7:96"])
        #expect(relay.authenticated.value == .check)
    }

    @Test func badRelayControlsAreReportedAtTheValue() throws {
        let result = decode(header + """
            servers:
              hub:
                smtp:
                  inbound:
                    relay: { enforce: internal, allow_hosts: [10.0.0.0/33, a_b, 300.1.1.1, 10.0.0.0/08, 10.0.0.0/], authenticated: maybe }
            """)
        #expect(result.places == ["PT105@7:27", "PT106@7:51", "PT106@7:64", "PT106@7:69", "PT106@7:80", "PT106@7:93", "PT105@7:120"])
        #expect(result.diagnostics.first?.help == "did you mean 'external'?")
        #expect(result.diagnostics[1].message.hasPrefix(
            "servers.hub.smtp.inbound.relay.allow_hosts[0] '10.0.0.0/33' is not a server name, a host name, an IP address or a CIDR range"))
        let relay = try #require(result.server?.smtp.inbound.relay)
        #expect(relay.enforce.value == .external)
        #expect(relay.enforce.isRefused)
        #expect(relay.authenticated.isRefused)
        #expect(relay.allowHosts.isEmpty)
    }

    @Test func relayLoginAsWritten() throws {
        let result = decode(header + """
            servers:
              spoke:
                smtp:
                  outbound:
                    relay_auth: required
                    relay_login: { user: spoke-relay, password_file: /etc/portolan/spoke-relay.secret }
            """)
        #expect(result.diagnostics.isEmpty, "\(result.places)")
        let login = try #require(result.server?.smtp.outbound.relayLogin)
        #expect(login.user.value == "spoke-relay")
        #expect(result.place(login.user.span) == "t.yaml:8:30")
        #expect(login.passwordFile.value == "/etc/portolan/spoke-relay.secret")
    }

    @Test func relayLoginNeedsBothKeys() {
        let result = decode(header + """
            servers:
              spoke:
                smtp:
                  outbound:
                    relay_login: { user: spoke-relay }
              other:
                smtp: { outbound: { relay_login: { password_file: /etc/x } } }
            """)
        #expect(result.places == ["PT103@7:9", "PT103@9:25"])
        #expect(result.diagnostics.first?.message == "missing required key 'password_file' in servers.spoke.smtp.outbound.relay_login")
        #expect(result.topology.servers.allSatisfy { $0.smtp.outbound.relayLogin == nil })
    }

    @Test func relayLoginFromDefaultsIsReplacedAsAWhole() throws {
        let result = decode(header + """
            defaults:
              server: { smtp: { outbound: { relay_login: { user: relay, password_file: /etc/a } } } }
            servers:
              spoke: { smtp: { outbound: { relay_login: { user: other, password_file: /etc/b } } } }
              plain: {}
            """)
        #expect(result.diagnostics.isEmpty, "\(result.places)")
        #expect(result.topology.servers.map { $0.smtp.outbound.relayLogin?.user.value } == ["other", "relay"])
    }

    @Test func mailServerAndExternalAddresses() throws {
        let result = decode(header + """
            users:
              alice: { mail_server: hub }
              bob: {}
            external:
              isp: { host: smtp.isp.example, addresses: [192.0.2.25, "2001:db8::25"] }
            """)
        #expect(result.diagnostics.isEmpty, "\(result.places)")
        #expect(result.topology.users.map { $0.mailServer?.value } == ["hub", nil])
        #expect(result.place(result.topology.users.first?.mailServer?.span) == "t.yaml:4:25")
        #expect(result.topology.externals.first?.addresses.map(\.value) == ["192.0.2.25", "2001:db8::25"])
    }

    @Test func badMailServerAndExternalAddresses() throws {
        let result = decode(header + """
            users:
              alice: { mail_server: 42 }
            external:
              isp: { host: smtp.isp.example, addresses: [192.0.2.25, 192.0.2.300, smtp.isp.example] }
              none: { host: mx.example }
            """)
        #expect(result.places == ["PT102@4:25", "PT106@6:58", "PT106@6:71"])
        #expect(result.topology.users.first?.mailServer == nil)
        #expect(result.topology.externals.map { $0.addresses.map(\.value) } == [["192.0.2.25"], []])
    }
}
