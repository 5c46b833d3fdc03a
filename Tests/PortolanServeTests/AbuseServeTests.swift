import Foundation
import PortolanBundle
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Clients that try to break the listener: smuggling, floods, trickles,
/// brute force, garbage where TLS is expected, hang-ups in the middle of a
/// message. After each, the server still serves, nothing stray is in the
/// spool, and its memory stays bounded.
@Suite(.serialized) struct AbuseServeTests {
    typealias C = Clients
    static let greeting = "220 hub.acme.example ESMTP Portolan"
    /// A generous bound on the server's resident memory, MiB.
    static let memoryLimitMiB = 200

    static func limits(_ change: (inout Limits) -> Void) -> Limits {
        var limits = TestEstate.defaultLimits
        change(&limits)
        return limits
    }

    /// The line end sequences of SMTP smuggling (SEC Consult, Postfix's
    /// smtp-smuggling notes): none of them is CRLF.CRLF, so none may end the
    /// data. Each is sent after a line of content and followed by a whole
    /// second transaction, then the real end.
    static let smugglingEnds = [
        "\n.\n", "\n.\r\n", "\r.\r", "\r.\n", "\r\n.\r", "\r\n.\n", "\r.\r\n", "\n.\r", "\r\r\n.\r\r\n", "\r\n.\r\r\n",
        "\r\r\n.\n", "\r\n\u{0}.\r\n", "\r\n .\r\n", "\r\n.\u{0}\r\n", "\r\n..\n",
    ]

    @Test("no smuggling sequence splits a message", arguments: Array(smugglingEnds.indices))
    func smuggling(_ index: Int) throws {
        let server = try ServerProcess.start()
        defer { server.stop() }
        let end = Self.smugglingEnds[index]
        let smuggled = "Subject: one\r\n\r\nbody" + end
            + "MAIL FROM:<ceo@acme.example>\r\nRCPT TO:<carol@acme.example>\r\nDATA\r\nSubject: smuggled\r\n\r\nsmuggled" + end
            + "tail\r\n.\r\n"
        let replies = try C.converse(port: server.port(25), [
            C.read(), C.send("EHLO client.example\r\n"), C.read(),
            C.send("MAIL FROM:<a@elsewhere.example>\r\nRCPT TO:<bob@acme.example>\r\nDATA\r\n"), C.read(3),
            C.send(smuggled), C.read(), C.send("NOOP\r\n"), C.read(),
        ])
        // One answer to the one DATA, then NOOP's: no reply to a smuggled MAIL, RCPT or DATA.
        let answer = replies.dropLast().last ?? ""
        #expect(replies.last == "250 2.0.0 Ok", "end \(end.debugDescription): \(replies)")
        let spooled = try server.spooled()
        if end.contains("\r\r") || end.replacingOccurrences(of: "\r\n", with: "").contains(where: { $0 == "\r" || $0 == "\n" }) {
            // A bare CR or LF: the whole message is refused.
            #expect(answer == "550 5.6.0 Message refused: bare LF/CR not allowed", "end \(end.debugDescription): \(replies)")
            #expect(spooled.isEmpty)
        } else if end.contains("\u{0}") {
            // A NUL, which a later hop may drop and then see `CRLF.CRLF`: refused whole too.
            #expect(answer == "550 5.6.0 Message refused: NUL not allowed", "end \(end.debugDescription): \(replies)")
            #expect(spooled.isEmpty)
        } else {
            // Only CRLF line ends: one message, with the would-be second transaction as its content.
            #expect(answer.hasPrefix("250 2.0.0 Ok: queued as"), "end \(end.debugDescription): \(replies)")
            #expect(spooled.count == 1)
            #expect(spooled.first?.message.contains("MAIL FROM:<ceo@acme.example>\r\n") == true)
        }
        #expect(server.logText.components(separatedBy: "] accepted").count - 1 == spooled.count)
    }

