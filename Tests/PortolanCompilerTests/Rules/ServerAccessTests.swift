import Testing

/// PT309 and PT310: access lists and users who can authenticate.
@Suite struct ServerAccessTests {
    static let hash = "$pbkdf2-sha256$1000$cG9ydG9sYW4tc2FsdC0xNg$u32Jx66s1MYG8UtxcuZu.m.6wyQXoALa/L8DTjEsJ6w"

    static func access(deny: String, password: Bool) -> YAMLFixture {
        YAMLFixture(Estate.yaml(
            servers: [
                .server(
                    "hub", [Estate.hubTLS, "access: { allow: [staff], deny: [\(deny)] }"],
                    inbound: ["enforce_server_access: true", "starttls: enabled", "auth: { tcp: { name_password: true } }"]),
            ],
            .users("alice: { \(password ? "password: \"\(hash)\"" : "internet_address: alice@acme.example") }"),
            .groups("staff: [alice, team]", "team: [staff]")))
    }

    @Test func accessListNobodyPassesGivesPT309() {
        let fixture = Self.access(deny: "alice", password: true)
        fixture.expectOne("PT309", at: Mark(7, 13, "{ allow"), note: Mark(10, 32, "true"))
    }

    @Test func accessListThroughCyclicGroupsAdmitsAlice() {
        Self.access(deny: "", password: true).expectNone("PT309")
    }

    @Test func namePasswordWithoutUsableUserGivesPT310() {
        let fixture = Self.access(deny: "", password: false)
        fixture.expectOne("PT310", at: Mark(12, 39, "true"))
    }

    @Test func namePasswordWithAdmittedUserIsFine() {
        Self.access(deny: "", password: true).expectNone("PT310")
    }
}
