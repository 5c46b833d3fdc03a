import Testing

/// PT401 and PT402: outbound and inbound TCP ports along the SMTP edges.
@Suite struct PeerPortTests {
    static func hubOn26(spokeBPort: String) -> YAMLFixture {
        YAMLFixture(Estate.yaml(internetDomains: "acme.example", servers: [
            .server("hub", inbound: ["tcp: { port: 26 }"]),
            .server("spoke-a", outbound: ["tcp: { port: 26 }", "relay: hub"]),
            .server("spoke-b", outbound: [spokeBPort, "relay: hub"]),
        ]))
    }

    @Test func hubOn26WithEverySpokeSendingTo26IsClean() {
        let fixture = Self.hubOn26(spokeBPort: "tcp: { port: 26 }")
        #expect(fixture.decodeDiagnostics.isEmpty)
        // The spokes have no addresses: the hub knows them only by their
        // names (PT415), which is no port problem.
        let found = fixture.diagnostics.filter { $0.code.rawValue != "PT415" }
        #expect(found.isEmpty, "\(fixture.describe(found))")
    }

    @Test func spokeLeftAt25GivesPT401OnThatSpoke() {
        let fixture = Self.hubOn26(spokeBPort: "tcp: { port: 25 }")
        let diagnostic = fixture.expectOne("PT401", at: Mark(20, 22, "25"), note: Mark(9, 22, "26"))
        #expect(diagnostic?.message == "spoke-b sends SMTP to its relay host hub on port 25, but hub listens on 26")
        #expect(diagnostic?.notes.first?.message == "hub listens on port 26 here")
        #expect(diagnostic?.help == "set smtp.outbound.tcp.port: 26 on spoke-b, or move hub's inbound TCP port back to 25")
    }

    @Test func spokeWithDefaultPortGivesPT401AtItsOutbound() {
        let fixture = Self.hubOn26(spokeBPort: "tcp: { mode: enabled }")
        fixture.expectOne("PT401", at: Mark(20, 9, "tcp"), note: Mark(9, 22, "26"))
    }

    @Test func workingSSLPathSilencesTheTCPMismatch() {
        let fixture = YAMLFixture(Estate.yaml(servers: [
            .server("hub", [Estate.hubTLS], inbound: ["tcp: { port: 26 }", "ssl: { port: 465, enabled: true }"]),
            .server("spoke", outbound: ["ssl: { port: 465, enabled: true }", "relay: hub"]),
        ]))
        fixture.expectNone("PT401")
        fixture.expectNone("PT402")
    }

    static func spokeRoutingTo(hubCPort: Int) -> YAMLFixture {
        YAMLFixture(Estate.yaml(servers: [
            "hub-a: { host: hub-a.acme.example }",
            "hub-b: { host: hub-b.acme.example }",
            .server("hub-c", ["smtp: { inbound: { tcp: { port: \(hubCPort) } } }"]),
            .server("spoke", outbound: [
                "routes:",
                "  - { to: hub-a, domains: [a.example] }",
                "  - { to: hub-b, domains: [b.example] }",
                "  - { to: hub-c, domains: [c.example] }",
            ]),
        ]))
    }

    @Test func peersOnDifferentPortsGivePT402InsteadOfPT401() {
        let fixture = Self.spokeRoutingTo(hubCPort: 26)
        let diagnostic = fixture.expectOne("PT402", at: Mark(12, 7, "outbound"), note: Mark(8, 37, "26"))
        #expect(diagnostic?.message
            == "spoke sends to peers on different ports with one outbound port: 25 (hub-a, hub-b), 26 (hub-c)")
        #expect(diagnostic?.notes.count == 1)
        fixture.expectNone("PT401")
    }

    @Test func peersOnOnePortGiveNoPT402() {
        Self.spokeRoutingTo(hubCPort: 25).expectNone("PT402")
    }

    @Test func withinDomainSenderChecksEveryListener() {
        let fixture = YAMLFixture(Estate.yaml(defaults: ["server:", "  smtp: { within_domain: true }"], servers: [
            "a: { host: a.acme.example }",
            "b: { host: b.acme.example }",
            "c: { host: c.acme.example }",
            .server("odd", ["smtp: { within_domain: false, inbound: { tcp: { port: 26 } } }"]),
        ]))
        let found = fixture.diagnostics.filter { $0.code.rawValue == "PT402" }
        #expect(found.map(\.message) == [
            "a sends to peers on different ports with one outbound port: 25 (b and 1 more), 26 (odd)",
            "b sends to peers on different ports with one outbound port: 25 (a and 1 more), 26 (odd)",
            "c sends to peers on different ports with one outbound port: 25 (a and 1 more), 26 (odd)",
        ])
        #expect(found.allSatisfy { fixture.isAt($0.notes.first?.span, Mark(12, 59, "26")) })
    }
}
