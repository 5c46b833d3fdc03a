import Foundation
import PortolanBundle
import PortolanCompiler
import Testing

/// The emitter owns `OUT/<server>/bundle.json` and `OUT/manifest.json`, and
/// nothing else in the output folder.
@Suite struct BundleEmitterTests {
    /// A fresh output folder, removed at the end of the test.
    final class Output {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("portolan-emit-\(UUID().uuidString)").path
        deinit { try? FileManager.default.removeItem(atPath: path) }

        func write(_ text: String, to file: String) throws {
            let url = URL(fileURLWithPath: path + "/" + file)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }

        func exists(_ file: String) -> Bool { FileManager.default.fileExists(atPath: path + "/" + file) }

        /// Every file, hidden ones included, relative to the folder.
        var files: [String] {
            (FileManager.default.enumerator(atPath: path)?.compactMap { $0 as? String } ?? []).filter { file in
                var folder: ObjCBool = false
                return FileManager.default.fileExists(atPath: path + "/" + file, isDirectory: &folder) && !folder.boolValue
            }.sorted()
        }
    }

    @Test func whatItWritesIsWhatTheLoaderAccepts() throws {
        let out = Output()
        let bundles = [SampleBundle.make("spoke"), SampleBundle.make("hub", tcpPort: 26)]
        let summary = try BundleEmitter.emit(bundles, inputs: BuildInputs(sources: "digest"), to: out.path)
        #expect(summary.line == "2 bundles: 2 added, 0 changed, 0 unchanged, 0 removed")
        #expect(out.files == ["hub/bundle.json", "manifest.json", "spoke/bundle.json"])
        for bundle in bundles {
            #expect(try BundleLoader.load(directory: out.path + "/" + bundle.server.name) == bundle)
        }
        let manifest = try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: out.path + "/manifest.json")))
        #expect(manifest.sources == "digest")
        #expect(manifest.inputs == BuildInputs(sources: "digest").digest)
        #expect(manifest.bundles.map(\.path) == ["hub/bundle.json", "spoke/bundle.json"])
    }

    /// A build from the same inputs into a folder that holds exactly the
    /// bundles of its manifest needs no lowering; any other folder does.
    @Test func anUnchangedBuildIsKnownFromTheManifestAndTheBundlesOnDisk() throws {
        let out = Output()
        let folders = ["src\0tls\0../src/tls"]
        let inputs = BuildInputs(sources: "a", keyRingFolders: folders)
        _ = try BundleEmitter.emit([SampleBundle.make("hub"), SampleBundle.make("spoke")], inputs: inputs, to: out.path)
        try out.write("not ours\n", to: "README")
        let unchanged = BundleEmitter.unchangedBuild(inputs: inputs, in: out.path)
        #expect(unchanged?.line == "2 bundles: 0 added, 0 changed, 2 unchanged, 0 removed")
        for other in [
            BuildInputs(sources: "b", keyRingFolders: folders), BuildInputs(compiler: "9.9.9", sources: "a", keyRingFolders: folders),
            BuildInputs(sources: "a", keyRingFolders: ["src\0tls\0../../src/tls"]),
        ] {
            #expect(BundleEmitter.unchangedBuild(inputs: other, in: out.path) == nil)
        }
        #expect(out.files == ["README", "hub/bundle.json", "manifest.json", "spoke/bundle.json"])

        try out.write("{}\n", to: "stale/bundle.json")
        #expect(BundleEmitter.unchangedBuild(inputs: inputs, in: out.path) == nil)
    }

    @Test func aChangedBundleIsRewrittenAndOnlyIt() throws {
        let out = Output()
        _ = try BundleEmitter.emit([SampleBundle.make("hub"), SampleBundle.make("spoke")], inputs: BuildInputs(sources: "a"), to: out.path)
        let summary = try BundleEmitter.emit(
            [SampleBundle.make("hub", tcpPort: 26), SampleBundle.make("spoke")], inputs: BuildInputs(sources: "b"), to: out.path)
        #expect(summary.changed == ["hub"] && summary.unchanged == ["spoke"] && summary.added.isEmpty && summary.removed.isEmpty)
        #expect(summary.line == "2 bundles: 0 added, 1 changed, 1 unchanged, 0 removed")
        #expect(try BundleLoader.load(directory: out.path + "/hub").listeners.map(\.port) == [26])
    }

    @Test func aServerThatLeftLosesOnlyTheFilesTheEmitterWrote() throws {
        let out = Output()
        _ = try BundleEmitter.emit([SampleBundle.make("hub"), SampleBundle.make("old")], inputs: BuildInputs(sources: "a"), to: out.path)
        try out.write("kept by the administrator\n", to: "old/notes.txt")
        try out.write("not ours\n", to: "README")
        let summary = try BundleEmitter.emit([SampleBundle.make("hub")], inputs: BuildInputs(sources: "b"), to: out.path)
        #expect(summary.line == "1 bundle: 0 added, 0 changed, 1 unchanged, 1 removed")
        #expect(out.files == ["README", "hub/bundle.json", "manifest.json", "old/notes.txt"])
    }

    @Test func aBundleLeftByAnInterruptedBuildIsRemoved() throws {
        let out = Output()
        try out.write("{}\n", to: "stale/bundle.json")
        let summary = try BundleEmitter.emit([SampleBundle.make("hub")], inputs: BuildInputs(sources: "a"), to: out.path)
        #expect(summary.removed == ["stale"])
        #expect(!out.exists("stale"))
    }

    @Test(arguments: ["..", ".hidden", "a/b", ""])
    func aNameThatIsNotOneFolderIsRefused(name: String) throws {
        let out = Output()
        #expect(throws: BundleError.self) {
            try BundleEmitter.emit([SampleBundle.make(name)], inputs: BuildInputs(sources: "a"), to: out.path)
        }
        #expect(out.files.isEmpty)
    }
}
