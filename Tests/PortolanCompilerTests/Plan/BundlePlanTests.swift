import PortolanBundle
import PortolanCompiler
import Testing

/// The plan's words for what changes between two builds of a host.
@Suite struct BundlePlanTests {
    static func texts(_ old: HostBundle, _ new: HostBundle) -> [String] {
        BundlePlan.diff(old: [old], new: [new]).flatMap { $0.changes.map(\.text) }
    }

    @Test func theSameBundleIsNoChange() {
        #expect(BundlePlan.diff(old: [SampleBundle.make("hub")], new: [SampleBundle.make("hub")]).isEmpty)
    }

    @Test func hostsThatComeAndGo() {
        let plans = BundlePlan.diff(old: [SampleBundle.make("old"), SampleBundle.make("hub")],
                                    new: [SampleBundle.make("hub"), SampleBundle.make("new")])
        #expect(plans.map { "\($0.server) \($0.action.rawValue)" } == ["new add", "old remove"])
    }

    @Test func aPortChangeNamesThePortInOneLine() {
        var new = SampleBundle.make("hub")
        new.outbound.tcpPort = 26
        new.outbound.tcpMode = "starttls"
        let changes = BundlePlan.diff(old: [SampleBundle.make("hub")], new: [new]).first?.changes ?? []
        #expect(changes.map(\.path) == ["outbound.tcpMode", "outbound.tcpPort"])
        #expect(changes.map(\.text) == ["outbound TCP mode enabled → starttls", "outbound TCP port 25 → 26"])
        #expect(changes.last?.old == "25" && changes.last?.new == "26")
    }

    @Test func listenersThatComeAndGoAreNamedByAddressAndPort() {
        var new = SampleBundle.make("hub")
        new.listeners.append(ListenerSpec(address: "192.0.2.1", port: 465, security: .implicitTLS, starttls: "disabled"))
        new.listeners[0].port = 26
        #expect(Self.texts(SampleBundle.make("hub"), new) == [
            "listener *:25 (plain) removed", "new listener *:26 (plain)", "new listener 192.0.2.1:465 (implicit-tls)",
        ])
    }

    @Test func aRelayHostsSSLPortReadsAsSSL() {
        let peer = PeerSpec(name: "hub", kind: "server", host: "hub.acme.example", address: nil, tcpPort: 26, sslPort: 465, starttls: "enabled")
        var old = SampleBundle.make("spoke")
        old.outbound.relay = peer
        var new = old
        new.outbound.relay?.sslPort = 466
        #expect(Self.texts(old, new) == ["outbound relay host SSL port 465 → 466"])
    }

    @Test func aSiteThatStopsTakingAnonymousMailNowRequiresAPassword() {
        let open = AuthOptionsSpec(clientCertificate: false, namePassword: true, anonymous: true)
        var old = SampleBundle.make("hub")
        old.internetSites = true
        old.sites = [SiteSpec(name: "acme-smtp", hosts: [], security: PortAuthSpec(tcp: open, ssl: open), tls: nil)]
        var new = old
        new.sites[0].security.tcp.anonymous = false
        #expect(Self.texts(old, new) == ["site acme-smtp now requires name and password on TCP"])
        new.sites[0].security.tcp.namePassword = false
        #expect(Self.texts(old, new).sorted() == [
            "site acme-smtp TCP name and password yes → no", "site acme-smtp no longer allows anonymous connections on TCP",
        ])
    }
}