    @Test("a message whose lines end in CR CR LF is refused whole")
    func carriageReturnBeforeCRLF() throws {
        // "\r\r\n.\r\n" holds a real CRLF.CRLF: the data ends there, but its
        // last line had a bare CR, so the message is refused, never spooled.
        let server = try ServerProcess.start()
        defer { server.stop() }
        let replies = try C.converse(port: server.port(25), [
            C.read(), C.send("EHLO client.example\r\n"), C.read(),
            C.send("MAIL FROM:<a@elsewhere.example>\r\nRCPT TO:<bob@acme.example>\r\nDATA\r\n"), C.read(3),
            C.send("Subject: one\r\n\r\nbody\r\r\n.\r\n"), C.read(), C.send("NOOP\r\n"), C.read(),
        ])
        #expect(replies.suffix(2) == ["550 5.6.0 Message refused: bare LF/CR not allowed", "250 2.0.0 Ok"])
        #expect(try server.spooled().isEmpty)
    }

    @Test("a 1 MB command line is refused without being buffered")
    func megabyteCommandLine() throws {
        let server = try ServerProcess.start()
        defer { server.stop() }
        let before = try #require(server.residentKiB)
        let line = "MAIL FROM:<" + String(repeating: "a", count: 1 << 20) + "@elsewhere.example>\r\n"
        let replies = try C.converse(port: server.port(25), [
            C.read(), C.send("EHLO client.example\r\n"), C.read(), C.send(line), C.read(), C.send("NOOP\r\n"), C.read(),
        ])
        #expect(replies.suffix(2) == ["500 5.5.2 Line too long", "250 2.0.0 Ok"])
        // 16 MiB without any line end, then a hang-up: were it buffered, the
        // listener would grow by at least that much.
        let unterminated = try C.abuse(["raw", "\(server.port(25))"], input: Data(String(repeating: "x", count: 16 << 20).utf8))
        #expect(unterminated.first == Self.greeting)
        let after = try #require(server.residentKiB)
        #expect(after < Self.memoryLimitMiB * 1024, "\(before / 1024) MiB before, \(after / 1024) MiB after")
        #expect(after - before < 8 * 1024, "\(before / 1024) MiB before, \(after / 1024) MiB after")
    }

    @Test("a client that sends one byte a second is cut off by the command timeout")
    func slowloris() throws {
        let server = try ServerProcess.start(limits: Self.limits { $0.commandTimeout = 3 })
        defer { server.stop() }
        // Ten bytes at one a second: the command is not complete within 3 s.
        let started = Date()
        let lines = try C.abuse(["slow", "\(server.port(25))", "NOOP xyz\\r\\n", "1"])
        #expect(lines.first == Self.greeting)
        #expect(lines.contains("421 4.4.2 Timeout exceeded"), "\(lines)")
        #expect(!lines.contains("250 2.0.0 Ok"), "\(lines)")
        #expect(lines.last == "CLOSED")
        #expect(Date().timeIntervalSince(started) < 60)
    }

    @Test("a client that trickles message content is cut off by the minimum data rate")
    func slowData() throws {
        let server = try ServerProcess.start(limits: Self.limits { $0.commandTimeout = 30 })
        defer { server.stop() }
        // Twenty bytes a second, in short lines so that every line is a complete frame:
        // only the data rate (1,024 bytes a second after 5 s) can stop it.
        let trickle = try C.abuse(["slow", "\(server.port(25))",
                                   "EHLO c\\r\\nMAIL FROM:<a@elsewhere.example>\\r\\nRCPT TO:<bob@acme.example>\\r\\nDATA\\r\\n"
                                   + String(repeating: "y\\r\\n", count: 400), "0.05"])
        #expect(trickle.contains("354 End data with <CR><LF>.<CR><LF>"), "\(trickle)")
        #expect(trickle.contains("421 4.4.2 Minimum data rate not met"), "\(trickle)")
        #expect(trickle.last == "CLOSED")
        #expect(try server.spooled().isEmpty)
    }

