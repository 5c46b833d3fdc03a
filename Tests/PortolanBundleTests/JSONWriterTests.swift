import Foundation
import PortolanBundle
import PortolanJSON
import Testing

/// `BundleCodec.encode` writes bundles with the project's `JSONWriter`: the bytes must be
/// exactly those of Foundation's `JSONEncoder`, so that a build by an older
/// version leaves every unchanged bundle untouched.
@Suite struct JSONWriterTests {
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
            #expect(BundleCodec.encode(bundle) == (try BundleCodec.encodeWithFoundation(bundle)))
        }
        let empty = BundleLoaderTests.sampleBundle()
        #expect(BundleCodec.encode(empty) == (try BundleCodec.encodeWithFoundation(empty)))
    }

    @Test func manifestsAreByteForByteFoundationsOutput() throws {
        let manifest = Manifest(compiler: "0.1.0", sources: "ab", inputs: "cd", bundles: [
            .init(server: "b", path: "b/bundle.json", sha256: "00"), .init(server: "a", path: "a/bundle.json", sha256: "ff"),
            .init(server: "Zürich \"✉️\"\t", path: "Zürich \"✉️\"\t/bundle.json", sha256: "0f"),
        ])
        #expect(BundleCodec.encode(manifest) == (try BundleCodec.encodeWithFoundation(manifest)))
        let none = Manifest(compiler: "0.1.0", sources: "ab", bundles: [])
        #expect(BundleCodec.encode(none) == (try BundleCodec.encodeWithFoundation(none)))
    }

    /// A sorted object sorts its keys by their UTF-8 bytes, as `JSONEncoder` sorts them.
    @Test func keysSortByteWise() throws {
        struct Keys: Encodable {
            var b = 1, B = 2, a10 = 3, a9 = 4, aB = 5, ab = 6, é = 7, z = 8, A = 9
        }
        let value = JSONValue.sortedObject([
            "b": .int(1), "B": .int(2), "a10": .int(3), "a9": .int(4), "aB": .int(5), "ab": .int(6), "é": .int(7), "z": .int(8), "A": .int(9),
        ])
        #expect(JSONWriter.document(value, layout: .foundation) == (try BundleCodec.encodeWithFoundation(Keys())))
    }

    /// Every layout against what Foundation writes for the same value:
    /// escapes, empty containers, nesting, `/` escaped or not.
    @Test func layoutsAreFoundationsWhereTheyClaimToBe() throws {
        let text = "quote \" backslash \\ slash / ctl \u{01}\u{08}\u{0C}\t\r\n Zürich ✉️"
        let object: [String: Any] = ["a": [Any](), "b": [String: Any](), "c": text, "d": NSNull(), "e": true, "f": -3, "g": [["x": 1]]]
        let value = JSONValue.sortedObject([
            "a": .array([]), "b": .sortedObject([:]), "c": .string(text), "d": .null, "e": .bool(true), "f": .int(-3),
            "g": .array([.sortedObject(["x": .int(1)])]),
        ])
        let unescaped = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        #expect(value.serialised(layout: .foundation) == String(decoding: unescaped, as: UTF8.self))
        let escaped = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        #expect(value.serialised(layout: .foundationEscapingSlashes) == String(decoding: escaped, as: UTF8.self))
        #expect(value.serialised(layout: .compact) == """
            {
              "a": [],
              "b": {},
              "c": "quote \\" backslash \\\\ slash / ctl \\u0001\\u0008\\u000c\\t\\r\\n Zürich ✉️",
              "d": null,
              "e": true,
              "f": -3,
              "g": [
                {
                  "x": 1
                }
              ]
            }
            """)
    }

    /// A bundle read back as a tree is the tree of its bytes.
    @Test func aBundlesTreeIsTheTreeOfItsBytes() throws {
        let bundle = Self.fullBundle(text: "hub")
        let tree = JSONTreeBuilder.tree(of: bundle)
        #expect(tree.serialised(layout: .foundation) + "\n" == String(decoding: BundleCodec.encode(bundle), as: UTF8.self))
        guard case .sortedObject(let members) = tree, case .sortedObject(let server)? = members["server"] else {
            Issue.record("not an object with a server: \(tree)")
            return
        }
        #expect(server["host"] == .string("hub.acme.example"))
        #expect(members["tls"] != nil)
        #expect(members.count == 16)
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
