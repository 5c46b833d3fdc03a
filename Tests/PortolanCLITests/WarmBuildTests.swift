import Foundation
import PortolanBundle
import Testing

/// `portolan build` into a folder that already holds a build: when nothing that
/// makes the bundles changed, nothing is written; whatever was changed, lost or
/// added in the folder since is repaired, and the closing line says what was
/// done. The check runs and reports as always.
@Suite struct WarmBuildTests {
    static let estateUnchanged = "0 errors, 0 warnings\n" + BuildCommandTests.summary(bundles: 12, unchanged: 12)

    /// A built copy of examples/estate, every file of `out` backdated so that
    /// any rewrite shows.
    static func builtEstate() throws -> (workspace: Workspace, estate: String, before: [String: Data]) {
        let workspace = try Workspace()
        let estate = try workspace.copyExample("estate")
        let first = try workspace.build(estate)
        try #require(first.status == 0, "\(first.output)\(first.error)")
        try workspace.backdate(under: "out")
        return (workspace, estate, try workspace.files(under: "out"))
    }

    @Test func aBuildWithNothingChangedWritesNothing() throws {
        let (workspace, estate, before) = try Self.builtEstate()
        let stamps = try workspace.stamps(under: "out")
        let run = try workspace.build(estate)
        #expect(run.status == 0)
        #expect(run.output == Self.estateUnchanged)
        #expect(run.error == "")
        #expect(try workspace.files(under: "out") == before)
        #expect(try workspace.stamps(under: "out") == stamps)
    }

    @Test(arguments: ["east-1/bundle.json", "east-1"])
    func aDeletedBundleIsWrittenAgain(deleted: String) throws {
        let (workspace, estate, before) = try Self.builtEstate()
        let stamps = try workspace.stamps(under: "out")
        try workspace.remove("out/" + deleted)
        let run = try workspace.build(estate)
        #expect(run.output == "0 errors, 0 warnings\n" + BuildCommandTests.summary(bundles: 12, added: 1, unchanged: 11))
        #expect(try workspace.files(under: "out") == before)
        let others = stamps.filter { $0.key != "east-1/bundle.json" }
        #expect(try workspace.stamps(under: "out").filter { $0.key != "east-1/bundle.json" } == others)
    }

    /// One letter of a bundle is changed and its modification time put back:
    /// its size and time stay, its SHA-256 does not.
    @Test func anEditedBundleIsWrittenAgain() throws {
        let (workspace, estate, before) = try Self.builtEstate()
        try workspace.edit("out/hub-west/bundle.json", replacing: "\"hub-west\"", with: "\"hub-wesT\"")
        try workspace.setModificationDate(Workspace.past, of: "out/hub-west/bundle.json")
        let stamps = try workspace.stamps(under: "out")
        let run = try workspace.build(estate)
        #expect(run.output == "0 errors, 0 warnings\n" + BuildCommandTests.summary(bundles: 12, changed: 1, unchanged: 11))
        #expect(try workspace.files(under: "out") == before)
        let rewritten = try workspace.stamps(under: "out").filter { $0.value != stamps[$0.key] }.keys.sorted()
        #expect(rewritten == ["hub-west/bundle.json"])
    }

    @Test func aBundleOfNoServerIsRemoved() throws {
        let (workspace, estate, before) = try Self.builtEstate()
        try workspace.write(try workspace.data("out/east-1/bundle.json"), to: "out/east-9/bundle.json")
        let run = try workspace.build(estate)
        #expect(run.output == "0 errors, 0 warnings\n" + BuildCommandTests.summary(bundles: 12, unchanged: 12, removed: 1))
        #expect(!workspace.exists("out/east-9"))
        #expect(try workspace.files(under: "out") == before)
    }

    /// A manifest that lists a bundle wrongly is written again, and only it.
    @Test func aChangedManifestIsWrittenAgain() throws {
        let (workspace, estate, before) = try Self.builtEstate()
        let manifest = try JSONDecoder().decode(Manifest.self, from: try workspace.data("out/manifest.json"))
        try workspace.edit("out/manifest.json", replacing: manifest.bundles[0].sha256, with: String(repeating: "0", count: 64))
        let run = try workspace.build(estate)
        #expect(run.output == Self.estateUnchanged)
        #expect(try workspace.files(under: "out") == before)
        for path in before.keys where path != "manifest.json" {
            #expect(try workspace.modificationDate("out/" + path) == Workspace.past, "\(path) was written again")
        }
    }

    /// A comment changes the sources but no bundle: the bundles are lowered
    /// again, found unchanged and left alone; the manifest records the new
    /// sources. The build after that writes nothing.
    @Test func aChangedSourceFileIsBuiltAgain() throws {
        let (workspace, estate, before) = try Self.builtEstate()
        try workspace.edit(estate + "/sites.yaml", replacing: "tls: { certificate: tls/mail.pem",
                           with: "# a comment\n    tls: { certificate: tls/mail.pem")
        let run = try workspace.build(estate)
        #expect(run.output == Self.estateUnchanged)
        let after = try workspace.files(under: "out")
        #expect(after.keys.filter { after[$0] != before[$0] } == ["manifest.json"])
        for path in before.keys where path != "manifest.json" {
            #expect(try workspace.modificationDate("out/" + path) == Workspace.past, "\(path) was written again")
        }

        let stamps = try workspace.stamps(under: "out")
        #expect(try workspace.build(estate).output == Self.estateUnchanged)
        #expect(try workspace.stamps(under: "out") == stamps)
    }

