import PortolanBundle
import PortolanListener
import Testing

@Suite struct SiteSelectionTests {
    static let open = AuthOptionsSpec(clientCertificate: false, namePassword: true, anonymous: true)
    static let nothing = AuthOptionsSpec(clientCertificate: false, namePassword: false, anonymous: false)

    static func bundle(internetSites: Bool = true, sites: [SiteSpec]) -> HostBundle {
        HostBundle(
            compiler: "test", server: ServerIdentity(name: "hub", hierarchicalName: "hub/Acme", host: "hub.acme.example", organization: "Acme"),
            localDomains: ["Acme.Example"], listeners: [], internetSites: internetSites, sites: sites,
            auth: PortAuthSpec(tcp: open, ssl: nothing), authenticatedUsers: true, access: AccessSpec(enforce: true),
            users: [UserSpec(name: "alice", hierarchicalName: "alice/Acme", logins: ["alice@acme.example"], passwordHash: "$pbkdf2-sha256$2$c2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")],
            tls: nil, limits: Limits(maxMessageSize: 10),
            outbound: OutboundSpec(tcpPort: 25, tcpMode: "enabled", sslPort: nil, relay: nil, relayAuth: "disabled", routes: [], withinDomain: false))
    }

    static func site(_ name: String, _ hosts: [String], tcp: AuthOptionsSpec = open) -> SiteSpec {
        SiteSpec(name: name, hosts: hosts, security: PortAuthSpec(tcp: tcp, ssl: nothing), tls: nil)
    }

    static let plain = ListenerSpec(address: nil, port: 25, security: .plain, starttls: "required")
    static let ssl = ListenerSpec(address: nil, port: 465, security: .implicitTLS, starttls: "disabled")

    @Test func sniThenAddressThenCatchAll() {
        let selection = SiteSelection(bundle: Self.bundle(sites: [
            Self.site("any", []), Self.site("by-address", ["10.0.0.1"]), Self.site("by-name", ["mail.acme.example"]),
        ]))
        #expect(selection.site(sni: "MAIL.acme.example", localAddresses: ["10.0.0.1"])?.name == "by-name")
        #expect(selection.site(sni: "other.example", localAddresses: ["10.0.0.1"])?.name == "by-address")
        #expect(selection.site(sni: nil, localAddresses: ["127.0.0.1", "10.0.0.1"])?.name == "by-address")
        #expect(selection.site(sni: nil, localAddresses: ["10.0.0.2"])?.name == "any")
    }

    @Test func noSiteOrASiteThatAllowsNothingIsNotEnabled() {
        let none = SiteSelection(bundle: Self.bundle(sites: [Self.site("named", ["10.0.0.1"])]))
        #expect(none.policy(listener: Self.plain, sni: nil, localAddresses: ["10.0.0.2"]).enabled == false)
        let closed = SiteSelection(bundle: Self.bundle(sites: [Self.site("closed", [], tcp: Self.nothing)]))
        let policy = closed.policy(listener: Self.plain, sni: nil, localAddresses: ["10.0.0.2"])
        #expect(!policy.enabled && policy.siteName == "closed")
        #expect(closed.policy(listener: Self.ssl, sni: nil, localAddresses: []).enabled == false)
    }

    @Test func serverSettingsWhenInternetSitesAreOff() {
        let selection = SiteSelection(bundle: Self.bundle(internetSites: false, sites: [Self.site("ignored", [], tcp: Self.nothing)]))
        let tcp = selection.policy(listener: Self.plain, sni: nil, localAddresses: [])
        #expect(tcp.enabled && tcp.anonymous && tcp.namePassword && tcp.siteName == nil)
        #expect(tcp.startTLS == .required && tcp.enforceAccess)
        #expect(tcp.localDomains == ["acme.example"])
        #expect(tcp.user(forLogin: "ALICE@acme.example")?.name == "alice")
        #expect(tcp.user(forLogin: "alice/acme")?.name == "alice")
        #expect(tcp.user(forLogin: "bob") == nil)
        let ssl = selection.policy(listener: Self.ssl, sni: nil, localAddresses: [])
        #expect(!ssl.enabled && ssl.startTLS == .disabled)
    }
}
