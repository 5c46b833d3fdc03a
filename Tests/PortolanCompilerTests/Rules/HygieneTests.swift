import Testing

/// PT501–PT503: definitions that do nothing and routes that go nowhere.
@Suite struct HygieneTests {
    static func estate(siteServers: String, allow: String, route: String) -> YAMLFixture {
        YAMLFixture(Estate.yaml(
            internetDomains: "acme.example",
            servers: [
                .server("hub", ["access: { allow: [\(allow)] }", "smtp: { outbound: { routes: [ { to: isp, domains: [\(route)] } ] } }"]),
            ],
            .sites("mail: { protocol: smtp, servers: [\(siteServers)] }"),
            .users("alice: {}"),
            .groups("staff: [alice]"),
            .external("isp: { host: smtp.isp.example }")))
    }

    @Test func unhostedSiteGivesPT501() {
        Self.estate(siteServers: "", allow: "staff", route: "other.example").expectOne("PT501", at: Mark(10, 3, "mail"))
    }

    @Test func hostedSiteIsFine() {
        Self.estate(siteServers: "hub", allow: "staff", route: "other.example").expectNone("PT501")
    }

    @Test func unusedGroupAndUserGivePT502() {
        let fixture = Self.estate(siteServers: "hub", allow: "hub", route: "other.example")
        let found = fixture.diagnostics.filter { $0.code.rawValue == "PT502" }
        #expect(found.count == 1)
        #expect(fixture.isAt(found.first?.span, Mark(14, 3, "staff")))
        #expect(found.first?.message == "group staff is never used: no access list or group names it")
    }

    @Test func referencedGroupUserAndExternalAreUsed() {
        Self.estate(siteServers: "hub", allow: "staff", route: "other.example").expectNone("PT502")
    }

    @Test func unusedUserAndExternalGivePT502() {
        let fixture = YAMLFixture(Estate.yaml(
            servers: ["hub: { host: hub.acme.example }"], .users("bob: {}"), .external("isp: { host: smtp.isp.example }")))
        let found = fixture.diagnostics.filter { $0.code.rawValue == "PT502" }
        #expect(found.map { fixture.describe($0.span) } == ["6:3 'bob: {}'", "8:3 'isp: { host: smtp.is'"])
    }

    @Test func routeToLocalDomainGivesPT503() {
        let fixture = Self.estate(siteServers: "hub", allow: "staff", route: "Acme.Example")
        fixture.expectOne("PT503", at: Mark(8, 56, "Acme.Example"), note: Mark(3, 20, "acme.example"))
    }

    @Test func routeToForeignDomainIsFine() {
        Self.estate(siteServers: "hub", allow: "staff", route: "acme.example.org").expectNone("PT503")
    }
}
