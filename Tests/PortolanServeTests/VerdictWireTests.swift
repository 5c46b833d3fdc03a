import Foundation
import PortolanBundle
import Testing

/// RULES.md's first promise, case by case: the checker's verdict on the
/// spoke's edge and what the real `portolan serve` does with the spoke's mail
/// agree. Each case runs twice, through `check` and on the wire (a client
/// bound to the spoke's address, sending as the spoke's bundle says), and
/// asserts both what each says and that they agree.
@Suite(.serialized) struct VerdictWireTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var estate: EdgeEstate
        var source = "127.0.0.21"
        /// The PT3xx/PT4xx errors `check` reports.
        var codes: [String]
        /// How the wire answers: nil for delivered, else the stage and the reply's first digits.
        var refused: (stage: String, reply: String)?
        var testDescription: String { name }
    }

    static let users = [
        "users:",
        "  alice: { internet_address: alice@acme.example, password: \"\(EdgeEstate.aliceHash)\" }",
        "  bob: { internet_address: bob@acme.example, password: \"\(EdgeEstate.aliceHash)\" }",
    ]
    static let authOnTLS = ["auth: { tcp: { name_password: true, anonymous: true } }"]
    static let login = ["relay_auth: required", "relay_login: { user: alice, password_file: PASSWORD_FILE }"]

    static let cases: [Case] = [
        Case(name: "an internal spoke relays", estate: EdgeEstate(), codes: []),
        Case(name: "enforce: all refuses the internal spoke",
             estate: EdgeEstate(hubInbound: ["relay: { enforce: all }"]), codes: ["PT412"],
             refused: ("rcpt", "554 5.7.1")),
        Case(name: "allow_hosts by server name",
             estate: EdgeEstate(hubInbound: ["relay: { enforce: all, allow_hosts: [spoke] }"]), codes: []),
        Case(name: "allow_hosts by CIDR",
             estate: EdgeEstate(hubInbound: ["relay: { enforce: all, allow_hosts: [127.0.0.16/28] }"]), codes: []),
        Case(name: "allow_hosts by a CIDR that misses the spoke",
             estate: EdgeEstate(hubInbound: ["relay: { enforce: all, allow_hosts: [127.0.0.32/28] }"]), codes: ["PT412"],
             refused: ("rcpt", "554 5.7.1")),
        Case(name: "authenticated relay with authenticated: allow",
             estate: EdgeEstate(hubInbound: ["relay: { enforce: all, authenticated: allow }"] + authOnTLS, spokeOutbound: login, topLevel: users),
             codes: []),
        Case(name: "authenticated relay with authenticated: check",
             estate: EdgeEstate(hubInbound: ["relay: { enforce: all, authenticated: check }"] + authOnTLS, spokeOutbound: login, topLevel: users),
             codes: ["PT412"], refused: ("rcpt", "554 5.7.1")),
        Case(name: "enforce_server_access does not refuse an anonymous sender",
             estate: EdgeEstate(hub: ["access: { allow: [bob] }"], hubInbound: ["enforce_server_access: true"] + authOnTLS, topLevel: users),
             codes: []),
        Case(name: "a user outside an enforced access list cannot authenticate",
             estate: EdgeEstate(
                hub: ["access: { allow: [bob] }"], hubInbound: ["enforce_server_access: true"] + authOnTLS, spokeOutbound: login,
                topLevel: users),
             codes: ["PT414"], refused: ("auth", "535 5.7.8")),
        Case(name: "SNI naming a laxer site does not widen the address's site",
             estate: EdgeEstate(
                hub: ["internet_sites: true"],
                topLevel: [
                    "sites:",
                    "  submission: { protocol: smtp, servers: [hub], hosts: [127.0.0.10], security: { tcp: { name_password: true, anonymous: false } } }",
                    "  mx: { protocol: smtp, servers: [hub], hosts: [hub.acme.example], security: { tcp: { name_password: false, anonymous: true } } }",
                ]),
             codes: ["PT407"], refused: ("mail", "530 5.7.0")),
    ]

    @Test(arguments: cases)
    func verdictEqualsWire(_ row: Case) throws {
        let outcome = try row.estate.run(source: row.source)
        #expect(outcome.codes == row.codes, "\(outcome.check)")
        if let refused = row.refused {
            #expect(!outcome.wire.delivered)
            #expect(outcome.wire.stage == refused.stage)
            #expect(outcome.wire.reply.hasPrefix(refused.reply), "\(outcome.wire.reply)")
        } else {
            #expect(outcome.wire.delivered, "\(outcome.wire.stage): \(outcome.wire.reply)")
        }
        #expect(outcome.codes.isEmpty == outcome.wire.delivered, "check and the wire disagree")
    }

    /// A client outside the topology (no edge to check): relaying is refused,
    /// local mail is accepted.
    @Test func aHostOutsideTheTopologyIsRefused() throws {
        let outcome = try EdgeEstate().run(source: "127.0.0.99")
        #expect(!outcome.wire.delivered)
        #expect(outcome.wire.stage == "rcpt")
        #expect(outcome.wire.reply.hasPrefix("554 5.7.1 Relay access denied"))
        // The same address, and a local recipient: accepted.
        let local = EdgeEstate(topLevel: ["users:", "  bob: { internet_address: bob@acme.example }"])
        #expect(try local.run(recipient: "bob@acme.example", source: "127.0.0.99").wire.delivered)
        // A local address that is no user's: refused at RCPT.
        let unknown = try local.run(recipient: "nobody@acme.example", source: "127.0.0.99").wire
        #expect(unknown.stage == "rcpt")
        #expect(unknown.reply.hasPrefix("550 5.1.1 <nobody@acme.example>: Recipient address rejected: User unknown"))
    }

    /// The seed's own scenario, `examples/relay-port-26` as it is: the hub
    /// served on 127.0.0.1, spoke-a's name on 127.0.0.21. Clean, and spoke-a
    /// relays an Internet recipient; with `relay: { enforce: all }` on the hub,
    /// PT412 and `554 5.7.1` at RCPT.
    @Test(arguments: [false, true])
    func theRelayOnPort26Example(enforceAll: Bool) throws {
        var text = try String(contentsOf: Tool.repositoryRoot.appendingPathComponent("examples/relay-port-26/topology.yaml"), encoding: .utf8)
        if enforceAll {
            text = text.replacingOccurrences(of: "        starttls: disabled\n", with: "        starttls: disabled\n        relay: { enforce: all }\n")
        }
        let outcome = try EdgeEstate.run(
            topology: { _ in text }, sender: "spoke-a", peer: "hub", peerAddress: "127.0.0.1", source: "127.0.0.21",
            recipient: "someone@example.org", bindAddress: "127.0.0.1", hosts: "127.0.0.21 spoke-a.acme.example\n")
        #expect(outcome.wire.port == 26)
        if enforceAll {
            #expect(outcome.codes == ["PT412", "PT412", "PT412"], "\(outcome.check)")
            #expect(outcome.wire.stage == "rcpt" && outcome.wire.reply.hasPrefix("554 5.7.1 Relay access denied"), "\(outcome.wire.reply)")
        } else {
            #expect(outcome.codes.isEmpty, "\(outcome.check)")
            #expect(outcome.wire.delivered, "\(outcome.wire.stage): \(outcome.wire.reply)")
        }
    }
}