    @Test("2,000 connections from one client: another loopback address is still served")
    func twoThousandConnections() throws {
        try Self.raiseOpenFileLimit(to: 8_192)
        let server = try ServerProcess.start(limits: Self.limits {
            $0.maxConnections = 2_500
            $0.maxConnectionsPerClient = 2_000
            $0.commandTimeout = 120
        })
        defer { server.stop() }
        let flood = Process()
        flood.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        flood.arguments = ["python3", Tool.clientsFolder.appendingPathComponent("abuse.py").path, "flood", "\(server.port(25))", "2001"]
        let input = Pipe()
        let output = Pipe()
        flood.standardInput = input
        flood.standardOutput = output
        try flood.run()
        defer {
            try? input.fileHandleForWriting.close()
            flood.waitUntilExit()
        }
        var report = Data()
        while !String(decoding: report, as: UTF8.self).contains("holding") {
            let more = output.fileHandleForReading.availableData
            if more.isEmpty { break }
            report.append(more)
        }
        let lines = String(decoding: report, as: UTF8.self).split(separator: "\n").map(String.init)
        // The per-client cap is 2,000: the 2,001st is told so.
        #expect(lines.prefix(3) == ["greeted 2000", "refused 1", "other 0"], "\(lines)")
        let held = try #require(server.residentKiB)
        let served = try C.abuse(["send", "\(server.port(25))", "--source", "127.0.0.2"])
        #expect(served.first?.hasPrefix("OK ") == true, "\(served)")
        #expect(held < Self.memoryLimitMiB * 1024, "\(held / 1024) MiB with 2,000 connections open")
        print("abuse: 2,000 connections held, the server's resident memory is \(held / 1024) MiB")
        try input.fileHandleForWriting.close()
        flood.waitUntilExit()
        let again = try C.abuse(["send", "\(server.port(25))"])
        #expect(again.first?.hasPrefix("OK ") == true, "\(again)")
        #expect(try server.spooled().count == 2)
    }

