import NIOCore
import PortolanListener
import Testing

/// The client's conversation, byte for byte, against scripted peers.
@Suite struct SMTPClientSessionTests {
    typealias F = ClientFixtures

    static let greeting: F.Turn = ("220 hub.acme.example ESMTP\r\n", "EHLO spoke.acme.example\r\n")
    static let queued = Reply(250, "2.0.0 Ok: queued as 1234")

    @Test func deliversOneRecipientAfterAMultiLineEHLO() {
        var session = F.session()
        #expect(F.play(&session, [
            Self.greeting,
            ("250-hub.acme.example\r\n", ""),
            ("250-PIPELINING\r\n250-SIZE 10485760\r\n", ""),
            ("250 8BITMIME\r\n", "MAIL FROM:<carol@acme.example>\r\n"),
            ("250 2.1.0 Ok\r\n", "RCPT TO:<dave@elsewhere.example>\r\n"),
            ("250 2.1.5 Ok\r\n", "DATA\r\n"),
            ("354 End data with <CR><LF>.<CR><LF>\r\n", "Subject: x\r\n\r\nHello.\r\n.\r\n"),
            ("250 2.0.0 Ok: queued as 1234\r\n", "QUIT\r\n"),
            ("221 2.0.0 Bye\r\n", "<close>"),
        ]) == nil)
        #expect(session.isFinished)
        #expect(session.outcomes == [RecipientOutcome(recipient: "dave@elsewhere.example", result: .delivered(Self.queued))])
    }

    @Test func fallsBackToHELOWhenEHLOIsRefused() {
        var session = F.session()
        #expect(F.play(&session, [
            Self.greeting,
            ("502 5.5.1 Command not implemented\r\n", "HELO spoke.acme.example\r\n"),
            ("250 hub.acme.example\r\n", "MAIL FROM:<carol@acme.example>\r\n"),
        ]) == nil)
    }

    @Test func startsTLSWhenOfferedAndAsksAgainForExtensions() {
        var session = F.session(security: .plain(startTLS: true))
        #expect(F.play(&session, [
            Self.greeting,
            ("250-hub.acme.example\r\n250 STARTTLS\r\n", "STARTTLS\r\n"),
            ("220 2.0.0 Ready to start TLS\r\n", "<starttls>"),
            // Anything before the handshake completes is not the peer's word.
            ("250 injected\r\n", ""),
            ("<tls>", "EHLO spoke.acme.example\r\n"),
            ("250-hub.acme.example\r\n250 AUTH PLAIN LOGIN\r\n", "MAIL FROM:<carol@acme.example>\r\n"),
        ]) == nil)
        #expect(session.tlsVersion == "TLSv1.3")

        var notOffered = F.session(security: .plain(startTLS: true))
        #expect(F.play(&notOffered, [Self.greeting, ("250 hub.acme.example\r\n", "MAIL FROM:<carol@acme.example>\r\n")]) == nil)
        #expect(notOffered.tlsVersion == nil)

        var refused = F.session(security: .plain(startTLS: true))
        #expect(F.play(&refused, [
            Self.greeting,
            ("250-hub.acme.example\r\n250 STARTTLS\r\n", "STARTTLS\r\n"),
            ("454 4.7.0 TLS not available\r\n", "MAIL FROM:<carol@acme.example>\r\n"),
        ]) == nil)
    }

    @Test func authenticatesWithPlainElseLogin() {
        var plain = F.session(authentication: .required(F.credentials))
        #expect(F.play(&plain, [
            Self.greeting,
            ("250-hub.acme.example\r\n250 AUTH LOGIN PLAIN\r\n", "AUTH PLAIN AHNwb2tlLXJlbGF5AHNlY3JldA==\r\n"),  // \0spoke-relay\0secret
            ("235 2.7.0 Authentication successful\r\n", "MAIL FROM:<carol@acme.example>\r\n"),
        ]) == nil)
        #expect(plain.authenticatedAs == "spoke-relay")

        var login = F.session(authentication: .whenOffered(F.credentials))
        #expect(F.play(&login, [
            Self.greeting,
            ("250-hub.acme.example\r\n250 AUTH=LOGIN\r\n", "AUTH LOGIN\r\n"),
            ("334 VXNlcm5hbWU6\r\n", "c3Bva2UtcmVsYXk=\r\n"),
            ("334 UGFzc3dvcmQ6\r\n", "c2VjcmV0\r\n"),
            ("235 2.7.0 Authentication successful\r\n", "MAIL FROM:<carol@acme.example>\r\n"),
        ]) == nil)
        #expect(login.authenticatedAs == "spoke-relay")
    }

    @Test func requiredAuthFailsWhenItIsNotPossibleAndEnabledGoesOnWithout() {
        var notOffered = F.session(authentication: .required(F.credentials))
        #expect(F.play(&notOffered, [Self.greeting, ("250 hub.acme.example\r\n", "QUIT\r\n"), ("221 Bye\r\n", "<close>")]) == nil)
        #expect(F.results(notOffered)["dave@elsewhere.example"] == .failed(.auth, .noReply("the peer offers no AUTH PLAIN or LOGIN without TLS")))

        var refused = F.session(authentication: .required(F.credentials))
        #expect(F.play(&refused, [
            Self.greeting,
            ("250-hub.acme.example\r\n250 AUTH PLAIN\r\n", "AUTH PLAIN AHNwb2tlLXJlbGF5AHNlY3JldA==\r\n"),
            ("535 5.7.8 Authentication credentials invalid\r\n", "QUIT\r\n"),
        ]) == nil)
        #expect(F.results(refused)["dave@elsewhere.example"] == .failed(.auth, .reply(Reply(535, "5.7.8 Authentication credentials invalid"))))

        var noPassword = F.session(authentication: .required(nil))
        #expect(F.play(&noPassword, [Self.greeting, ("250-hub.acme.example\r\n250 AUTH PLAIN\r\n", "QUIT\r\n")]) == nil)
        #expect(F.results(noPassword)["dave@elsewhere.example"] == .failed(.auth, .noReply("relay_auth is required but there is no relay_login password")))

        var enabled = F.session(authentication: .whenOffered(F.credentials))
        #expect(F.play(&enabled, [Self.greeting, ("250 hub.acme.example\r\n", "MAIL FROM:<carol@acme.example>\r\n")]) == nil)
        #expect(enabled.authenticatedAs == nil)
    }

    @Test func a451AtRCPTDefersAndNothingIsSent() {
        var session = F.session()
        #expect(F.play(&session, [
            Self.greeting,
            ("250 hub.acme.example\r\n", "MAIL FROM:<carol@acme.example>\r\n"),
            ("250 2.1.0 Ok\r\n", "RCPT TO:<dave@elsewhere.example>\r\n"),
            ("451 4.3.0 Try again later\r\n", "QUIT\r\n"),
            ("221 Bye\r\n", "<close>"),
        ]) == nil)
        #expect(session.outcomes == [
            RecipientOutcome(recipient: "dave@elsewhere.example", result: .deferred(.rcpt, .reply(Reply(451, "4.3.0 Try again later"))))
        ])
    }

    @Test func a550ForOneRecipientFailsItAloneAndTheOtherIsDelivered() {
        var session = F.session(recipients: ["nobody@elsewhere.example", "dave@elsewhere.example"])
        #expect(F.play(&session, [
            Self.greeting,
            ("250 hub.acme.example\r\n", "MAIL FROM:<carol@acme.example>\r\n"),
            ("250 2.1.0 Ok\r\n", "RCPT TO:<nobody@elsewhere.example>\r\n"),
            ("550 5.1.1 User unknown\r\n", "RCPT TO:<dave@elsewhere.example>\r\n"),
            ("250 2.1.5 Ok\r\n", "DATA\r\n"),
            ("354 Go ahead\r\n", "Subject: x\r\n\r\nHello.\r\n.\r\n"),
            ("250 2.0.0 Ok: queued as 1234\r\n", "QUIT\r\n"),
        ]) == nil)
        #expect(session.outcomes == [
            RecipientOutcome(recipient: "nobody@elsewhere.example", result: .failed(.rcpt, .reply(Reply(550, "5.1.1 User unknown")))),
            RecipientOutcome(recipient: "dave@elsewhere.example", result: .delivered(Self.queued)),
        ])
    }

    @Test func refusalsAtMAILAndDATAConcernEveryRecipient() {
        let both = ["a@elsewhere.example", "b@elsewhere.example"]
        var mail = F.session(recipients: both)
        #expect(F.play(&mail, [
            Self.greeting,
            ("250 hub.acme.example\r\n", "MAIL FROM:<carol@acme.example>\r\n"),
            ("553 5.7.1 Sender address rejected\r\n", "QUIT\r\n"),
        ]) == nil)
        let refusal = Reply(553, "5.7.1 Sender address rejected")
        #expect(mail.outcomes.map(\.result) == [.failed(.mail, .reply(refusal)), .failed(.mail, .reply(refusal))])

        var data = F.session(recipients: both)
        #expect(F.play(&data, [
            Self.greeting,
            ("250 hub.acme.example\r\n", "MAIL FROM:<carol@acme.example>\r\n"),
            ("250 Ok\r\n", "RCPT TO:<a@elsewhere.example>\r\n"),
            ("250 Ok\r\n", "RCPT TO:<b@elsewhere.example>\r\n"),
            ("250 Ok\r\n", "DATA\r\n"),
            ("354 Go ahead\r\n", "Subject: x\r\n\r\nHello.\r\n.\r\n"),
            ("452 4.3.1 Insufficient system storage\r\n", "QUIT\r\n"),
        ]) == nil)
        let full = Reply(452, "4.3.1 Insufficient system storage")
        #expect(data.outcomes.map(\.result) == [.deferred(.data, .reply(full)), .deferred(.data, .reply(full))])
    }

    @Test func dotStuffsLinesThatStartWithADotAndEndsEveryLineWithCRLF() {
        var session = F.session(message: "Subject: dots\r\n\r\n.hidden\r\n..two\r\nbare\nlast")
        #expect(F.play(&session, [
            Self.greeting,
            ("250 hub.acme.example\r\n", "MAIL FROM:<carol@acme.example>\r\n"),
            ("250 Ok\r\n", "RCPT TO:<dave@elsewhere.example>\r\n"),
            ("250 Ok\r\n", "DATA\r\n"),
            ("354 Go ahead\r\n", "Subject: dots\r\n\r\n..hidden\r\n...two\r\nbare\r\nlast\r\n.\r\n"),
        ]) == nil)
        var dotOnly = F.session(message: ".\r\n")
        #expect(F.play(&dotOnly, [
            Self.greeting, ("250 h\r\n", "MAIL FROM:<carol@acme.example>\r\n"), ("250 Ok\r\n", "RCPT TO:<dave@elsewhere.example>\r\n"),
            ("250 Ok\r\n", "DATA\r\n"), ("354 Go ahead\r\n", "..\r\n.\r\n"),
        ]) == nil)
    }

    @Test func lostConnectionsAndBrokenRepliesDefer() {
        var beforeGreeting = F.session()
        #expect(F.play(&beforeGreeting, [("<lost>", "")]) == nil)
        #expect(!beforeGreeting.greeted)
        #expect(F.results(beforeGreeting)["dave@elsewhere.example"] == .deferred(.connect, .noReply("the peer closed the connection")))

        var inData = F.session()
        #expect(F.play(&inData, [
            Self.greeting, ("250 h\r\n", "MAIL FROM:<carol@acme.example>\r\n"), ("250 Ok\r\n", "RCPT TO:<dave@elsewhere.example>\r\n"),
            ("250 Ok\r\n", "DATA\r\n"), ("354 Go ahead\r\n", "Subject: x\r\n\r\nHello.\r\n.\r\n"), ("<lost>", ""),
        ]) == nil)
        #expect(F.results(inData)["dave@elsewhere.example"] == .deferred(.data, .noReply("the peer closed the connection")))

        var closing = F.session()
        #expect(F.play(&closing, [Self.greeting, ("421 4.3.2 Service shutting down\r\n", "<close>")]) == nil)
        #expect(F.results(closing)["dave@elsewhere.example"] == .deferred(.greeting, .reply(Reply(421, "4.3.2 Service shutting down"))))

        var refusedGreeting = F.session()
        #expect(F.play(&refusedGreeting, [("554 5.7.0 No service\r\n", "QUIT\r\n")]) == nil)
        #expect(F.results(refusedGreeting)["dave@elsewhere.example"] == .failed(.greeting, .reply(Reply(554, "5.7.0 No service"))))

        var mixedCodes = F.session()
        #expect(F.play(&mixedCodes, [Self.greeting, ("250-hub\r\n251 other\r\n", "<close>")]) == nil)
        #expect(F.results(mixedCodes)["dave@elsewhere.example"] == .deferred(.greeting, .noReply("protocol error: reply codes 250 and 251 in one reply")))

        var garbage = F.session()
        #expect(F.play(&garbage, [("HTTP/1.1 400 Bad Request\r\n", "<close>")]) == nil)
        #expect(F.results(garbage)["dave@elsewhere.example"] == .deferred(.connect, .noReply("protocol error: not an SMTP reply: HTTP/1.1 400 Bad Request")))
    }

    @Test func theNullSenderIsSentAsAnEmptyPath() {
        let (plan, endpoint) = F.plan()
        var session = SMTPClientSession(plan: plan, endpoint: endpoint, mailFrom: "", recipients: ["a@b.example"], message: ByteBuffer())
        #expect(F.play(&session, [Self.greeting, ("250 h\r\n", "MAIL FROM:<>\r\n")]) == nil)
    }
}
