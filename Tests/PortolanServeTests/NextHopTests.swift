import Foundation
import PortolanBundle
import PortolanCompiler
import PortolanListener
import PortolanTestSupport
import Testing

/// Where each recipient goes from a host, decided from the bundle the
/// compiler lowers from YAML (LANGUAGE.md, "Delivery at run time"): the
/// user's mailbox, the user's mail server, a route, the relay host, MX.
@Suite struct NextHopTests {
    static let topology = """
        portolan: 1
        organization: Acme
        internet_domains: [acme.example]
        servers:
          hub:
            host: hub.acme.example
            addresses: [127.0.0.10]
          spoke:
            host: spoke.acme.example
            addresses: [127.0.0.21]
            smtp:
              within_domain: true
              outbound:
                relay: hub
                routes:
                  - { to: branch, domains: [branch.example, depot.example] }
          lone:
            host: lone.acme.example
            addresses: [127.0.0.22]
            smtp:
              within_domain: false
        external:
          branch:
            host: mx.branch.example
            addresses: [127.0.0.40]
            inbound: { tcp: 25, starttls: false, anonymous: true, name_password: false }
        users:
          alice: { internet_address: alice@acme.example, mail_server: hub }
          bob: { internet_address: bob@acme.example }
          carol: { internet_address: carol@acme.example, mail_server: spoke }

        """

    /// Every server's bundle, lowered from `topology` as `build` would.
    static let bundles: Result<[String: HostBundle], any Error> = Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portolan-nexthop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("topology.yaml")
        try Data(topology.utf8).write(to: file)
        let outcome = CompilerPipeline().check(paths: [file.path])
        guard let model = outcome.model else { throw ToolError("the topology did not resolve: \(outcome.diagnostics)") }
        let bundles = BundleLowering.bundles(of: model, out: folder.appendingPathComponent("out").path)
        return Dictionary(uniqueKeysWithValues: bundles.map { ($0.server.name, $0) })
    }

    /// The next hop of each of `recipients` from `server`, as text.
    static func hops(from server: String, _ recipients: [String]) throws -> [String] {
        let bundle = try #require(try bundles.get()[server])
        let admission = HostAdmission(bundle: bundle)
        return recipients.map { recipient in
            switch NextHop.of(recipient, bundle: bundle, admission: admission) {
            case .success(let hop): return hop.description
            case .failure(let refusal): return "refused: \(refusal.reply)"
            }
        }
    }

    @Test func fromTheSpokeLocalMailGoesToMailboxesAndMailServersAndTheRestByRouteOrRelayHost() throws {
        #expect(try Self.hops(from: "spoke", [
            "bob@acme.example", "Carol@ACME.example", "alice@acme.example", "postmaster@acme.example", "nobody@acme.example",
            "dave@branch.example", "erin@DEPOT.example", "frank@elsewhere.example", "grace@sub.branch.example",
        ]) == [
            "mailbox bob", "mailbox carol", "server hub", "mailbox postmaster", "refused: 550 5.1.1 <nobody@acme.example>: no such user here",
            "external branch", "external branch", "server hub", "server hub",
        ])
    }

    @Test func withoutWithinDomainAUsersMailIsKeptHereAndWithoutARelayHostTheInternetIsReachedByMX() throws {
        #expect(try Self.hops(from: "lone", ["alice@acme.example", "carol@acme.example", "frank@elsewhere.example", "grace@Branch.Example"]) == [
            "mailbox alice", "mailbox carol", "MX of elsewhere.example", "MX of branch.example",
        ])
    }

    @Test func theMailServerItselfDeliversIntoTheMailbox() throws {
        #expect(try Self.hops(from: "hub", ["alice@acme.example", "carol@acme.example", "frank@elsewhere.example"]) == [
            "mailbox alice", "mailbox carol", "MX of elsewhere.example",
        ])
    }
}
