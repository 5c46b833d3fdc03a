import Testing

/// PT403–PT406: whether a session reaches the peer, and with which TLS.
@Suite struct PeerTransportTests {
    static func hubWithTCP(disabled: Bool, spokeSSL: Bool) -> YAMLFixture {
        YAMLFixture(Estate.yaml(servers: [
            .server("hub", [Estate.hubTLS], inbound: ["tcp: { port: 25, enabled: \(!disabled) }", "ssl: { port: 465, enabled: true }"]),
            .server("spoke", outbound: ["ssl: { port: 465, enabled: \(spokeSSL) }", "relay: hub"]),
        ]))
    }

    @Test func closedTCPWithoutSSLPathGivesPT403() {
        let fixture = Self.hubWithTCP(disabled: true, spokeSSL: false)
        let diagnostic = fixture.expectOne("PT403", at: Mark(16, 16, "hub"), note: Mark(9, 35, "false"))
        #expect(diagnostic?.message == "spoke sends SMTP to its relay host hub over TCP, but hub has its inbound TCP port "
            + "disabled, and there is no SSL path (spoke's outbound SSL is disabled)")
    }

    @Test func closedTCPWithSSLPathIsFine() {
        Self.hubWithTCP(disabled: true, spokeSSL: true).expectNone("PT403")
    }

    @Test func peerWithoutListenerGivesPT403AtTheRoute() {
        let fixture = YAMLFixture(Estate.yaml(servers: [
            .server("quiet", ["smtp: { listener: false }"]),
            .server("spoke", ["smtp: { outbound: { routes: [ { to: quiet, domains: [q.example] } ] } }"]),
        ]))
        fixture.expectOne("PT403", at: Mark(9, 41, "quiet"), note: Mark(6, 23, "false"))
    }

    static func sslOnlySpoke(hubSSLPort: Int) -> YAMLFixture {
        YAMLFixture(Estate.yaml(servers: [
            .server("hub", [Estate.hubTLS], inbound: ["ssl: { port: \(hubSSLPort), enabled: true }"]),
            .server("spoke", outbound: ["tcp: { mode: disabled }", "ssl: { port: 465, enabled: true }", "relay: hub"]),
        ]))
    }

    @Test func sslOnlySenderWithOtherSSLPortGivesPT404() {
        let fixture = Self.sslOnlySpoke(hubSSLPort: 466)
        let diagnostic = fixture.expectOne("PT404", at: Mark(15, 22, "465"), note: Mark(9, 22, "466"))
        #expect(diagnostic?.help == "set smtp.outbound.ssl.port: 466 on spoke, or enable its outbound TCP")
    }

    @Test func sslOnlySenderWithMatchingSSLPortIsFine() {
        Self.sslOnlySpoke(hubSSLPort: 465).expectNone("PT404")
    }

    @Test func sslOnlySenderToPeerWithoutSSLGivesPT404AtItsTCPMode() {
        let fixture = YAMLFixture(Estate.yaml(servers: [
            "hub: { host: hub.acme.example }",
            .server("spoke", outbound: ["tcp: { mode: disabled }", "ssl: { enabled: true }", "relay: hub"]),
        ]))
        fixture.expectOne("PT404", at: Mark(9, 22, "disabled"), note: Mark(4, 3, "hub"))
    }

    static func startTLS(hub: String, spokeMode: String) -> YAMLFixture {
        YAMLFixture(Estate.yaml(servers: [
            .server("hub", [Estate.hubTLS, "smtp: { inbound: { starttls: \(hub) } }"]),
            .server("spoke", outbound: ["tcp: { mode: \(spokeMode) }", "relay: hub"]),
        ]))
    }

    @Test func requiredStartTLSAndPlainSenderGivesPT405() {
        let fixture = Self.startTLS(hub: "required", spokeMode: "enabled")
        let diagnostic = fixture.expectOne("PT405", at: Mark(12, 22, "enabled"), note: Mark(7, 34, "required"))
        #expect(diagnostic?.notes.first?.message == "hub requires STARTTLS here")
    }

    @Test func requiredStartTLSAndStartTLSSenderIsFine() {
        Self.startTLS(hub: "required", spokeMode: "starttls").expectNone("PT405")
    }

    @Test func startTLSSenderToPeerWithoutItGivesPT406() {
        let fixture = Self.startTLS(hub: "disabled", spokeMode: "starttls")
        fixture.expectOne("PT406", at: Mark(12, 22, "starttls"), note: Mark(7, 34, "disabled"))
    }

    @Test func startTLSSenderToPeerOfferingItIsFine() {
        Self.startTLS(hub: "enabled", spokeMode: "starttls").expectNone("PT406")
    }

    @Test func startTLSSenderToExternalWithoutItGivesPT406() {
        let fixture = YAMLFixture(Estate.yaml(
            servers: [.server("spoke", ["smtp: { outbound: { tcp: { mode: starttls }, relay: isp } }"])],
            .external("isp:", "  host: smtp.isp.example", "  inbound: { starttls: false }")))
        fixture.expectOne("PT406", at: Mark(6, 38, "starttls"), note: Mark(10, 26, "false"))
    }
}
