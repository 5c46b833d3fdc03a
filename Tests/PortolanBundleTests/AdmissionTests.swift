import PortolanBundle
import Testing

/// `HostAdmission`, the one model of what a host accepts, table by table:
/// site choice, session terms, logins and relaying.
@Suite struct AdmissionTests {
    static let open = AuthOptionsSpec(clientCertificate: false, namePassword: true, anonymous: true)
    static let anonymousOnly = AuthOptionsSpec(clientCertificate: false, namePassword: false, anonymous: true)
    static let authOnly = AuthOptionsSpec(clientCertificate: false, namePassword: true, anonymous: false)
    static let nothing = AuthOptionsSpec(clientCertificate: false, namePassword: false, anonymous: false)
    static let alice = UserSpec(
        name: "alice", hierarchicalName: "alice/Acme", logins: ["alice@acme.example"],
        passwordHash: "$pbkdf2-sha256$2$c2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")

    static func site(_ name: String, _ hosts: [String], tcp: AuthOptionsSpec = open, ssl: AuthOptionsSpec = nothing) -> SiteSpec {
        SiteSpec(name: name, hosts: hosts, security: PortAuthSpec(tcp: tcp, ssl: ssl), tls: nil)
    }

    static func host(
        internetSites: Bool = true, sites: [SiteSpec] = [], auth: PortAuthSpec = PortAuthSpec(tcp: open, ssl: nothing),
        authenticatedUsers: Bool = true, relay: RelayPolicy = .dominoDefault
    ) -> HostAdmission {
        HostAdmission(
            internetSites: internetSites, sites: sites, auth: auth, authenticatedUsers: authenticatedUsers, users: [alice],
            relay: relay, localDomains: ["Acme.Example"])
    }

    // MARK: Site selection

    static let sites = [
        site("submission", ["10.0.0.2", "submit.acme.example"], tcp: authOnly),
        site("mx", ["10.0.0.1", "mx.acme.example"], tcp: anonymousOnly),
        site("by-name", ["mail.acme.example"]),
        site("any", []),
    ]

    struct SiteCase: Sendable, CustomTestStringConvertible {
        var reached: [String]
        var sni: String?
        var site: String?
        var testDescription: String { "\(reached) sni \(sni ?? "-") → \(site ?? "none")" }
    }

    @Test(arguments: [
        // the address alone
        SiteCase(reached: ["10.0.0.1"], sni: nil, site: "mx"),
        SiteCase(reached: ["127.0.0.1", "10.0.0.2"], sni: nil, site: "submission"),
        // SNI alone: no site lists the address
        SiteCase(reached: ["10.0.0.9"], sni: "MAIL.acme.example", site: "by-name"),
        SiteCase(reached: ["10.0.0.9"], sni: "mx.acme.example.", site: "mx"),
        // both: SNI chooses only among the sites that list the address
        SiteCase(reached: ["10.0.0.2"], sni: "mx.acme.example", site: "submission"),
        SiteCase(reached: ["10.0.0.2"], sni: "submit.acme.example", site: "submission"),
        SiteCase(reached: ["10.0.0.1", "10.0.0.2"], sni: "submit.acme.example", site: "submission"),
        // neither: the site with no hosts
        SiteCase(reached: ["10.0.0.9"], sni: nil, site: "any"),
        SiteCase(reached: [], sni: "other.example", site: "any"),
    ])
    func siteChoice(_ row: SiteCase) {
        #expect(Self.host(sites: Self.sites).site(reached: row.reached, sni: row.sni)?.name == row.site)
    }

    @Test func sniCannotMoveASubmissionAddressToTheAnonymousSite() {
        let host = Self.host(sites: Self.sites)
        let terms = host.terms(security: .plain, reached: ["10.0.0.2"], sni: "mx.acme.example")
        #expect(terms == SessionTerms(site: "submission", enabled: true, anonymous: false, namePassword: true))
    }

    @Test func noSiteAndASiteThatAllowsNothingAreNotEnabled() {
        let none = Self.host(sites: [Self.site("named", ["10.0.0.1"])])
        #expect(none.terms(security: .plain, reached: ["10.0.0.2"], sni: nil) == SessionTerms(site: nil, enabled: false, anonymous: false, namePassword: false))
        let closed = Self.host(sites: [Self.site("closed", [], tcp: Self.nothing)])
        #expect(closed.terms(security: .plain, reached: [], sni: nil) == SessionTerms(site: "closed", enabled: false, anonymous: false, namePassword: false))
        #expect(closed.terms(security: .implicitTLS, reached: [], sni: nil).enabled == false)
    }