    @Test("AUTH brute force: each failure is slower, the third ends the session, pipelined guesses are never tried")
    func authBruteForce() throws {
        let server = try ServerProcess.start()
        defer { server.stop() }
        let guesses = (0..<20).map { "AUTH PLAIN " + Data("\0alice\0guess\($0)".utf8).base64EncodedString() + "\r\n" }.joined()
        let started = Date()
        let replies = try C.converse(port: server.port(465), implicitTLS: true, [
            C.read(), C.send("EHLO client.example\r\n"), C.read(), C.send(guesses), C.read(3), C.closed,
        ])
        let elapsed = Date().timeIntervalSince(started)
        #expect(replies.suffix(4) == [
            "535 5.7.8 Authentication credentials invalid", "535 5.7.8 Authentication credentials invalid",
            "421 4.7.0 Too many authentication failures", "CLOSED",
        ])
        // Delays of 1, 2 and 3 seconds come before the three answers.
        #expect(elapsed >= 5.5, "answered after \(elapsed) s")
        #expect(server.logText.components(separatedBy: "auth failed").count - 1 == 3)
        #expect(!server.logText.contains("guess"), "a password reached the log")
        // Another session may try again, under the same rules; a right password still works.
        let next = try C.converse(port: server.port(465), implicitTLS: true, [
            C.read(), C.send("EHLO client.example\r\n"), C.read(),
            C.send("AUTH PLAIN " + Data("\0alice\0\(TestEstate.password)".utf8).base64EncodedString() + "\r\n"), C.read(),
        ])
        #expect(next.last == "235 2.7.0 Authentication successful")
    }

    /// Bytes that are not a TLS ClientHello, sent to the implicit TLS port.
    static let garbageHellos: [(String, [UInt8])] = [
        ("plain SMTP", Array("EHLO client.example\r\n".utf8)),
        ("an HTTP request", Array("GET / HTTP/1.1\r\nHost: hub\r\n\r\n".utf8)),
        ("a record header claiming 16 KiB, then nothing", [0x16, 0x03, 0x01, 0x40, 0x00, 0x01]),
        ("a ClientHello with a length past its record", [0x16, 0x03, 0x01, 0x00, 0x08, 0x01, 0xFF, 0xFF, 0xFF, 0x03, 0x03, 0, 0]),
        ("an SSLv2 hello", [0x80, 0x2E, 0x01, 0x00, 0x02, 0x00, 0x15, 0x00, 0x00, 0x00, 0x10] + Array(repeating: 0x41, count: 37)),
        ("an alert record", [0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]),
        ("64 KiB of zeros", Array(repeating: 0, count: 65_536)),
        ("random bytes", {
            var state: UInt64 = 0x7E57
            return (0..<4_096).map { _ in
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                return UInt8(truncatingIfNeeded: state >> 33)
            }
        }()),
    ]

    @Test("garbage instead of a TLS ClientHello: the connection is closed, the server goes on")
    func garbageClientHello() throws {
        // A record that never completes is cut off by the handshake timeout.
        let server = try ServerProcess.start(limits: Self.limits {
            $0.commandTimeout = 3
            $0.tlsHandshakeTimeout = 3
        })
        defer { server.stop() }
        for (name, bytes) in Self.garbageHellos {
            let answer = try C.abuse(["tls-garbage", "\(server.port(465))"], input: Data(bytes))
            // A TLS alert or a plain close; never an SMTP reply, never a connection left open.
            #expect(answer.first == "CLOSED" || answer.first?.hasPrefix("ANSWER 15") == true, "\(name): \(answer)")
        }
        let served = try C.converse(port: server.port(465), implicitTLS: true, [C.read()])
        #expect(served == [Self.greeting])
        try server.requireResident(below: Self.memoryLimitMiB)
    }

    @Test("a client that hangs up in the middle of DATA leaves nothing in the spool", arguments: [0, 1, 21, 40, 41, 42])
    func hangUpMidData(_ cut: Int) throws {
        let server = try ServerProcess.start()
        defer { server.stop() }
        let lines = try C.abuse(["mid-data", "\(server.port(25))", "\(cut)"])
        #expect(lines == ["250 2.1.0 Ok / 250 2.1.5 Ok / 354 End data with <CR><LF>.<CR><LF>"])
        try server.waitFor("disconnect")
        #expect(server.spoolFolder("new").isEmpty)
        #expect(server.spoolFolder("tmp").isEmpty)
        #expect(server.spoolFolder("meta").isEmpty)
    }

    @Test("memory stays bounded through every kind of abuse on one server")
    func memoryThroughAbuse() throws {
        let server = try ServerProcess.start(limits: Self.limits {
            $0.maxConnectionsPerClient = 200
            $0.maxConnections = 400
            $0.commandTimeout = 2
            $0.tlsHandshakeTimeout = 2
        })
        defer { server.stop() }
        let before = try #require(server.residentKiB)
        for round in 0..<3 {
            let longLines = String(repeating: "NOOP " + String(repeating: "z", count: 600) + "\r\n", count: 5) + "QUIT\r\n"
            _ = try C.abuse(["raw", "\(server.port(25))"], input: Data(longLines.utf8))
            let bigMessage = "EHLO c\r\nMAIL FROM:<a@elsewhere.example>\r\nRCPT TO:<bob@acme.example>\r\nDATA\r\n"
                + String(repeating: String(repeating: "q", count: 997) + "\r\n", count: 2_000) + ".\r\nQUIT\r\n"
            _ = try C.abuse(["raw", "\(server.port(25))"], input: Data(bigMessage.utf8))
            for (_, bytes) in Self.garbageHellos { _ = try C.abuse(["tls-garbage", "\(server.port(465))"], input: Data(bytes)) }
            _ = try C.abuse(["flood", "\(server.port(25))", "300"])
            _ = round
        }
        let after = try #require(server.residentKiB)
        let peak = try #require(server.peakResidentKiB)
        #expect(peak < Self.memoryLimitMiB * 1024, "before \(before / 1024) MiB, after \(after / 1024) MiB, peak \(peak / 1024) MiB")
        print("abuse: resident memory \(before / 1024) MiB before, \(after / 1024) MiB after, peak \(peak / 1024) MiB")
        let served = try C.abuse(["send", "\(server.port(25))"])
        #expect(served.first?.hasPrefix("OK ") == true, "\(served)")
    }

    /// Raises this process's soft limit on open files (servers started
    /// afterwards inherit it).
    static func raiseOpenFileLimit(to wanted: rlim_t) throws {
        #if canImport(Glibc)
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        guard limit.rlim_cur < wanted else { return }
        limit.rlim_cur = min(wanted, limit.rlim_max)
        setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        guard limit.rlim_cur >= 4_200 else { throw ToolError("only \(limit.rlim_cur) open files allowed; 2,000 connections need more") }
        #endif
    }
}
