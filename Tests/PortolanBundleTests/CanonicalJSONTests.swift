import Foundation
import PortolanBundle
import Testing

/// `BundleCodec.encode` writes bundles with its own encoder: the bytes must be
/// exactly those of Foundation's `JSONEncoder`, so that a build by an older
/// version leaves every unchanged bundle untouched.
@Suite struct CanonicalJSONTests {
    static func fullBundle(text: String) -> HostBundle {
        let peer = PeerSpec(name: "hub", kind: "server", host: "hub.acme.example", address: "10.0.0.1", tcpPort: 26, sslPort: 465, starttls: "enabled")
        let external = PeerSpec(name: "isp", kind: "external", host: "smtp.isp.example", address: nil, tcpPort: 25, sslPort: nil, starttls: "disabled")
        var bundle = BundleLoaderTests.sampleBundle()
        bundle.server = ServerIdentity(name: text, hierarchicalName: text + "/Acme", host: "hub.acme.example", organization: "Acme")
        bundle.listeners = [
            ListenerSpec(address: "10.0.0.1", port: 25, security: .plain, starttls: "required"),
            ListenerSpec(address: nil, port: 465, security: .implicitTLS, starttls: "disabled"),
        ]
        bundle.sites = [
            SiteSpec(name: "mail", hosts: ["mail.acme.example", "10.0.0.1"], security: bundle.auth,
                     tls: TLSFiles(certificate: "../tls/mail.pem", key: "/etc/tls/mail.key")),
            SiteSpec(name: "other", hosts: [], security: bundle.auth, tls: nil),
        ]
        bundle.users = [UserSpec(name: "alice", hierarchicalName: "alice/Acme", logins: ["alice", text], passwordHash: "$pbkdf2-sha256$1$a.b/c$d")]
        bundle.tls = TLSFiles(certificate: "a/b.pem", key: "a/b.key")
        bundle.outbound = OutboundSpec(
            tcpPort: 26, tcpMode: "starttls", sslPort: 465, relay: external, relayAuth: "required",
            routes: [RouteSpec(domains: ["a.example", "b.example"], peer: peer)], withinDomain: true)
        return bundle
    }

    @Test func bundlesAreByteForByteFoundationsOutput() throws {
        for text in ["hub", "Zürich ✉️", "quote \" backslash \\ slash / tab \t newline \n", "", "ctl \u{01}\u{1F}\u{7F}\u{08}\u{0C}\r"] {
            let bundle = Self.fullBundle(text: text)
            #expect(try BundleCodec.encode(bundle) == BundleCodec.encodeWithFoundation(bundle))
        }
        let empty = BundleLoaderTests.sampleBundle()
        #expect(try BundleCodec.encode(empty) == BundleCodec.encodeWithFoundation(empty))
    }

    @Test func manifestsAreByteForByteFoundationsOutput() throws {
        let manifest = Manifest(compiler: "0.1.0", sources: "ab", inputs: "cd", bundles: [
            .init(server: "b", path: "b/bundle.json", sha256: "00"), .init(server: "a", path: "a/bundle.json", sha256: "ff"),
            .init(server: "Zürich \"✉️\"\t", path: "Zürich \"✉️\"\t/bundle.json", sha256: "0f"),
        ])
        #expect(try BundleCodec.encode(manifest) == BundleCodec.encodeWithFoundation(manifest))
        let none = Manifest(compiler: "0.1.0", sources: "ab", bundles: [])
        #expect(try BundleCodec.encode(none) == BundleCodec.encodeWithFoundation(none))
    }

    /// Keys are sorted by their UTF-8 bytes, as `JSONEncoder` sorts them.
    @Test func keysSortByteWise() throws {
        struct Keys: Encodable {
            var b = 1, B = 2, a10 = 3, a9 = 4, aB = 5, ab = 6, é = 7, z = 8, A = 9
        }
        #expect(try BundleCodec.encode(Keys()) == BundleCodec.encodeWithFoundation(Keys()))
    }

    @Test func digestsAgree() {
        let bytes = Array("portolan".utf8)
        #expect(BundleCodec.sha256(bytes) == BundleCodec.sha256(Data(bytes)))
        #expect(BundleCodec.sha256([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    /// Paths are standardized by their text, as `URL.standardizedFileURL` does.
    @Test func pathsStandardizeLikeURL() {
        for path in ["/a/./b//c/../d", "/../a", "/a/b/..", "/a/b/", "/", "/a/../../b/./c", "/x/y/z/../../w"] {
            #expect(BundlePaths.standardized(path) == URL(fileURLWithPath: path).standardizedFileURL.path)
        }
        #expect(BundlePaths.relative("/src/estate/tls/hub.pem", from: "/out/hub") == "../../src/estate/tls/hub.pem")
        #expect(BundlePaths.relative("/out/tls/../hub/x.pem", from: "/out/hub") == "x.pem")
    }

    /// A batch of files lands whole, replaces what was there, and leaves no temporary file.
    @Test func writeAllReplacesEveryFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portolan-atomic-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/a", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder + "/b", withIntermediateDirectories: true)
        try Data("old".utf8).write(to: URL(fileURLWithPath: folder + "/a/f.json"))
        try AtomicFile.writeAll([(folder + "/a/f.json", Array("new a".utf8)), (folder + "/b/f.json", Array("new b".utf8))])
        #expect(FileManager.default.contents(atPath: folder + "/a/f.json") == Data("new a".utf8))
        #expect(FileManager.default.contents(atPath: folder + "/b/f.json") == Data("new b".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/a") == ["f.json"])
        try AtomicFile.writeAll([])
        #expect(throws: BundleError.self) { try AtomicFile.writeAll([(folder + "/missing/f.json", [1])]) }
    }
}
