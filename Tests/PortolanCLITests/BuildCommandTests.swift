import Foundation
import PortolanBundle
import Testing

/// `portolan build`: golden bundles for every example, builds that are
/// deterministic and incremental, and nothing written when there are errors.
///
/// Sources are copied to `src/NAME` and built into `out`, both inside the
/// workspace, so that the key ring paths of the bundles (relative to the
/// bundle's folder) and the manifest's digest of the sources (over the paths
/// as given) are the same on every machine.
@Suite struct BuildCommandTests {
    @Test(arguments: Repository.exampleNames)
    func everyExampleBuildsItsGoldenBundles(example: String) throws {
        let workspace = try Workspace()
        let run = try workspace.build(try workspace.copyExample(example))
        #expect(run.status == 0, "\(run.output)\(run.error)")
        let files = try workspace.files(under: "out")
        let bundles = files.count - 1
        #expect(run.output == "0 errors, 0 warnings\n" + Self.summary(bundles: bundles, added: bundles))
        try golden.check(folder: files, matches: "bundles/\(example)")
    }

    @Test func theSameTopologyGivesTheSameBytesAndASecondBuildRewritesNothing() throws {
        let workspace = try Workspace()
        let estate = try workspace.copyExample("estate")
        try #require(try workspace.build(estate).status == 0)
        try #require(try workspace.build(estate, out: "again").status == 0)
        let first = try workspace.files(under: "out")
        #expect(first.count == 13)
        #expect(try workspace.files(under: "again") == first)

        let past = Date(timeIntervalSince1970: 1_000_000_000)
        for path in first.keys { try workspace.setModificationDate(past, of: "out/" + path) }
        let second = try workspace.build(estate)
        #expect(second.status == 0)
        #expect(second.output == "0 errors, 0 warnings\n" + Self.summary(bundles: 12, unchanged: 12))
        #expect(try workspace.files(under: "out") == first)
        for path in first.keys.sorted() {
            #expect(try workspace.modificationDate("out/" + path) == past, "\(path) was written again")
        }
    }

    @Test func aTopologyWithErrorsWritesNothing() throws {
        let workspace = try Workspace()
        let run = try workspace.build(try workspace.writeBrokenTopology())
        #expect(run.status == 1)
        #expect(run.output.hasPrefix("broken/spoke.yaml:9:22: error[PT401]: "), "\(run.output)")
        #expect(run.output.hasSuffix("\n1 error, 1 warning\n"), "\(run.output)")
        #expect(!workspace.exists("out"))
    }

    @Test func warningsAsErrorsWritesNothingEither() throws {
        let workspace = try Workspace()
        let minimal = try workspace.copyExample("minimal")
        try workspace.edit(minimal + "/topology.yaml", replacing: "servers:", with: "groups:\n  nobody: []\n\nservers:")
        let strict = try workspace.portolan("build", minimal, "--out", "out", "--warnings-as-errors")
        #expect(strict.status == 1)
        #expect(!workspace.exists("out"))
        let relaxed = try workspace.build(minimal)
        #expect(relaxed.status == 0)
        #expect(relaxed.output.hasSuffix("\n0 errors, 1 warning\n" + Self.summary(bundles: 1, added: 1)), "\(relaxed.output)")
    }

    @Test func aTopologyWithErrorsLeavesThePreviousBuildAlone() throws {
        let workspace = try Workspace()
        let minimal = try workspace.copyExample("minimal")
        try #require(try workspace.build(minimal).status == 0)
        let before = try workspace.files(under: "out")
        try workspace.edit(minimal + "/topology.yaml", replacing: "port: 25", with: "port: 70000")
        let run = try workspace.build(minimal)
        #expect(run.status == 1)
        #expect(run.output.contains("error[PT104]"), "\(run.output)")
        #expect(try workspace.files(under: "out") == before)
    }

    @Test func aServerThatLeavesTheTopologyLosesItsBundle() throws {
        let workspace = try Workspace()
        let relay = try workspace.copyExample("relay-port-26")
        try #require(try workspace.build(relay).status == 0)
        try workspace.edit(relay + "/topology.yaml", after: "  spoke-b:", replacing: """

              spoke-c:
                host: spoke-c.acme.example
                addresses: [192.0.2.23]
                smtp:
                  listener: false
                  outbound:
                    tcp: { port: 26, mode: enabled }
                    relay: hub

            """, with: "")
        let run = try workspace.build(relay)
        #expect(run.status == 0)
        // The hub's bundle lists its internal hosts: spoke-c is no longer one.
        #expect(run.output == "0 errors, 0 warnings\n" + Self.summary(bundles: 3, changed: 1, unchanged: 2, removed: 1))
        #expect(!workspace.exists("out/spoke-c"))
        let manifest = try JSONDecoder().decode(Manifest.self, from: try workspace.data("out/manifest.json"))
        #expect(manifest.bundles.map(\.server) == ["hub", "spoke-a", "spoke-b"])
        #expect(try workspace.files(under: "out").keys.sorted()
            == ["hub/bundle.json", "manifest.json", "spoke-a/bundle.json", "spoke-b/bundle.json"])
    }

    /// hub-east's SSL port moves from 465 to 466: its own bundle changes (its
    /// listener), and so do the bundles of every server that sends to it (its
    /// spokes relay to it, hub-west routes to it), because a sender's bundle
    /// carries how each peer listens. The other region does not change.
    @Test func movingAPortChangesTheBundlesOfThatServerAndOfItsSendersOnly() throws {
        let workspace = try Workspace()
        let estate = try workspace.copyExample("estate")
        try #require(try workspace.build(estate).status == 0)
        let before = try workspace.files(under: "out")
        try workspace.moveHubEastSSLPort(in: estate)
        let check = try workspace.portolan("check", estate)
        try #require(check.output == "0 errors, 0 warnings\n", "the edited estate is no longer clean: \(check.output)")

        let run = try workspace.build(estate)
        #expect(run.output == "0 errors, 0 warnings\n" + Self.summary(bundles: 12, changed: 7, unchanged: 5))
        let after = try workspace.files(under: "out")
        #expect(after.keys.sorted() == before.keys.sorted())
        let changed = after.keys.filter { before[$0] != after[$0] }.sorted()
        #expect(changed == [
            "east-1/bundle.json", "east-2/bundle.json", "east-3/bundle.json", "east-4/bundle.json", "east-apps/bundle.json",
            "hub-east/bundle.json", "hub-west/bundle.json", "manifest.json",
        ])
    }

    /// The line `build` ends with.
    static func summary(bundles: Int, added: Int = 0, changed: Int = 0, unchanged: Int = 0, removed: Int = 0) -> String {
        "\(bundles) bundle\(bundles == 1 ? "" : "s"): \(added) added, \(changed) changed, \(unchanged) unchanged, \(removed) removed\n"
    }
}

extension Workspace {
    /// In a copy of examples/estate, moves hub-east's inbound SSL port from
    /// 465 to 466; the estate stays clean.
    func moveHubEastSSLPort(in estate: String) throws {
        try edit(estate + "/servers/hubs.yaml", after: "hub-east:",
                 replacing: "ssl: { port: 465, enabled: true }", with: "ssl: { port: 466, enabled: true }")
    }
}
