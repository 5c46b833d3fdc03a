import PortolanCompiler
import PortolanLanguage
import Testing

/// The resolved model as the bundle lowering and the graph output see it.
@Suite struct ModelTests {
    static let fixture = YAMLFixture(Estate.yaml(
        servers: [
            .server(
                "hub",
                ["addresses: [10.0.0.1, 10.0.0.2]", "internet_sites: true", Estate.hubTLS, #"access: { allow: [staff, "*/Partner"], deny: [mallory] }"#],
                inbound: ["tcp: { port: 26 }", "ssl: { enabled: true }", "starttls: enabled"]),
            .server(
                "spoke", smtp: ["within_domain: true"],
                outbound: ["tcp: { port: 26, mode: starttls }", "relay: hub", "routes: [ { to: isp, domains: [partner.example] } ]"]),
            "quiet: { host: quiet.acme.example, smtp: { listener: false } }",
        ],
        .sites("main: { protocol: smtp, servers: [hub], hosts: [10.0.0.1] }", #"rest: { protocol: smtp, servers: ["*"] }"#),
        .users("alice: {}", "bob: { name: bob/Partner }", "mallory: {}", "eve: {}"),
        .groups("staff: [alice, crew]", "crew: [staff, mallory]"),
        .external("isp: { host: smtp.isp.example, inbound: { starttls: true } }")))

    static let model = Model(fixture.topology)

    func id(_ name: String) -> ServerID { Self.model.server(named: name)! }

    @Test func fixtureDecodes() {
        #expect(Self.fixture.decodeDiagnostics.isEmpty)
    }

    @Test func edgesIncludeRelayRoutesAndWithinDomain() {
        let edges = Self.model.edges(from: id("spoke"))
        #expect(edges.map(\.kind) == [.relay, .route, .withinDomain])
        #expect(edges.map(\.to) == [.server(id("hub")), .external(Self.model.external(named: "isp")!), .server(id("hub"))])
        #expect(edges[1].domains == ["partner.example"])
        #expect(Self.model.peers(of: id("spoke")).count == 2)
        #expect(Self.model.edges(from: id("quiet")).isEmpty)
    }

    @Test func connectionsSayHowTheSenderReachesEachPeer() {
        let toHub = Self.model.connection(from: id("spoke"), to: .server(id("hub")))
        #expect(toHub.path == .tcp(port: 26, starttls: true))
        #expect(toHub.works)
        #expect(toHub.host == "hub.acme.example")
        #expect(toHub.addresses == ["10.0.0.1", "10.0.0.2"])
        let toISP = Self.model.connection(from: id("spoke"), to: .external(Self.model.external(named: "isp")!))
        #expect(toISP.path == .tcp(port: 26, starttls: true))
        #expect(!toISP.works)
    }

    @Test func inboundListenersFollowTheServerDocument() {
        let listeners = Self.model.inboundListeners(of: id("hub"))
        #expect(listeners.map(\.port) == [.tcp, .ssl])
        #expect(listeners.map(\.number) == [26, 465])
        #expect(listeners[0].starttls == .enabled)
        #expect(listeners[0].addresses == ["10.0.0.1", "10.0.0.2"])
        #expect(Self.model.inboundListeners(of: id("quiet")).isEmpty)
    }

    @Test func accessListsExpandCyclicGroupsAndWildcards() {
        let admitted = Self.model.admittedUsers(of: id("hub")).map { Self.model[$0].name.value }
        #expect(admitted == ["alice", "bob"])
        #expect(!Self.model.admits(.server(id("spoke")), to: id("hub")))
        #expect(Self.model.admittedUsers(of: id("spoke")).count == 4)
    }

    @Test func sitesAreSelectedByAddressThenByCatchAll() {
        let hub = id("hub")
        #expect(Self.model.smtpSites(hostedOn: hub).map { Self.model[$0].name.value } == ["main", "rest"])
        #expect(Self.model.peerServingSite(of: hub, tls: false).map { Self.model[$0].name.value } == "main")
        #expect(Self.model.servers(hosting: Self.model.site(named: "rest")!).count == 3)
    }

    @Test func effectiveAuthComesFromTheServingSite() {
        let auth = Self.model.inboundAuth(of: id("hub"), port: .tcp, tls: false)
        #expect(auth.source == .site(Self.model.site(named: "main")!))
        #expect(Self.model.inboundAuth(of: id("spoke"), port: .tcp, tls: false).source == .defaults)
    }
}
