import Foundation
import PortolanTestSupport
import PortolanBundle
import Testing

/// `portolan serve` on a built example whose bundle or manifest was damaged
/// afterwards: it exits with 1 before binding a socket or creating the spool,
/// and its log says what is wrong, naming the files involved.
@Suite struct ServeRefusalTests {
    /// A workspace with examples/minimal built into `out/`: one bundle, `mail`.
    static func built() throws -> Workspace {
        let workspace = try Workspace()
        try #require(try workspace.build(try workspace.copyExample("minimal")).status == 0)
        return workspace
    }

    static let bundle = "out/mail/bundle.json"
    static let manifest = "out/manifest.json"

    @Test func aBundleWithOneByteChangedDoesNotMatchItsDigest() throws {
        let workspace = try Self.built()
        let original = try workspace.data(Self.bundle)
        try workspace.edit(Self.bundle, replacing: "\"mail.acme.example\"", with: "\"mail.acme.exampld\"")
        let changed = try workspace.data(Self.bundle)
        try #require(zip(original, changed).filter { $0 != $1 }.count == 1 && original.count == changed.count)
        #expect(try Self.refusal(in: workspace) == """
            \(workspace.root.path)/\(Self.bundle) does not match the manifest: its SHA-256 is \(BundleCodec.sha256(changed)), \
            \(workspace.root.path)/\(Self.manifest) says \(BundleCodec.sha256(original))
            """)
    }

    @Test func aTruncatedBundleIsNotAPortolanFile() throws {
        let workspace = try Self.built()
        let original = try workspace.data(Self.bundle)
        try workspace.write(original.prefix(original.count / 2), to: Self.bundle)
        let message = try Self.refusal(in: workspace)
        #expect(message.hasPrefix("\(workspace.root.path)/\(Self.bundle) is not a portolan file (no readable \"format\" field): "),
                "\(message)")
    }

    /// A bundle of another format is refused for its format, whether or not
    /// the manifest's digest was updated with it: the format says why the
    /// bytes differ from what this version wrote.
    @Test(arguments: [true, false])
    func aBundleOfAnotherFormatIsRefusedForItsFormat(digestUpdated: Bool) throws {
        let workspace = try Self.built()
        try workspace.edit(Self.bundle, replacing: "\"portolan.bundle/3\"", with: "\"portolan.bundle/4\"")
        if digestUpdated {
            var manifest = try JSONDecoder().decode(Manifest.self, from: try workspace.data(Self.manifest))
            manifest.bundles[0].sha256 = BundleCodec.sha256(try workspace.data(Self.bundle))
            try workspace.write(Data(BundleCodec.encode(manifest)), to: Self.manifest)
        }
        #expect(try Self.refusal(in: workspace) == """
            \(workspace.root.path)/\(Self.bundle) has format 'portolan.bundle/4'; this version of portolan reads 'portolan.bundle/3'
            """)
    }

    @Test func aMissingManifestCannotBeRead() throws {
        let workspace = try Self.built()
        try workspace.remove(Self.manifest)
        let message = try Self.refusal(in: workspace)
        #expect(message.hasPrefix("cannot read \(workspace.root.path)/\(Self.manifest): "), "\(message)")
    }

    @Test func aManifestThatListsNoSuchServer() throws {
        let workspace = try Self.built()
        var manifest = try JSONDecoder().decode(Manifest.self, from: try workspace.data(Self.manifest))
        manifest.bundles[0].server = "mx"
        manifest.bundles[0].path = "mx/bundle.json"
        try workspace.write(Data(BundleCodec.encode(manifest)), to: Self.manifest)
        #expect(try Self.refusal(in: workspace) == "\(workspace.root.path)/\(Self.manifest) lists no bundle for server 'mail'")
    }

    @Test func aCorruptedManifestIsNotAPortolanFile() throws {
        let workspace = try Self.built()
        let original = try workspace.data(Self.manifest)
        try workspace.write(original.prefix(original.count - 40), to: Self.manifest)
        let message = try Self.refusal(in: workspace)
        #expect(message.hasPrefix("\(workspace.root.path)/\(Self.manifest) is not a portolan file (no readable \"format\" field): "),
                "\(message)")
    }

    /// Runs `portolan serve out/mail` on loopback ports that nothing uses and
    /// returns its refusal: the log's text after `cannot serve: `.
    static func refusal(in workspace: Workspace, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let run = try workspace.portolan(
            "serve", "out/mail", "--spool", "spool", "--port-offset", "\(TestPorts.offset())", "--address", "127.0.0.1",
            timeout: 30)
        #expect(!run.timedOut, "serve accepted the bundle and kept running", sourceLocation: sourceLocation)
        #expect(run.status == 1, "\(run.error)", sourceLocation: sourceLocation)
        #expect(!workspace.exists("spool"), "the spool was created before the bundle was verified", sourceLocation: sourceLocation)
        guard let start = run.error.range(of: "cannot serve: ")?.upperBound else {
            Issue.record("no refusal in the log: \(run.error)", sourceLocation: sourceLocation)
            return ""
        }
        return String(run.error[start...].prefix { $0 != "\n" })
    }
}
