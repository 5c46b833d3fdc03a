import NIOCore
import PortolanListener
import Testing

/// A session that keeps its connection: idle after the reply to the end of
/// the message, RSET before the next transaction, and stale when the kept
/// connection fails before anything of the next one was sent.
@Suite struct SMTPClientReuseTests {
    typealias F = ClientFixtures

    static let greeting: F.Turn = ("220 hub.acme.example ESMTP\r\n", "EHLO spoke.acme.example\r\n")
    static let first: [F.Turn] = [
        greeting,
        ("250 hub.acme.example\r\n", "MAIL FROM:<carol@acme.example>\r\n"),
        ("250 Ok\r\n", "RCPT TO:<dave@elsewhere.example>\r\n"),
        ("250 Ok\r\n", "DATA\r\n"),
        ("354 Go ahead\r\n", "Subject: x\r\n\r\nHello.\r\n.\r\n"),
        // No QUIT: the connection waits for the next transaction.
        ("250 2.0.0 Ok: queued as 1\r\n", ""),
    ]

    static func kept() -> SMTPClientSession {
        var session = F.session()
        session.keepsConnection = true
        return session
    }

    @Test func aKeptSessionGoesIdleAndTheNextTransactionStartsWithRSET() throws {
        var session = Self.kept()
        #expect(F.play(&session, Self.first) == nil)
        #expect(session.isIdle && !session.isFinished)
        #expect(F.results(session) == ["dave@elsewhere.example": .delivered(Reply(250, "2.0.0 Ok: queued as 1"))])

        let actions = session.reuse(mailFrom: "", recipients: ["erin@elsewhere.example"], message: ByteBuffer(string: ".dot\r\n"))
        #expect(actions == [.send(ByteBuffer(string: "RSET\r\n"))])
        #expect(session.outcomes.isEmpty && session.transactions == 2)
        #expect(F.play(&session, [
            ("250 2.0.0 Ok\r\n", "MAIL FROM:<>\r\n"),
            ("250 Ok\r\n", "RCPT TO:<erin@elsewhere.example>\r\n"),
            ("250 Ok\r\n", "DATA\r\n"),
            ("354 Go ahead\r\n", "..dot\r\n.\r\n"),
            ("250 2.0.0 Ok: queued as 2\r\n", ""),
        ]) == nil)
        #expect(F.results(session) == ["erin@elsewhere.example": .delivered(Reply(250, "2.0.0 Ok: queued as 2"))])
        #expect(!session.stale)
        // Done with it: QUIT, then close on the reply.
        #expect(session.quitIdle() == [.send(ByteBuffer(string: "QUIT\r\n"))])
        #expect(F.play(&session, [("221 Bye\r\n", "<close>")]) == nil)
        #expect(session.isFinished)
    }

    @Test func aRefusedMessageAlsoLeavesTheConnectionIdle() {
        var session = Self.kept()
        var turns = Self.first
        turns[turns.count - 1] = ("554 5.7.1 Rejected\r\n", "")
        #expect(F.play(&session, turns) == nil)
        #expect(session.isIdle)
        #expect(F.results(session) == ["dave@elsewhere.example": .failed(.data, .reply(Reply(554, "5.7.1 Rejected")))])
    }

    @Test func aKeptConnectionThatFailsAtRSETIsStaleAndDecidesNothingForGood() {
        var lost = Self.kept()
        #expect(F.play(&lost, Self.first) == nil)
        let rset = lost.reuse(mailFrom: "carol@acme.example", recipients: ["erin@elsewhere.example"], message: ByteBuffer(string: "x\r\n"))
        #expect(rset == [.send(ByteBuffer(string: "RSET\r\n"))])
        #expect(F.play(&lost, [("<lost>", "")]) == nil)
        #expect(lost.stale && lost.isFinished)

        var refused = Self.kept()
        #expect(F.play(&refused, Self.first) == nil)
        let again = refused.reuse(mailFrom: "carol@acme.example", recipients: ["erin@elsewhere.example"], message: ByteBuffer(string: "x\r\n"))
        #expect(again == [.send(ByteBuffer(string: "RSET\r\n"))])
        #expect(F.play(&refused, [("421 4.4.2 Timeout\r\n", "<close>")]) == nil)
        #expect(refused.stale && refused.isFinished)
    }

    @Test func anIdleConnectionThatThePeerClosesEndsQuietly() {
        var session = Self.kept()
        #expect(F.play(&session, Self.first) == nil)
        #expect(F.play(&session, [("421 4.4.2 Idle too long\r\n", "<close>")]) == nil)
        #expect(session.isFinished && !session.stale)
        #expect(session.reuse(mailFrom: "", recipients: ["x@elsewhere.example"], message: ByteBuffer()) == nil)
    }

    @Test func aSessionThatDoesNotKeepItsConnectionQuitsAsBefore() {
        var session = F.session()
        var turns = Self.first
        turns[turns.count - 1] = ("250 2.0.0 Ok: queued as 1\r\n", "QUIT\r\n")
        #expect(F.play(&session, turns) == nil)
        #expect(!session.isIdle)
    }
}
