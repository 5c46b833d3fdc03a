import Testing

/// PT407 and PT411: whether the peer lets the sender in.
@Suite struct PeerAuthenticationTests {
    static func hubRefusingAnonymous(spokeOutbound: String...) -> YAMLFixture {
        YAMLFixture(Estate.yaml(servers: [
            .server("hub", [Estate.hubTLS], inbound: ["starttls: enabled", "auth:", "  tcp: { name_password: true, anonymous: false }"]),
            .server("spoke", outbound: spokeOutbound),
        ]))
    }

    @Test func routeToPeerRefusingAnonymousGivesPT407AtTheRoute() {
        let fixture = Self.hubRefusingAnonymous(spokeOutbound: "routes: [ { to: hub, domains: [hub.example] } ]")
        let diagnostic = fixture.expectOne("PT407", at: Mark(16, 25, "hub"), note: Mark(11, 50, "false"))
        #expect(diagnostic?.message
            == "spoke sends SMTP to its route target hub without authenticating, but hub refuses anonymous sessions on its TCP port")
    }

    @Test func relayWithoutRelayAuthGivesPT407AtRelayAuth() {
        let fixture = Self.hubRefusingAnonymous(spokeOutbound: "relay: hub", "relay_auth: disabled")
        fixture.expectOne("PT407", at: Mark(17, 21, "disabled"), note: Mark(11, 50, "false"))
    }

    @Test func relayThatAuthenticatesOverStartTLSIsFine() {
        let fixture = Self.hubRefusingAnonymous(spokeOutbound: "tcp: { mode: starttls }", "relay: hub", "relay_auth: required")
        fixture.expectNone("PT407")
        fixture.expectNone("PT411")
    }

    @Test func peerThatRefusesEveryoneGivesPT407() {
        let fixture = YAMLFixture(Estate.yaml(servers: [
            .server("hub", ["internet_sites: true"]),
            .server("spoke", ["smtp: { outbound: { relay: hub } }"]),
        ]))
        let diagnostic = fixture.expectOne("PT407", at: Mark(9, 32, "hub"), note: Mark(6, 21, "true"))
        #expect(diagnostic?.message.hasSuffix("\"This site is not enabled on the server.\"") == true)
        // Nothing the spoke sets lets it in: the help is about the hub's sites.
        #expect(diagnostic?.help?.contains("relay_auth") == false, "\(diagnostic?.help ?? "")")
    }

    /// A hub with `auth` on its TCP port and a spoke relaying through it with `spokeRelayAuth`.
    static func hub(auth: String, spokeRelayAuth: String) -> YAMLFixture {
        YAMLFixture(Estate.yaml(servers: [
            .server("hub", ["smtp: { inbound: { auth: { tcp: { \(auth) } } } }"]),
            .server("spoke", ["smtp: { outbound: { relay: hub, relay_auth: \(spokeRelayAuth) } }"]),
        ]))
    }

    @Test func relayAuthToHostWithoutNamePasswordGivesPT411() {
        let fixture = Self.hub(auth: "name_password: false, anonymous: true", spokeRelayAuth: "required")
        fixture.expectOne("PT411", at: Mark(9, 49, "required"), note: Mark(6, 54, "false"))
    }

    @Test func relayAuthWithoutStartTLSGivesPT411() {
        let fixture = Self.hubRefusingAnonymous(spokeOutbound: "relay: hub", "relay_auth: enabled")
        let diagnostic = fixture.expectOne("PT411", at: Mark(17, 21, "enabled"), note: Mark(9, 19, "enabled"))
        #expect(diagnostic?.message.contains("only after STARTTLS") == true)
    }

    @Test func enabledRelayAuthThatFailsFallsBackToAnonymous() {
        let fixture = Self.hubRefusingAnonymous(spokeOutbound: "relay: hub", "relay_auth: enabled")
        let codes = fixture.diagnostics.map(\.code.rawValue).filter { $0.hasPrefix("PT4") && $0 != "PT415" }
        #expect(codes == ["PT407", "PT411"])
    }

    /// A peer that lets nobody in gives PT407 alone: a PT411 whose help says
    /// to allow name and password, and a PT407 whose help says to set
    /// relay_auth, would send the user from one to the other.
    @Test func aPeerThatRefusesEveryoneGivesNoRelayAuthAdvice() {
        let fixture = Self.hub(auth: "name_password: false, anonymous: false", spokeRelayAuth: "enabled")
        let codes = fixture.diagnostics.map(\.code.rawValue).filter { $0.hasPrefix("PT4") && $0 != "PT415" }
        #expect(codes == ["PT407"])
        fixture.expectNone("PT411")
    }

    @Test func relayAuthToExternalOfferingNamePasswordIsFine() {
        let fixture = YAMLFixture(Estate.yaml(
            servers: [.server("spoke", ["smtp: { outbound: { relay: isp, relay_auth: required } }"])],
            .external("isp: { host: smtp.isp.example, inbound: { name_password: true } }")))
        fixture.expectNone("PT411")
    }
}