    // MARK: Terms without sites

    @Test func serverSettingsWhenInternetSitesAreOff() {
        let host = Self.host(internetSites: false, sites: [Self.site("ignored", [], tcp: Self.nothing)])
        #expect(host.terms(security: .plain, reached: [], sni: nil) == SessionTerms(site: nil, enabled: true, anonymous: true, namePassword: true))
        #expect(host.terms(security: .implicitTLS, reached: [], sni: nil).enabled == false)
    }

    @Test func authIsNotOfferedWhenAuthenticatedUsersAreNotAccepted() {
        let host = Self.host(internetSites: false, authenticatedUsers: false)
        #expect(host.terms(security: .plain, reached: [], sni: nil) == SessionTerms(site: nil, enabled: true, anonymous: true, namePassword: false))
    }

    // MARK: Logins

    @Test func loginsByEveryNameCaseInsensitively() {
        let host = Self.host()
        #expect(host.user(login: "ALICE@acme.example")?.name == "alice")
        #expect(host.user(login: "alice/acme")?.name == "alice")
        #expect(host.user(login: "alice")?.name == "alice")
        #expect(host.user(login: "bob") == nil)
    }

    // MARK: Relaying

    struct RelayCase: Sendable, CustomTestStringConvertible {
        var name: String
        var policy: RelayPolicy
        var address: String?
        var reverseName: ClientIdentity.ReverseName
        var authenticated = false
        var verdict: RecipientVerdict
        var testDescription: String { name }
    }

    static let internalSpoke = RelayPolicy(
        enforce: .external, authenticated: .allow, allowHosts: [], internalHosts: ["192.0.2.21", "spoke.acme.example"])

    @Test(arguments: [
        RelayCase(name: "an internal host by address", policy: internalSpoke, address: "192.0.2.21", reverseName: .notLookedUp, verdict: .relayed(.internalHost)),
        RelayCase(name: "an outside host asks for its name", policy: internalSpoke, address: "203.0.113.5", reverseName: .notLookedUp, verdict: .needsReverseName),
        RelayCase(name: "an outside host without a name", policy: internalSpoke, address: "203.0.113.5", reverseName: .none, verdict: .relayDenied),
        RelayCase(name: "an internal host by its server's name", policy: internalSpoke, address: "127.0.0.21", reverseName: .name("Spoke.Acme.Example."), verdict: .relayed(.internalHost)),
        RelayCase(name: "a name in a local domain", policy: internalSpoke, address: "203.0.113.5", reverseName: .name("gw.branch.acme.example"), verdict: .relayed(.internalName)),
        RelayCase(name: "a name that only ends like a local domain", policy: internalSpoke, address: "203.0.113.5", reverseName: .name("evilacme.example"), verdict: .relayDenied),
        RelayCase(name: "enforce all: internal hosts are checked too", policy: RelayPolicy(enforce: .all, authenticated: .allow, allowHosts: [], internalHosts: ["192.0.2.21"]), address: "192.0.2.21", reverseName: .none, verdict: .relayDenied),
        RelayCase(name: "enforce none: an open relay", policy: RelayPolicy(enforce: .none, authenticated: .check, allowHosts: [], internalHosts: []), address: "203.0.113.5", reverseName: .none, verdict: .relayed(.notEnforced)),
        RelayCase(name: "allow_hosts by address", policy: RelayPolicy(enforce: .all, authenticated: .check, allowHosts: ["203.0.113.5"], internalHosts: []), address: "203.0.113.5", reverseName: .notLookedUp, verdict: .relayed(.allowedHost)),
        RelayCase(name: "allow_hosts by CIDR", policy: RelayPolicy(enforce: .all, authenticated: .check, allowHosts: ["198.51.100.0/24"], internalHosts: []), address: "198.51.100.77", reverseName: .notLookedUp, verdict: .relayed(.allowedHost)),
        RelayCase(name: "outside the CIDR", policy: RelayPolicy(enforce: .all, authenticated: .check, allowHosts: ["198.51.100.0/25"], internalHosts: []), address: "198.51.100.200", reverseName: .notLookedUp, verdict: .relayDenied),
        RelayCase(name: "allow_hosts by IPv6 range", policy: RelayPolicy(enforce: .all, authenticated: .check, allowHosts: ["2001:db8::/32"], internalHosts: []), address: "2001:DB8:0:0::25", reverseName: .none, verdict: .relayed(.allowedHost)),
        RelayCase(name: "allow_hosts by name", policy: RelayPolicy(enforce: .all, authenticated: .check, allowHosts: ["gw.partner.example"], internalHosts: []), address: "203.0.113.5", reverseName: .name("GW.partner.example"), verdict: .relayed(.allowedHost)),
        RelayCase(name: "authenticated with authenticated: allow", policy: RelayPolicy(enforce: .all, authenticated: .allow, allowHosts: [], internalHosts: []), address: "203.0.113.5", reverseName: .none, authenticated: true, verdict: .relayed(.authenticated)),
        RelayCase(name: "authenticated with authenticated: check", policy: RelayPolicy(enforce: .all, authenticated: .check, allowHosts: [], internalHosts: []), address: "203.0.113.5", reverseName: .none, authenticated: true, verdict: .relayDenied),
        RelayCase(name: "an unknown address (the checker's view of a server without addresses)", policy: internalSpoke, address: nil, reverseName: .name("spoke.acme.example"), verdict: .relayed(.internalHost)),
    ])
    func relaying(_ row: RelayCase) {
        let host = Self.host(relay: row.policy)
        let client = ClientIdentity(address: row.address, reverseName: row.reverseName)
        #expect(host.recipient(domain: "elsewhere.example", client: client, authenticated: row.authenticated) == row.verdict)
    }

