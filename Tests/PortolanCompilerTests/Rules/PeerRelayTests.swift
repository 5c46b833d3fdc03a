import Testing

/// PT412-PT416: relaying through a peer, Internet mail without a relay host,
/// logging in to the relay host, and users' mail servers.
@Suite struct PeerRelayTests {
    /// A hub and a spoke that relays through it; `hub` goes into the hub's
    /// server document, `hubInbound` under its `smtp.inbound`, `spoke` into
    /// the spoke's server document, `spokeOutbound` under its
    /// `smtp.outbound`, and `extra` after the servers. Each is one line (an
    /// empty one when not given) or more.
    static func estate(
        hub: String = "", hubInbound: String = "", spoke: String = "addresses: [192.0.2.21]", spokeOutbound: String = "",
        extra: String = ""
    ) -> YAMLFixture {
        YAMLFixture(Estate.yaml(
            internetDomains: "acme.example",
            servers: [
                .server("hub", ["addresses: [192.0.2.10]", Estate.hubTLS, hub], inbound: ["starttls: enabled", hubInbound]),
                .server("spoke", [spoke], smtp: ["listener: false"], outbound: ["tcp: { mode: starttls }", "relay: hub", spokeOutbound]),
            ],
            .lines(extra)))
    }

    // MARK: PT412

    @Test func enforceAllGivesPT412AtTheSpokesRelay() {
        let fixture = Self.estate(hubInbound: "relay: { enforce: all }")
        let diagnostic = fixture.expectOne("PT412", at: Mark(21, 16, "hub"), note: Mark(13, 27, "all"))
        #expect(diagnostic?.message.hasSuffix("RCPT is answered 554 5.7.1 Relay access denied") == true)
        #expect(diagnostic?.help?.contains("allow_hosts") == true)
        // The hub offers no name and password: no advice to authenticate.
        #expect(diagnostic?.help?.contains("relay_auth") == false)
    }

    @Test func anInternalSpokeRelaysWithTheDefaultControls() {
        Self.estate().expectNone("PT412")
        // It has an address: the hub knows it without its reverse name.
        Self.estate().expectNone("PT415")
        Self.estate(hubInbound: "relay: { enforce: external }").expectNone("PT412")
    }

    @Test(arguments: ["[spoke]", "[spoke.acme.example]", "[192.0.2.21]", "[192.0.2.0/24]"])
    func allowHostsLetTheSpokeRelay(hosts: String) {
        Self.estate(hubInbound: "relay: { enforce: all, allow_hosts: \(hosts) }").expectNone("PT412")
    }

    @Test func aCIDRThatMissesTheSpokeGivesPT412() {
        let fixture = Self.estate(hubInbound: "relay: { enforce: all, allow_hosts: [192.0.2.32/27] }")
        fixture.expectOne("PT412", at: Mark(21, 16, "hub"), note: Mark(13, 27, "all"))
    }

    @Test func aSpokeWhoseNameIsOutsideTheLocalDomainsAndHasNoAddressesCannotRelay() {
        // enforce: external, but the hub cannot know the spoke: no address,
        // and its reverse name is its own host name (which is internal).
        let fixture = Self.estate(spoke: "")
        fixture.expectNone("PT412")
        fixture.expectOne("PT415", at: Mark(21, 16, "hub"), note: Mark(15, 11, "spoke.acme.example"))
    }

    @Test func authenticatedRelayNeedsAuthenticatedAllow() {
        let users = """
        users:
          alice: { internet_address: alice@acme.example, password: "$pbkdf2-sha256$1000$c2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }
        """
        let login = """
            relay_auth: required
            relay_login: { user: alice, password_file: /etc/portolan/spoke.secret }
            """
        let auth = "auth: { tcp: { name_password: true, anonymous: true } }"
        Self.estate(hubInbound: "relay: { enforce: all, authenticated: allow }\n" + auth, spokeOutbound: login, extra: users)
            .expectNone("PT412")
        let checked = Self.estate(hubInbound: "relay: { enforce: all, authenticated: check }\n" + auth, spokeOutbound: login, extra: users)
        let diagnostic = checked.expectOne("PT412", at: Mark(22, 16, "hub"), note: Mark(13, 27, "all"))
        #expect(diagnostic?.help?.contains("authenticated: allow") == true)
    }

    // MARK: PT413

    @Test func noRelayHostAndAnotherPortGivesPT413() {
        let fixture = YAMLFixture(Estate.yaml(servers: [.server("gw", ["smtp: { outbound: { tcp: { port: 587 } } }"])]))
        fixture.expectOne("PT413", at: Mark(6, 38, "587"))
        let sslOnly = YAMLFixture(Estate.yaml(servers: [
            .server("gw", ["smtp: { outbound: { tcp: { mode: disabled }, ssl: { enabled: true } } }"]),
        ]))
        sslOnly.expectOne("PT413", at: Mark(6, 38, "disabled"))
        let relayed = YAMLFixture(Estate.yaml(
            servers: [.server("gw", ["smtp: { outbound: { tcp: { port: 587 }, relay: isp } }"])],
            .external("isp: { host: smtp.isp.example, inbound: { tcp: 587 } }")))
        relayed.expectNone("PT413")
    }

    // MARK: PT414

    @Test func relayAuthWithoutRelayLoginGivesPT414() {
        let fixture = Self.estate(
            hubInbound: "auth: { tcp: { name_password: true, anonymous: true } }", spokeOutbound: "relay_auth: required")
        fixture.expectOne("PT414", at: Mark(22, 21, "required"))
    }

    @Test func aLoginOutsideAnEnforcedAccessListGivesPT414AtTheUser() {
        let users = """
        users:
          alice: { internet_address: alice@acme.example, password: "$pbkdf2-sha256$1000$c2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }
          bob: { internet_address: bob@acme.example, password: "$pbkdf2-sha256$1000$c2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }
        """
        let inbound = """
            enforce_server_access: true
            auth: { tcp: { name_password: true, anonymous: true } }
            """
        func login(_ user: String) -> String {
            """
            relay_auth: required
            relay_login: { user: \(user), password_file: /etc/portolan/spoke.secret }
            """
        }
        let access = "access: { allow: [bob] }"
        let outside = Self.estate(hub: access, hubInbound: inbound, spokeOutbound: login("alice"), extra: users)
        let diagnostic = outside.expectOne("PT414", at: Mark(24, 30, "alice"), note: Mark(13, 32, "true"))
        #expect(diagnostic?.message.contains("does not pass hub's access list") == true)
        Self.estate(hub: access, hubInbound: inbound, spokeOutbound: login("bob"), extra: users).expectNone("PT414")
    }

    // MARK: PT416

    @Test func aMailServerWithoutAListenerOrExternalGivesPT416() {
        let fixture = YAMLFixture(Estate.yaml(
            servers: [.server("notes", ["smtp: { listener: false }"]), .server("mail")],
            .external("isp: { host: smtp.isp.example, inbound: { tcp: 25 } }"),
            .users(
                "alice: { mail_server: notes }", "bob: { mail_server: isp }", "carol: { mail_server: mail }",
                "dave: { mail_server: mial }")))
        let codes = fixture.diagnostics.map(fixture.place)
        #expect(codes.filter { $0.hasPrefix("PT416") || $0.hasPrefix("PT202") } == ["PT416@12:25", "PT416@13:23", "PT202@15:24"])
    }
}
