import Testing

/// PT202–PT204: undefined names, shared host names, shared addresses.
@Suite struct ReferenceTests {
    /// A hub and a spoke that relays to `relay`.
    static func spoke(relay: String) -> YAMLFixture {
        YAMLFixture(Estate.yaml(servers: [
            "hub: { host: hub.acme.example }",
            "spoke: { host: spoke.acme.example, smtp: { outbound: { relay: \(relay) } } }",
        ]))
    }

    @Test func undefinedRelayGivesPT202WithSuggestion() {
        let fixture = Self.spoke(relay: "hbu")
        let diagnostic = fixture.expectOne("PT202", at: Mark(5, 65, "hbu"))
        #expect(diagnostic?.message == "spoke's relay host 'hbu' is not a defined server or external host")
        #expect(diagnostic?.help == "did you mean 'hub'?")
    }

    @Test func relayByHostNameResolves() {
        Self.spoke(relay: "HUB.acme.example.").expectNone("PT202")
    }

    static func references(member: String, allow: String, siteServer: String) -> YAMLFixture {
        YAMLFixture(Estate.yaml(
            servers: [.server("hub", ["access: { allow: [\(allow)] }"])],
            .sites("mail: { protocol: smtp, servers: [\(siteServer)] }"),
            .users("alice: { name: alice/Sales/Acme }"),
            .groups("staff: [\(member)]", "admins: [staff]")))
    }

    @Test func undefinedGroupMemberGivesPT202() {
        let fixture = Self.references(member: "alcie", allow: "admins", siteServer: "hub")
        let diagnostic = fixture.expectOne("PT202", at: Mark(12, 11, "alcie"))
        #expect(diagnostic?.help == "did you mean 'alice'?")
    }

    @Test func undefinedWildcardOrganizationGivesPT202() {
        let fixture = Self.references(member: "alice", allow: "\"*/Acmee\"", siteServer: "hub")
        let diagnostic = fixture.expectOne("PT202", at: Mark(6, 23, "\"*/Acmee\""))
        #expect(diagnostic?.help == "did you mean '*/Acme'?")
    }

    @Test func undefinedSiteServerGivesPT202() {
        let fixture = Self.references(member: "alice", allow: "admins", siteServer: "hbu")
        fixture.expectOne("PT202", at: Mark(8, 37, "hbu"))
    }

    @Test func definedNamesOfEveryKindResolve() {
        let fixture = Self.references(member: "ALICE/sales/acme, \"*/Sales/Acme\", hub/Acme", allow: "admins, hub", siteServer: "\"*\"")
        fixture.expectNone("PT202")
    }

    static func twoServers(secondHost: String, secondAddress: String, firstAddresses: String = "10.0.0.1") -> YAMLFixture {
        YAMLFixture(Estate.yaml(servers: [
            .server("hub", ["addresses: [\(firstAddresses)]"]),
            .server("hub2", host: secondHost, ["addresses: [\(secondAddress)]"]),
        ]))
    }

    @Test func sameHostNameGivesPT203() {
        let fixture = Self.twoServers(secondHost: "Hub.Acme.Example", secondAddress: "10.0.0.2")
        fixture.expectOne("PT203", at: Mark(8, 11, "Hub.Acme.Example"), note: Mark(5, 11, "hub.acme.example"))
    }

    @Test func differentHostNamesAreFine() {
        Self.twoServers(secondHost: "hub2.acme.example", secondAddress: "10.0.0.2").expectNone("PT203")
    }

    @Test func sameAddressAndPortGivesPT204() {
        let fixture = Self.twoServers(secondHost: "hub2.acme.example", secondAddress: "10.0.0.1")
        let diagnostic = fixture.expectOne("PT204", at: Mark(9, 17, "10.0.0.1"), note: Mark(6, 17, "10.0.0.1"))
        #expect(diagnostic?.message == "servers hub and hub2 both bind 10.0.0.1 on port 25")
    }

    @Test func anAddressListedTwiceBindsOnce() {
        let fixture = Self.twoServers(
            secondHost: "hub2.acme.example", secondAddress: "10.0.0.1, 10.0.0.1", firstAddresses: "10.0.0.1, 10.0.0.1")
        let diagnostic = fixture.expectOne("PT204", at: Mark(9, 17, "10.0.0.1"), note: Mark(6, 17, "10.0.0.1"))
        #expect(diagnostic?.message == "servers hub and hub2 both bind 10.0.0.1 on port 25")
    }

    @Test func threeServersOnOneAddressGiveAClashPerLaterServer() {
        let fixture = YAMLFixture(Estate.yaml(servers: [
            .server("hub", ["addresses: [10.0.0.1, 10.0.0.9]"]),
            .server("hub2", ["addresses: [10.0.0.2, 10.0.0.1, 10.0.0.1]"]),
            .server("hub3", ["addresses: [10.0.0.1]"]),
        ]))
        let clashes = fixture.diagnostics.filter { $0.code.rawValue == "PT204" }
        #expect(clashes.map(\.message) == [
            "servers hub and hub2 both bind 10.0.0.1 on port 25",
            "servers hub and hub3 both bind 10.0.0.1 on port 25",
        ])
    }

    @Test func aSharedAccessListReportsItsUndefinedNameForEveryServer() {
        let fixture = YAMLFixture(Estate.yaml(
            servers: [
                "hub: { host: hub.acme.example, access: { allow: [alice, nobody] } }",
                "hub2: { host: hub2.acme.example, access: { allow: [Alice, Nobody] } }",
            ],
            .users("alice: {}")))
        let undefined = fixture.diagnostics.filter { $0.code.rawValue == "PT202" }
        #expect(undefined.map(\.message) == [
            "the access list of hub (allow) names 'nobody', which is not a defined user, group or server",
            "the access list of hub2 (allow) names 'Nobody', which is not a defined user, group or server",
        ])
    }

    @Test func serversWithoutExplicitAddressesNeverClash() {
        YAMLFixture(Estate.yaml(servers: ["hub: { host: hub.acme.example }", "hub2: { host: hub2.acme.example }"]))
            .expectNone("PT204")
    }
}
