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

    @Test("6 wrong guesses in parallel sessions: the delays add up, the last is answered after 6 s")
    func parallelGuessesShareTheDelay() throws {
        var limits = TestEstate.defaultLimits
        limits.maxAuthFailuresPerClient = 10
        limits.authPenaltyTime = 60
        let server = try ServerProcess.start(limits: limits)
        defer { server.stop() }
        let results = LockedResults()
        let started = Date()
        let threads = (1...6).map { guess in
            Thread { results.add((try? Self.login(server, password: "parallel\(guess)")) ?? ("failed", 0)) }
        }
        for thread in threads { thread.start() }
        while results.count < 6 { usleep(20_000) }
        let elapsed = Date().timeIntervalSince(started)
        let all = results.values
        #expect(all.allSatisfy { $0.reply == "535 5.7.8 Authentication credentials invalid" }, "\(all)")
        // The failures are counted 1 to 6 whatever the session: their delays are 1 to 6 s.
        let slowest = all.map(\.seconds).max() ?? 0
        #expect(slowest >= 5.8, "the slowest of 6 parallel guesses was answered after \(slowest) s")
        #expect(elapsed >= 5.8, "6 parallel guesses took \(elapsed) s in all")
        // Whatever the clients' own start-up costs, the answers are spread over the delays.
        let fastest = all.map(\.seconds).min() ?? 0
        #expect(slowest - fastest >= 4, "answers \(fastest) s to \(slowest) s after the start")
        print("auth: 6 parallel wrong guesses answered after \(all.map { String(format: "%.1f", $0.seconds) }.sorted()) s")
    }
}

final class LockedResults: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [(reply: String, seconds: Double)] = []
    func add(_ result: (reply: String, seconds: Double)) { lock.withLock { stored.append(result) } }
    var values: [(reply: String, seconds: Double)] { lock.withLock { stored } }
    var count: Int { lock.withLock { stored.count } }
}
