import Foundation
import PortolanBundle
import Testing

/// Connection caps, timeouts, SIGHUP reloads and SIGTERM shutdown.
@Suite(.serialized) struct LimitsAndSignalsServeTests {
    typealias C = Clients

    static func limits(_ change: (inout Limits) -> Void) -> Limits {
        var limits = TestEstate.defaultLimits
        change(&limits)
        return limits
    }

    @Test func perClientConnectionCap() throws {
        let server = try ServerProcess.start(limits: Self.limits { $0.maxConnectionsPerClient = 2 })
        defer { server.stop() }
        let result = try Tool.run("python3", [Tool.clientsFolder.appendingPathComponent("connections.py").path, "\(server.port(25))", "3"])
        #expect(result.output.split(separator: "\n") == [
            "220 hub.acme.example ESMTP Portolan", "220 hub.acme.example ESMTP Portolan", "421 4.7.0 Too many connections",
        ], "\(result.error)")
    }

    @Test func globalConnectionCap() throws {
        let server = try ServerProcess.start(limits: Self.limits { $0.maxConnections = 1 })
        defer { server.stop() }
        let result = try Tool.run("python3", [Tool.clientsFolder.appendingPathComponent("connections.py").path, "\(server.port(25))", "2"])
        #expect(result.output.split(separator: "\n") == ["220 hub.acme.example ESMTP Portolan", "421 4.7.0 Too many connections"])
    }

    @Test func idleSessionsTimeOut() throws {
        let server = try ServerProcess.start(limits: Self.limits { $0.commandTimeout = 1 })
        defer { server.stop() }
        let replies = try C.converse(port: server.port(25), [C.read(), C.send("EHLO client.example\r\n"), C.read(), C.read(), C.closed])
        #expect(replies.first == "220 hub.acme.example ESMTP Portolan")
        #expect(replies.suffix(2) == ["421 4.4.2 Timeout exceeded", "CLOSED"])
    }

    @Test func sighupReloadsAGoodBundleAndKeepsTheOldOneOnABadOne() throws {
        let server = try ServerProcess.start()
        defer { server.stop() }
        let manifest = server.root.appendingPathComponent("out/manifest.json")
        let good = try Data(contentsOf: manifest)
        try Data("{\"format\": \"portolan.manifest/1\", \"bundles\": 3}".utf8).write(to: manifest)
        server.signal(SIGHUP)
        try server.waitFor("reload refused")
        let before = try C.converse(port: server.port(25), [C.read()])
        #expect(before == ["220 hub.acme.example ESMTP Portolan"])

        try good.write(to: manifest)
        let certificates = try Certificates.shared.get()
        var bundle = TestEstate.bundle(tls: certificates.server, siteTLS: certificates.site)
        bundle.server.host = "relay.acme.example"
        try server.rewriteBundle(bundle)
        server.signal(SIGHUP)
        try server.waitFor("reloaded")
        let after = try C.converse(port: server.port(25), [C.read()])
        #expect(after == ["220 relay.acme.example ESMTP Portolan"])
    }

    @Test func sigtermLetsSessionsFinishThenSays421() throws {
        let server = try ServerProcess.start(limits: Self.limits { $0.shutdownGrace = 1 })
        let transcript = LockedData()
        let port = server.port(25)
        let client = Thread {
            let replies = (try? C.converse(port: port, [C.read(), C.read(), C.closed])) ?? ["failed"]
            transcript.set(Data(replies.joined(separator: "\n").utf8))
        }
        client.start()
        try server.waitFor("connect")
        let status = server.stop()
        while !transcript.isSet { usleep(10_000) }
        #expect(String(decoding: transcript.value, as: UTF8.self) == "220 hub.acme.example ESMTP Portolan\n421 4.3.2 Service shutting down\nCLOSED")
        #expect(status == 0, "\(server.logText)")
        #expect(server.logText.contains("grace period over"))
    }
}