    /// Every server of the estate has a key ring of its own, which its bundle
    /// names relative to the bundle's folder: when the output folder moves one
    /// level down, every bundle changes.
    @Test func movingTheOutputFolderRewritesTheBundlesWithKeyRingPaths() throws {
        let (workspace, estate, before) = try Self.builtEstate()
        try FileManager.default.createDirectory(at: workspace.url("moved"), withIntermediateDirectories: true)
        try FileManager.default.moveItem(at: workspace.url("out"), to: workspace.url("moved/out"))
        let run = try workspace.build(estate, out: "moved/out")
        #expect(run.output == "0 errors, 0 warnings\n" + BuildCommandTests.summary(bundles: 12, changed: 12))
        let after = try workspace.files(under: "moved/out")
        #expect(after.keys.sorted() == before.keys.sorted())
        let hub = try JSONDecoder().decode(HostBundle.self, from: try workspace.data("moved/out/hub-east/bundle.json"))
        #expect(hub.tls?.certificate == "../../../src/estate/tls/hub-east.pem")
        #expect(hub.sites.compactMap(\.tls?.certificate) == ["../../../src/estate/tls/mail.pem"])

        let stamps = try workspace.stamps(under: "moved/out")
        #expect(try workspace.build(estate, out: "moved/out").output == Self.estateUnchanged)
        #expect(try workspace.stamps(under: "moved/out") == stamps)
    }

    /// The sources and the output folder move together, and the build runs
    /// from their new folder with the same relative paths: the key ring paths
    /// of the bundles stay, and nothing is written.
    @Test func movingTheSourcesAndTheOutputFolderTogetherWritesNothing() throws {
        let (workspace, estate, before) = try Self.builtEstate()
        try FileManager.default.createDirectory(at: workspace.url("moved"), withIntermediateDirectories: true)
        for folder in ["src", "out"] {
            try FileManager.default.moveItem(at: workspace.url(folder), to: workspace.url("moved/" + folder))
        }
        let stamps = try workspace.stamps(under: "moved/out")
        let run = try runPortolan(["build", estate, "--out", "out"], in: workspace.url("moved"))
        #expect(run.output == Self.estateUnchanged)
        #expect(try workspace.files(under: "moved/out") == before)
        #expect(try workspace.stamps(under: "moved/out") == stamps)
    }

    /// A manifest written before it recorded the build's inputs: the bundles
    /// are lowered and found unchanged, and the manifest gains its `inputs`.
    @Test func aManifestWithoutInputsIsWrittenAgainWithThem() throws {
        let (workspace, estate, before) = try Self.builtEstate()
        var manifest = try JSONDecoder().decode(Manifest.self, from: try workspace.data("out/manifest.json"))
        manifest.inputs = nil
        try workspace.write(Data(BundleCodec.encode(manifest)), to: "out/manifest.json")
        let run = try workspace.build(estate)
        #expect(run.output == Self.estateUnchanged)
        #expect(try workspace.files(under: "out") == before)
    }

    /// Warnings, formats and exit statuses are those of the first build; with
    /// `--warnings-as-errors`, nothing is written.
    @Test func theCheckReportsAsBeforeOnABuildWithNothingChanged() throws {
        let workspace = try Workspace()
        let minimal = try workspace.copyExample("minimal")
        try workspace.edit(minimal + "/topology.yaml", replacing: "servers:", with: "groups:\n  nobody: []\n\nservers:")
        let first = try workspace.build(minimal)
        try workspace.backdate(under: "out")
        let stamps = try workspace.stamps(under: "out")

        let again = try workspace.build(minimal)
        #expect(again.status == 0)
        #expect(again.output == first.output.replacingOccurrences(
            of: BuildCommandTests.summary(bundles: 1, added: 1), with: BuildCommandTests.summary(bundles: 1, unchanged: 1)))
        let closing = "\n0 errors, 1 warning\n" + BuildCommandTests.summary(bundles: 1, unchanged: 1)
        #expect(again.output.hasSuffix(closing), "\(again.output)")

        let json = try workspace.portolan("build", minimal, "--out", "out", "--format", "json")
        let check = try workspace.portolan("check", minimal, "--format", "json")
        #expect(json.status == 0)
        #expect(json.output == check.output)
        #expect(json.error == BuildCommandTests.summary(bundles: 1, unchanged: 1))

        let strict = try workspace.portolan("build", minimal, "--out", "out", "--warnings-as-errors")
        #expect(strict.status == 1)
        #expect(strict.output.hasSuffix("\n0 errors, 1 warning\n"), "\(strict.output)")
        #expect(try workspace.stamps(under: "out") == stamps)
    }
}

extension Workspace {
    static let past = Date(timeIntervalSince1970: 1_000_000_000)

    /// Sets the modification time of every file under `path` to `past`.
    func backdate(under path: String) throws {
        for file in try files(under: path).keys { try setModificationDate(Self.past, of: path + "/" + file) }
    }

    /// Which file each path under `path` is (its inode) and when it was last
    /// modified: a file written again, even with the same bytes, shows.
    func stamps(under path: String) throws -> [String: FileStamp] {
        var stamps: [String: FileStamp] = [:]
        for file in try files(under: path).keys {
            let attributes = try FileManager.default.attributesOfItem(atPath: url(path + "/" + file).path)
            stamps[file] = FileStamp(
                inode: (attributes[.systemFileNumber] as? NSNumber)?.uint64Value,
                modified: attributes[.modificationDate] as? Date)
        }
        return stamps
    }
}

struct FileStamp: Equatable {
    var inode: UInt64?
    var modified: Date?
}
