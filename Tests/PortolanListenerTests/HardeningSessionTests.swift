import NIOCore
import NIOTestUtils
import PortolanBundle
@testable import PortolanListener
import Testing

/// The session, decoder and registry sides of the listener's hardening:
/// HELO names, RFC 5321 paths, NUL, junk commands and AUTH failures counted
/// across sessions.
@Suite struct HardeningSessionTests {
    typealias F = SessionFixtures

    @Test(arguments: [
        ("client.example", true), ("localhost", true), ("[192.0.2.1]", true), ("[IPv6:2001:db8::1]", true),
        ("a-b.c1.example", true), ("x.example (x.example [203.0.113.5])", false), ("bad_name.example", false),
        ("-a.example", false), ("a-.example", false), ("a..example", false), ("[192.0.2.300]", false),
        ("[2001:db8::1]", false), ("[IPv6:192.0.2.1]", false), ("[tag:content]", false),
        (String(repeating: "a", count: 64) + ".example", false),
    ])
    func heloNames(name: String, valid: Bool) {
        let command = Command(line: ByteBuffer(string: "EHLO \(name)"))
        #expect(command == (valid ? .ehlo(name) : .invalid(Reply(501, "5.5.2 EHLO requires a domain name or an address literal"))))
    }

    /// Trailing spaces (and only they) are dropped from the greeting's name;
    /// a name that is all spaces is a syntax error.
    @Test(arguments: [
        ("EHLO client.example   ", Command.ehlo("client.example")), ("HELO   client.example ", .helo("client.example")),
        ("EHLO [192.0.2.1]\t ", .invalid(Reply(501, "5.5.2 EHLO requires a domain name or an address literal"))),
        ("EHLO    ", .invalid(Reply(501, "5.5.4 Syntax: EHLO hostname"))), ("HELO", .invalid(Reply(501, "5.5.4 Syntax: HELO hostname"))),
    ])
    func greetingNamesLoseTrailingSpaces(line: String, command: Command) {
        #expect(Command(line: ByteBuffer(string: line)) == command)
    }

    @Test(arguments: [
        ("<a@acme.example>", "a@acme.example"), ("<\"a b\"@acme.example>", "\"a b\"@acme.example"),
        ("<\"a>b\"@acme.example>", "\"a>b\"@acme.example"), ("<\"q\\\"x\"@acme.example>", "\"q\\\"x\"@acme.example"),
        ("<@relay.example:a@acme.example>", "a@acme.example"), ("<@r1.example,@[192.0.2.1]:a@acme.example>", "a@acme.example"),
        ("<@[IPv6:2001:db8::1]:a@[IPv6:2001:db8::2]>", "a@[IPv6:2001:db8::2]"), ("<postmaster>", "postmaster"),
    ])
    func validPaths(path: String, mailbox: String) {
        #expect(Command(line: ByteBuffer(string: "RCPT TO:\(path)")) == .rcpt(path: mailbox, parameters: [:]))
    }

    @Test(arguments: [
        "<\"unclosed@acme.example>", "<\"a\"b@acme.example>", "<a b@acme.example>", "<@relay.example,a@acme.example>",
        "<@relay.example:>", "<@bad_host:a@acme.example>", "<\"tab\there\"@acme.example>", "<a@acme.example", "<>",
    ])
    func invalidPaths(path: String) {
        #expect(Command(line: ByteBuffer(string: "RCPT TO:\(path)")) == .invalid(Reply(501, "5.1.3 Bad recipient address syntax")))
    }

    @Test func nulIsReportedInCommandsAndMessages() throws {
        try ByteToMessageDecoderVerifier.verifyDecoder(
            inputOutputPairs: [(ByteBuffer(string: "NO\u{0}OP\r\nQUIT\r\n"), [.badLine(.nul), .line(ByteBuffer(string: "QUIT"))])],
            decoderFactory: { SMTPFrameDecoder(control: FramingControl()) })
        for content in ["a\r\n\u{0}.\r\n.\r\n", "\u{0}\r\n.\r\n", String(repeating: "z", count: 40) + "\u{0}\r\n.\r\n"] {
            let processor = NIOSingleStepByteToMessageProcessor(SMTPFrameDecoder(control: FramingControl(mode: .data), dataChunk: 16))
            var frames: [SMTPFrame] = []
            try processor.process(buffer: ByteBuffer(string: content)) { frames.append($0) }
            #expect(frames.last == .endOfData(bareLineEnding: false, nul: true), "\(content.debugDescription)")
        }
    }

    @Test func commandsThatMoveNothingAreLimitedUntilAMessageIsAccepted() {
        var limits = Limits(maxMessageSize: 100, maxErrors: 50, maxRecipients: 2)
        limits.maxJunkCommands = 3
        var session = SMTPSession(policy: F.policy(limits: limits), clientAddress: "192.0.2.1")
        _ = session.start()
        _ = session.say("EHLO client.example")
        #expect(["NOOP", "RSET", "VRFY x"].map { session.say($0)?.code } == [250, 250, 252])
        _ = session.say("MAIL FROM:<a@elsewhere.example>")
        _ = session.say("RCPT TO:<b@acme.example>")
        _ = session.say("DATA")
        _ = session.receive(.data(ByteBuffer(string: "x\r\n")))
        _ = session.receive(.endOfData(bareLineEnding: false))
        #expect(F.reply(session.spooled(id: "1")) == Reply(250, "2.0.0 Ok: queued as 1"))
        #expect(["HELP", "NOOP", "XYZZY"].map { session.say($0)?.code } == [214, 250, 500])
        #expect(session.receive(F.line("NOOP")) == [.reply(Reply(421, "4.7.0 Too many commands that move no mail")), .close])
    }

    @Test func authFailuresOfTheClientSetTheDelayAndALockoutSkipsTheCheck() {
        var session = SMTPSession.overTLS()
        _ = session.receive(F.line("AUTH PLAIN AGFsaWNlAHNlY3JldA=="))
        #expect(session.passwordChecked(matches: false, clientFailures: 7).contains(.delay(seconds: 7)))
        _ = session.receive(F.line("AUTH PLAIN AGFsaWNlAHNlY3JldA=="))
        #expect(session.authRefusedForNow() == [
            .log(.authLockedOut(login: "alice")),
            .reply(Reply(454, "4.7.0 Too many authentication failures from your address, try again later")),
        ])
        #expect(session.say("NOOP")?.code == 250)
    }

    @Test func theRegistryCountsAcrossSessionsAndForgetsAfterThePenaltyTime() {
        var limits = Limits(maxMessageSize: 100)
        limits.maxAuthFailuresPerClient = 2
        limits.authPenaltyTime = 60
        let registry = AuthFailureRegistry()
        let start = NIODeadline.now()
        #expect(registry.recordFailure("192.0.2.1", limits: limits, now: start) == 1)
        #expect(!registry.isLockedOut("192.0.2.1", limits: limits, now: start))
        #expect(registry.recordFailure("192.0.2.1", limits: limits, now: start + .seconds(30)) == 2)
        #expect(registry.isLockedOut("192.0.2.1", limits: limits, now: start + .seconds(89)))
        #expect(!registry.isLockedOut("192.0.2.2", limits: limits, now: start + .seconds(89)))
        #expect(!registry.isLockedOut("192.0.2.1", limits: limits, now: start + .seconds(90)))
        #expect(registry.recordFailure("192.0.2.1", limits: limits, now: start + .seconds(91)) == 1)
    }
}
