import Foundation
import PortolanBundle
import Testing

/// The limits that bound what one client may hold: descriptors waiting for a
/// TLS handshake, commands that move no mail, and a session's whole time.
@Suite(.serialized) struct SessionLimitsServeTests {
    typealias C = Clients

    static func limits(_ change: (inout Limits) -> Void) -> Limits {
        var limits = TestEstate.defaultLimits
        change(&limits)
        return limits
    }

    @Test("300 connections that never send a ClientHello hold no more descriptors than the per-client cap, and only for the handshake timeout")
    func pendingHandshakesAreCapped() throws {
        // The command timeout is long: only the handshake timeout may close them.
        let server = try ServerProcess.start(limits: Self.limits {
            $0.maxConnectionsPerClient = 20
            $0.commandTimeout = 120
            $0.tlsHandshakeTimeout = 6
        })
        defer { server.stop() }
        let before = try #require(server.openFileCount)
        let client = try LineClient(["pending", "\(server.port(465))", "300"])
        defer { client.finish() }
        #expect(try client.readLine() == "holding")
        // Once the server has accepted all 300 (the 280 over the cap are closed at once):
        try server.waitFor("] connect", occurrences: 300)
        let held = try #require(server.openFileCount) - before
        #expect(held <= 20 + 5, "\(held) descriptors more than before, for 300 pending handshakes and a cap of 20")
        // The 20 within the cap are closed by the handshake timeout (6 s), never answered in plain text.
        let report = try client.readLine()
        let words = report.split(separator: " ")
        #expect(words.prefix(4) == ["closed", "300", "of", "300"], "\(report)")
        let last = Double(words.count > 5 ? words[5] : "") ?? .infinity
        #expect(last < 20, "the last pending handshake was closed \(last) s after it was opened")
        #expect(words.suffix(2) == ["answered", "0"], "\(report)")
        print("pending handshakes: \(held) descriptors held for 300 connections; \(report)")
        let served = try C.converse(port: server.port(465), implicitTLS: true, [C.read()])
        #expect(served == ["220 hub.acme.example ESMTP Portolan"])
    }

    @Test("the command after the junk limit gets 421 and the connection is closed")
    func junkCommandLimit() throws {
        let server = try ServerProcess.start(limits: Self.limits { $0.maxJunkCommands = 10 })
        defer { server.stop() }
        let junk = String(repeating: "NOOP\r\n", count: 6) + "RSET\r\nVRFY bob\r\nHELP\r\nNOOP\r\n" + String(repeating: "NOOP\r\n", count: 990)
        let replies = try C.converse(port: server.port(25), [
            C.read(), C.send("EHLO client.example\r\n"), C.read(), C.send(junk), C.read(11), C.closed,
        ])
        #expect(Array(replies.dropFirst(2).dropLast()) == Array(repeating: "250 2.0.0 Ok", count: 7) + [
            "252 2.5.2 Cannot VRFY user, but will accept message and attempt delivery", "214 2.0.0 See RFC 5321", "250 2.0.0 Ok",
            "421 4.7.0 Too many commands that move no mail",
        ])
        // Closed with the other 990 NOOPs unread, the kernel may reset the connection.
        #expect(replies.last == "CLOSED" || replies.last == "ERROR ConnectionResetError", "\(replies)")
    }

    @Test("a session that keeps every command within the timeout still ends at the session time limit")
    func sessionTimeLimit() throws {
        let server = try ServerProcess.start(limits: Self.limits {
            $0.commandTimeout = 3
            $0.maxSessionTime = 5
        })
        defer { server.stop() }
        // A NOOP every 1.2 s (one byte every 0.2 s) for 24 s: never idle for 3 s.
        let started = Date()
        let lines = try C.abuse(["slow", "\(server.port(25))", String(repeating: "NOOP\\r\\n", count: 20), "0.2"])
        let elapsed = Date().timeIntervalSince(started)
        #expect(lines.first == "220 hub.acme.example ESMTP Portolan")
        #expect(lines.suffix(2) == ["421 4.4.2 Session time limit exceeded", "CLOSED"], "\(lines)")
        let answered = lines.filter { $0 == "250 2.0.0 Ok" }.count
        #expect(answered >= 2 && answered <= 6, "\(answered) NOOPs answered in a 5 s session")
        #expect(elapsed < 15, "closed after \(elapsed) s")
    }
}