    @Test func localRecipientsAreNeverRelayed() {
        let host = Self.host(relay: RelayPolicy(enforce: .all, authenticated: .check, allowHosts: [], internalHosts: []))
        let stranger = ClientIdentity(address: "203.0.113.5", reverseName: .none)
        #expect(host.recipient(domain: "acme.example", client: stranger, authenticated: false) == .local)
        #expect(host.recipient(domain: nil, client: stranger, authenticated: false) == .local)
    }

    @Test func aReverseNameIsAskedForOnlyWhenItCouldDecide() {
        let host = HostAdmission(
            internetSites: false, sites: [], auth: PortAuthSpec(tcp: Self.open, ssl: Self.nothing), authenticatedUsers: true,
            users: [], relay: RelayPolicy(enforce: .external, authenticated: .allow, allowHosts: ["10.0.0.0/8"], internalHosts: ["192.0.2.1"]),
            localDomains: [])
        let stranger = ClientIdentity(address: "203.0.113.5", reverseName: .notLookedUp)
        #expect(host.recipient(domain: "elsewhere.example", client: stranger, authenticated: false) == .relayDenied)
    }

    @Test func hostPatterns() {
        #expect(HostPattern("10.0.0.0/33") == nil)
        #expect(HostPattern("") == nil)
        #expect(HostPattern("::ffff:192.0.2.1") == HostPattern("192.0.2.1"))
        #expect(HostPattern("fe80::1") == .address(HostPattern.addressBytes("FE80:0::1")!))
        #expect(HostPattern("[2001:db8::5]") == .address(HostPattern.addressBytes("2001:db8::5")!))
        #expect(HostPattern("GW.Partner.Example.") == .name("gw.partner.example"))
        #expect(HostPattern("cafe.example") == .name("cafe.example"))
        #expect(HostPattern("192.0.2.0/24") == .range(HostPattern.addressBytes("192.0.2.0")!, prefix: 24))
        #expect(HostPattern("0.0.0.0/0")?.matches(address: HostPattern.addressBytes("203.0.113.5"), name: nil) == true)
        #expect(HostPattern("0.0.0.0/0")?.matches(address: HostPattern.addressBytes("::1"), name: nil) == false)
    }

    /// A list finds IPv4 and IPv6 addresses however they are written, names
    /// case-insensitively, and ranges in either family.
    @Test func hostLists() {
        let list = HostList(["192.0.2.1", "FE80::1", "2001:DB8::/32", "10.1.0.0/16", "Relay.Example.", "mail.example"])
        func has(_ address: String?, _ name: String? = nil) -> Bool {
            list.contains(address: address.flatMap(HostPattern.addressBytes), name: name)
        }
        #expect(has("192.0.2.1") && has("::ffff:192.0.2.1") && !has("192.0.2.2"))
        #expect(has("fe80::1") && has("fe80:0:0::1") && !has("fe80::2"))
        #expect(has("2001:db8:5::9") && !has("2001:db9::1"))
        #expect(has("10.1.200.3") && !has("10.2.0.1"))
        #expect(has(nil, "relay.example") && has(nil, "MAIL.EXAMPLE.") && !has(nil, "other.example"))
        #expect(!has(nil) && !list.namesNothing && HostList(["192.0.2.1"]).namesNothing)
    }
}
