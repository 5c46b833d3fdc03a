import Foundation
import PortolanTestSupport
import PortolanBundle
import Testing

/// Bad bundles: refused when the server starts (exit 1, a message that says
/// what is wrong) and refused on SIGHUP while the running bundle keeps
/// serving.
@Suite(.serialized) struct BundleRefusalServeTests {
    typealias C = Clients

    /// One way to spoil the files `TestEstate.write` wrote, and a piece of
    /// the message that must explain the refusal.
    struct Spoiler: Sendable, CustomTestStringConvertible {
        var name: String
        var says: String
        var spoil: @Sendable (_ out: URL) throws -> Void
        var testDescription: String { name }
    }

    static func bundleFile(_ out: URL) -> URL { out.appendingPathComponent("hub/bundle.json") }
    static func manifestFile(_ out: URL) -> URL { out.appendingPathComponent("manifest.json") }

    static func edit(_ url: URL, _ change: (inout [UInt8]) -> Void) throws {
        var bytes = try [UInt8](Data(contentsOf: url))
        change(&bytes)
        try Data(bytes).write(to: url)
    }

    /// Replaces text in the bundle, then writes the manifest's digest to
    /// match, so that only the change itself can be the reason for a refusal.
    static func rewriteMatching(_ out: URL, _ from: String, _ to: String) throws {
        let url = bundleFile(out)
        let text = try String(contentsOf: url, encoding: .utf8)
        precondition(text.contains(from), "\(from) is not in the bundle")
        let bytes = Array(text.replacingOccurrences(of: from, with: to).utf8)
        try Data(bytes).write(to: url)
        let manifest = Manifest(compiler: "test", sources: String(repeating: "0", count: 64),
                                bundles: [.init(server: "hub", path: "hub/bundle.json", sha256: BundleCodec.sha256(bytes))])
        try Data(BundleCodec.encode(manifest)).write(to: manifestFile(out))
    }

    static let spoilers: [Spoiler] = [
        Spoiler(name: "truncated bundle", says: "bundle.json") { out in try edit(bundleFile(out)) { $0.removeLast($0.count / 2) } },
        Spoiler(name: "empty bundle", says: "no readable \"format\" field") { out in try edit(bundleFile(out)) { $0.removeAll() } },
        Spoiler(name: "a byte of the bundle replaced by 0xFF", says: "bundle.json") { out in
            try edit(bundleFile(out)) { $0[$0.count / 2] = 0xFF }
        },
        Spoiler(name: "a letter of the bundle changed (digest no longer matches)", says: "does not match the manifest") { out in
            try edit(bundleFile(out)) { bytes in
                let text = String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "hub.acme.example", with: "hub.acme.exampld")
                bytes = Array(text.utf8)
            }
        },
        Spoiler(name: "a wrong digest in the manifest", says: "does not match the manifest") { out in
            try edit(manifestFile(out)) { bytes in
                let text = String(decoding: bytes, as: UTF8.self)
                let digest = text.range(of: "\"sha256\" : \"")!.upperBound
                bytes = Array((text[..<digest] + String(repeating: "0", count: 64) + text[text.index(digest, offsetBy: 64)...]).utf8)
            }
        },
        Spoiler(name: "a newer bundle format", says: "has format 'portolan.bundle/4'") { out in
            try rewriteMatching(out, "\"portolan.bundle/3\"", "\"portolan.bundle/4\"")
        },
        Spoiler(name: "a field of the wrong type", says: "wrong type") { out in
            try rewriteMatching(out, "\"maxErrors\" : 6", "\"maxErrors\" : \"six\"")
        },
        Spoiler(name: "a missing field", says: "missing field") { out in
            try rewriteMatching(out, "\"maxErrors\" : 6,", "")
        },
        Spoiler(name: "no manifest", says: "cannot read") { out in try FileManager.default.removeItem(at: manifestFile(out)) },
        Spoiler(name: "a manifest of another format", says: "has format") { out in
            try edit(manifestFile(out)) { bytes in
                bytes = Array(String(decoding: bytes, as: UTF8.self)
                    .replacingOccurrences(of: "portolan.manifest/1", with: "portolan.manifest/9").utf8)
            }
        },
        Spoiler(name: "a manifest without this server", says: "lists no bundle for server 'hub'") { out in
            try edit(manifestFile(out)) { bytes in
                bytes = Array(String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\"hub\"", with: "\"spoke\"").utf8)
            }
        },
        Spoiler(name: "a key ring file that is gone", says: "key ring") { out in
            try rewriteMatching(out, "hub.acme.example.key", "gone.key")
        },
    ]

    @Test("a bad bundle is refused at start", arguments: spoilers)
    func refusedAtStart(_ spoiler: Spoiler) throws {
        let certificates = try Certificates.shared.get()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("portolan-bad-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = try TestEstate.write(TestEstate.bundle(tls: certificates.server, siteTLS: certificates.site), to: root)
        try spoiler.spoil(root.appendingPathComponent("out"))
        let (status, log) = try Self.serve(folder: folder, spool: root.appendingPathComponent("spool"))
        #expect(status == 1, "\(log)")
        #expect(log.contains("cannot serve") && log.contains(spoiler.says), "\(log)")
        #expect(!log.contains("listening"), "\(log)")
    }

    @Test("every bad bundle is refused on SIGHUP and the running one keeps serving")
    func refusedOnReload() throws {
        let server = try ServerProcess.start()
        defer { server.stop() }
        let out = server.root.appendingPathComponent("out")
        let goodBundle = try Data(contentsOf: Self.bundleFile(out))
        let goodManifest = try Data(contentsOf: Self.manifestFile(out))
        for (number, spoiler) in Self.spoilers.enumerated() {
            try spoiler.spoil(out)
            server.signal(SIGHUP)
            #expect(try server.waitFor("reload refused", occurrences: number + 1), "the server stopped: \(server.logText)")
            let lastRefusal = server.logText.split(separator: "\n").last { $0.contains("reload refused") } ?? ""
            #expect(lastRefusal.contains(spoiler.says), "\(spoiler.name): \(lastRefusal)")
            let replies = try C.converse(port: server.port(25), [
                C.read(), C.send("EHLO client.example\r\nMAIL FROM:<a@elsewhere.example>\r\nRCPT TO:<bob@acme.example>\r\nDATA\r\n"),
                C.read(4), C.send("Subject: after \(spoiler.name)\r\n\r\nserved\r\n.\r\n"), C.read(),
            ])
            #expect(replies.first == "220 hub.acme.example ESMTP Portolan", "\(spoiler.name): \(replies)")
            #expect(replies.last?.hasPrefix("250 2.0.0 Ok: queued as") == true, "\(spoiler.name): \(replies)")
            try goodBundle.write(to: Self.bundleFile(out))
            try goodManifest.write(to: Self.manifestFile(out))
        }
        #expect(try server.spooled().count == Self.spoilers.count)
        #expect(!server.logText.contains("reloaded"))
    }

    /// Runs `portolan serve` on a bundle that must be refused: its status
    /// and log, or a failure when it is still running after 30 s.
    static func serve(folder: URL, spool: URL) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = ServerProcess.binary
        process.arguments = ["serve", folder.path, "--spool", spool.path, "--port-offset", "\(TestPorts.offset())",
                             "--address", "127.0.0.1"]
        let log = Pipe()
        process.standardError = log
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw ToolError("portolan serve accepted a bad bundle and kept running")
        }
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: log.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self))
    }
}
