import PortolanDiagnostics
import Testing

@testable import PortolanYAML

/// The reader never crashes: every prefix of a valid file gives a root or a diagnostic.
@Suite("Robustness")
struct RobustnessTests {
    /// A topology of about forty lines using most of what the reader supports.
    static let topology = """
        # Acme's mail estate
        portolan: 1
        organization: Acme
        internet_domains: [acme.example, "büro.example"]
        defaults: &defaults
          smtp:
            inbound: { tcp: { port: 25, enabled: true }, ssl: { port: 465, enabled: false } }
        servers:
          hub:
            <<: *defaults
            host: hub.acme.example
            addresses: [127.0.0.10]
            tls: { certificate: tls/hub.pem, key: tls/hub.key }
            access:
              allow: ["*/Acme"]
              deny: []
            smtp:
              listener: true
              outbound:
                tcp: { port: 25, mode: enabled }
                relay: gw       # the gateway
                routes:
                  - to: branch
                    domains: [branch.acme.example]
          branch:
            <<: [*defaults]
            host: 'branch.acme.example'
            note: |
              Zweigstelle — €
              second line
        users:
          alice:
            name: alice/Acme
            internet_address: alice@acme.example
            password: "$pbkdf2-sha256$600000$c2FsdA$Y2hlY2tzdW0"
        groups:
          admins: [alice, "*/Acme"]
        external:
          isp: { host: smtp.isp.example, inbound: { tcp: 25, ssl: 465 } }

        """

    @Test("the whole document reads without diagnostics")
    func wholeDocument() throws {
        let outcome = read(Self.topology)
        #expect(outcome.diagnostics.isEmpty)
        let root = try #require(outcome.root)
        let branch = try #require(root["servers"]?["branch"])
        #expect(branch["smtp"]?["inbound"]?["tcp"]?["port"]?.scalar?.integer == 25)
        #expect(branch["note"]?.text == "Zweigstelle — €\nsecond line\n")
        // A merge is shallow: hub's own smtp replaces the merged one whole.
        #expect(root["servers"]?["hub"]?["smtp"]?["inbound"] == nil)
        #expect(root["servers"]?["hub"]?["smtp"]?["listener"]?.scalar?.bool == true)
    }

    @Test("every truncation gives a root or at least one diagnostic with a code")
    func truncations() {
        let bytes = Array(Self.topology.utf8)
        var failures: [Int] = []
        for length in 0...bytes.count {
            let outcome = read(bytes: Array(bytes[..<length]))
            let usable = outcome.root != nil || !outcome.diagnostics.isEmpty
            let coded = outcome.diagnostics.allSatisfy { $0.code.rawValue.hasPrefix("PT") }
            let inside = outcome.diagnostics.allSatisfy { $0.span.start.offset <= length && $0.span.end.offset <= length }
            if !(usable && coded && inside) { failures.append(length) }
        }
        #expect(failures.isEmpty)
    }

    @Test("every single-byte corruption gives a root or at least one diagnostic")
    func corruptions() {
        let bytes = Array(Self.topology.utf8)
        var failures: [Int] = []
        for offset in stride(from: 0, to: bytes.count, by: 3) {
            for replacement: UInt8 in [0x00, 0x09, 0x22, 0x3A, 0x5B, 0x7B, 0x26, 0x2A, 0xFF] {
                var corrupted = bytes
                corrupted[offset] = replacement
                let outcome = read(bytes: corrupted)
                if outcome.root == nil && outcome.diagnostics.isEmpty { failures.append(offset) }
            }
        }
        #expect(failures.isEmpty)
    }
}
