import Testing

/// PT301–PT304, PT311 and PT314: Internet Sites on one server.
@Suite struct ServerSiteTests {
    static func siteServer(hosted: Bool, security: String = "{}", auth: String = "") -> YAMLFixture {
        YAMLFixture(Estate.yaml(
            servers: [.server("hub", ["internet_sites: true"], inbound: [auth.isEmpty ? "max_message_size: 10MiB" : auth])],
            .sites("mail:", "  protocol: smtp", "  servers: [\(hosted ? "hub" : "")]", "  security: \(security)")))
    }

    @Test func internetSitesWithoutSMTPSiteGivesPT301() {
        Self.siteServer(hosted: false).expectOne("PT301", at: Mark(6, 21, "true"))
    }

    @Test func hostedSMTPSiteSatisfiesPT301() {
        Self.siteServer(hosted: true).expectNone("PT301")
    }

    @Test func siteAllowingNothingGivesPT302() {
        let none = "{ tcp: { name_password: false, anonymous: false }, ssl: { name_password: false, anonymous: false } }"
        let fixture = Self.siteServer(hosted: true, security: none)
        let diagnostic = fixture.expectOne("PT302", at: Mark(14, 15, "{ tcp"))
        #expect(diagnostic?.message
            == "SMTP site mail allows no authentication option on TCP: hub refuses every connection there with "
            + "\"This site is not enabled on the server.\"")
    }

    @Test func siteAllowingAnonymousSatisfiesPT302() {
        Self.siteServer(hosted: true, security: "{ tcp: { name_password: false, anonymous: true } }").expectNone("PT302")
    }

    @Test func serverAuthIgnoredUnderInternetSitesGivesPT303() {
        let fixture = Self.siteServer(hosted: true, auth: "auth: { tcp: { anonymous: true } }")
        fixture.expectOne("PT303", at: Mark(9, 15, "{ tcp"), note: Mark(14, 15, "{}"))
    }

    @Test func noServerAuthGivesNoPT303() {
        Self.siteServer(hosted: true).expectNone("PT303")
    }

    static func twoSites(secondOrganization: String) -> YAMLFixture {
        YAMLFixture(Estate.yaml(
            servers: ["hub: { host: hub.acme.example, internet_sites: true }"],
            .sites(
                "first: { protocol: smtp, servers: [hub], hosts: [mail.acme.example, 10.0.0.1] }",
                "second: { protocol: smtp, servers: [hub], hosts: [MAIL.acme.example], organization: \(secondOrganization) }")))
    }

    @Test func overlappingSitesGivePT304() {
        let fixture = Self.twoSites(secondOrganization: "Acme")
        let diagnostic = fixture.expectOne("PT304", at: Mark(7, 53, "MAIL.acme.example"), note: Mark(6, 52, "mail.acme.example"))
        #expect(diagnostic?.message
            == "SMTP sites first and second both map MAIL.acme.example on hub (organization Acme): only first is used")
    }

    @Test func sitesOfDifferentOrganizationsDoNotOverlap() {
        Self.twoSites(secondOrganization: "Other").expectNone("PT304")
    }

    static func pop3(siteProtocol: String) -> YAMLFixture {
        YAMLFixture(Estate.yaml(
            servers: [.server("hub", ["internet_sites: true", "ports: { pop3: { tcp: { enabled: true } } }"])],
            .sites("mail: { protocol: smtp, servers: [hub] }", "other: { protocol: \(siteProtocol), servers: [hub] }")))
    }

    @Test func enabledPortWithoutSiteGivesPT311() {
        let fixture = Self.pop3(siteProtocol: "imap")
        let diagnostic = fixture.expectOne("PT311", at: Mark(7, 38, "true"))
        #expect(diagnostic?.message
            == "hub loads Internet Sites and enables POP3 on port 110, but hosts no POP3 site: POP3 connections are refused")
    }

    @Test func enabledPortWithSiteIsFine() {
        Self.pop3(siteProtocol: "pop3").expectNone("PT311")
    }

    static func addresses(siteHosts: String) -> YAMLFixture {
        YAMLFixture(Estate.yaml(
            servers: [.server("hub", ["addresses: [10.0.0.1, 10.0.0.2]", "internet_sites: true"])],
            .sites("mail: { protocol: smtp, servers: [hub], hosts: [\(siteHosts)] }")))
    }

    @Test func unmappedAddressGivesPT314() {
        let fixture = Self.addresses(siteHosts: "10.0.0.1")
        fixture.expectOne("PT314", at: Mark(6, 27, "10.0.0.2"), note: Mark(9, 51, "10.0.0.1"))
    }

    @Test func siteListingTheHostNameMapsEveryAddress() {
        Self.addresses(siteHosts: "hub.acme.example").expectNone("PT314")
    }
}
