import Testing

/// PT408–PT410: loops, self edges and listeners nobody sends to.
@Suite struct RelayGraphTests {
    static func chain(closing: Bool) -> YAMLFixture {
        YAMLFixture(Estate.yaml(
            servers: [
                "c: { host: c.acme.example, smtp: { outbound: { relay: \(closing ? "a" : "isp") } } }",
                "b: { host: b.acme.example, smtp: { outbound: { relay: c } } }",
                "a: { host: a.acme.example, smtp: { outbound: { relay: b } } }",
                "d: { host: d.acme.example, smtp: { outbound: { relay: a } } }",
            ],
            .external("isp: { host: smtp.isp.example }")))
    }

    @Test func relayLoopGivesPT408OnceFromTheSmallestName() {
        let fixture = Self.chain(closing: true)
        let diagnostic = fixture.expectOne("PT408", at: Mark(6, 57, "b"), note: Mark(5, 57, "c"))
        #expect(diagnostic?.message == "relay loop: a → b → c → a")
        #expect(diagnostic?.notes.map(\.message) == ["b relays to c here", "c relays to a here"])
    }

    @Test func relayChainWithoutLoopIsFine() {
        Self.chain(closing: false).expectNone("PT408")
    }

    static func hub(relay: String) -> YAMLFixture {
        YAMLFixture(Estate.yaml(
            servers: [.server("hub", outbound: ["relay: \(relay)", "routes: [ { to: isp, domains: [isp.example] } ]"])],
            .external("isp: { host: smtp.isp.example }")))
    }

    @Test func relayToItselfGivesPT409() {
        let fixture = Self.hub(relay: "hub.acme.example")
        let diagnostic = fixture.expectOne("PT409", at: Mark(8, 16, "hub.acme.example"))
        #expect(diagnostic?.message == "hub relays to itself: the mail never leaves")
        fixture.expectNone("PT408")
    }

    @Test func relayToAnotherHostIsFine() {
        Self.hub(relay: "isp").expectNone("PT409")
    }

    static func listenerOn26(withSender: Bool) -> YAMLFixture {
        YAMLFixture(Estate.yaml(servers: [
            .server("hub", ["smtp: { inbound: { tcp: { port: 26 } } }"]),
            .server("spoke", ["smtp: { within_domain: \(withSender), outbound: { tcp: { port: 26 } } }"]),
        ]))
    }

    @Test func nonStandardPortNobodySendsToGivesPT410() {
        let fixture = Self.listenerOn26(withSender: false)
        let diagnostic = fixture.expectOne("PT410", at: Mark(6, 37, "26"))
        #expect(diagnostic?.message == "hub listens on port 26, but nothing in the topology sends to it: outside clients try port 25")
    }

    @Test func withinDomainSenderReachesTheNonStandardPort() {
        Self.listenerOn26(withSender: true).expectNone("PT410")
    }
}
