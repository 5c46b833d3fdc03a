import Foundation
import PortolanBundle
import Testing

/// Failed logins counted per client address across sessions: a new session
/// does not start the delay over, and past the limit AUTH is refused for a
/// while, the right password too.
@Suite(.serialized) struct AuthPenaltyServeTests {
    typealias C = Clients

    /// One implicit-TLS session with one AUTH PLAIN; its last reply and how long it took.
    static func login(_ server: ServerProcess, password: String) throws -> (reply: String, seconds: Double) {
        let started = Date()
        let replies = try C.converse(port: server.port(465), implicitTLS: true, [
            C.read(), C.send("EHLO client.example\r\n"), C.read(),
            C.send("AUTH PLAIN " + Data("\0alice\0\(password)".utf8).base64EncodedString() + "\r\n"), C.read(),
        ])
        return (replies.last ?? "", Date().timeIntervalSince(started))
    }

    @Test("the Nth wrong guess waits N seconds across sessions; past the limit AUTH gets 454 until the penalty time has passed")
    func failuresAreCountedAcrossSessions() throws {
        var limits = TestEstate.defaultLimits
        limits.maxAuthFailures = 3
        limits.maxAuthFailuresPerClient = 3
        limits.authPenaltyTime = 6
        let server = try ServerProcess.start(limits: limits)
        defer { server.stop() }
        // One guess per session: the session limit (3) is never reached,
        // only the client's.
        for guess in 1...3 {
            let (reply, seconds) = try Self.login(server, password: "guess\(guess)")
            #expect(reply == "535 5.7.8 Authentication credentials invalid")
            #expect(seconds >= Double(guess) - 0.2, "wrong guess \(guess) was answered after \(seconds) s")
        }
        let lastFailure = Date()
        let locked = "454 4.7.0 Too many authentication failures from your address, try again later"
        let (fourth, fourthSeconds) = try Self.login(server, password: "guess4")
        #expect(fourth == locked)
        #expect(fourthSeconds < 2.5, "the refusal took \(fourthSeconds) s")
        let (right, _) = try Self.login(server, password: TestEstate.password)
        #expect(right == locked, "the right password is refused too while the penalty lasts")
        #expect(server.logText.components(separatedBy: "auth failed").count - 1 == 3)
        #expect(server.logText.components(separatedBy: "auth refused: too many failures from this address").count - 1 == 2)
        #expect(!server.logText.contains("guess"), "a password reached the log")
        // Once 6 s have passed since the last failure, the right password works.
        let wait = 6.5 - Date().timeIntervalSince(lastFailure)
        if wait > 0 { usleep(UInt32(wait * 1_000_000)) }
        let (after, _) = try Self.login(server, password: TestEstate.password)
        #expect(after == "235 2.7.0 Authentication successful")
    }
}
