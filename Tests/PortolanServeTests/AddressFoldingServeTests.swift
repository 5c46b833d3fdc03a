import Foundation
import PortolanTestSupport
import PortolanBundle
import Testing

/// `serve --address` on a host that listens on one port at two addresses
/// (examples/internet-sites, mx1: 192.0.2.10 and 192.0.2.12 on 25 and 465):
/// one socket per port, and a log line that names the sites the address no
/// longer tells apart. A port that is really taken is refused in plain words.
@Suite(.serialized) struct AddressFoldingServeTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples")

    /// examples/internet-sites copied and built in a fresh folder, with a
    /// self-signed key ring for every file its topology names.
    static func builtInternetSites() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("portolan-fold-\(UUID().uuidString)")
        let source = root.appendingPathComponent("src")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: examples.appendingPathComponent("internet-sites"), to: source)
        let tls = source.appendingPathComponent("tls")
        try FileManager.default.createDirectory(at: tls, withIntermediateDirectories: true)
        for name in ["mx1", "mx2", "mail", "submit"] { _ = try Certificates.make("\(name).acme.example", file: name, in: tls) }
        let built = try Tool.run(executable: PortolanBinary.url, ["build", "src", "--out", "out"], in: root)
        guard built.status == 0 else { throw ToolError("portolan build failed: \(built.output) \(built.error)") }
        return root
    }

    @Test("two listeners of one port share one socket; the log names the sites it cannot tell apart; a taken port is refused")
    func listenersOfOnePortAreFolded() throws {
        let root = try Self.builtInternetSites()
        let bundle = root.appendingPathComponent("out/mx1")
        var server: ServerProcess?
        for _ in 0..<8 where server == nil {
            let candidate = try ServerProcess(root: root, bundleFolder: bundle, offset: TestPorts.offset(), extra: [])
            if try candidate.waitFor(ServerProcess.readyLine) { server = candidate } else if !candidate.logText.contains("in use") { break }
        }
        let running = try #require(server, "portolan serve did not start")
        defer { running.stop() }
        let log = running.logText
        #expect(log.contains("listeners=2"), "\(log)")
        for port in [25, 465] {
            #expect(log.contains("port=\(running.port(port))") && log.contains("for=192.0.2.10:\(port),192.0.2.12:\(port)"), "\(log)")
        }
        let warning = "sites can no longer be told apart by address on this socket; all its connections are served as 192.0.2.10"
        #expect(log.components(separatedBy: warning).count - 1 == 2, "\(log)")
        #expect(log.contains("sites=acme-mx (192.0.2.10), acme-submit (192.0.2.12)"), "\(log)")
        // Served as 192.0.2.10, that is by acme-mx, which takes anonymous mail on 25.
        let replies = try Clients.converse(port: running.port(25), [
            Clients.read(), Clients.send("EHLO client.example\r\nMAIL FROM:<a@elsewhere.example>\r\nRCPT TO:<alice@acme.example>\r\n"),
            Clients.read(3),
        ])
        #expect(replies.first == "220 mx1.acme.example ESMTP Portolan")
        #expect(replies.suffix(2) == ["250 2.1.0 Ok", "250 2.1.5 Ok"])
        let tls = try Clients.converse(port: running.port(465), implicitTLS: true, [Clients.read()])
        #expect(tls == ["220 mx1.acme.example ESMTP Portolan"])

        // The same ports again: taken. The message says so once, without NIO's stray parenthesis.
        let second = try ServerProcess(root: root, bundleFolder: bundle, spool: root.appendingPathComponent("spool2"), offset: running.offset, extra: [])
        #expect(try second.waitFor(ServerProcess.readyLine) == false)
        let refusal = second.logText
        #expect(refusal.contains("cannot serve: cannot listen on 127.0.0.1:\(running.port(25)): Address already in use (errno 98)"), "\(refusal)")
        #expect(!refusal.contains("in use)"), "\(refusal)")
    }
}
