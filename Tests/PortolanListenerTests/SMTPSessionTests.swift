import NIOCore
import PortolanBundle
import PortolanListener
import Testing

@Suite struct SMTPSessionTests {
    typealias F = SessionFixtures

    @Test func greetsAndAdvertisesOnlyWhatIsAllowed() {
        var session = SMTPSession(policy: F.policy(), clientAddress: "192.0.2.1")
        #expect(F.reply(session.start()) == Reply(220, "hub.acme.example ESMTP Portolan"))
        let ehlo = session.say("EHLO client.example")
        #expect(ehlo?.lines == ["hub.acme.example", "PIPELINING", "SIZE 100", "8BITMIME", "ENHANCEDSTATUSCODES", "STARTTLS"])
        #expect(session.say("HELO client.example") == Reply(250, "hub.acme.example"))

        var tls = SMTPSession.overTLS()
        #expect(tls.say("EHLO again")?.lines.suffix(2) == ["ENHANCEDSTATUSCODES", "AUTH PLAIN LOGIN"])

        var noStartTLS = SMTPSession(policy: F.policy(startTLS: .disabled), clientAddress: "192.0.2.1")
        _ = noStartTLS.start()
        #expect(noStartTLS.say("EHLO x")?.lines.contains("STARTTLS") == false)
        #expect(noStartTLS.say("STARTTLS")?.code == 502)
    }

    @Test func startTLSDiscardsWhatFollowsAndResetsTheSession() {
        var session = SMTPSession(policy: F.policy(), clientAddress: "192.0.2.1")
        _ = session.start()
        _ = session.say("EHLO client.example")
        let actions = session.receive(F.line("STARTTLS"))
        #expect(actions == [.framing(.discard), .reply(Reply(220, "2.0.0 Ready to start TLS")), .startTLS])
        // Input that arrives before TLS is up is ignored, whatever it is.
        #expect(session.receive(F.line("MAIL FROM:<a@acme.example>")) == [])
        #expect(session.tlsStarted(version: "TLSv1.3", policy: F.policy()) == [.framing(.command)])
        #expect(session.say("MAIL FROM:<a@acme.example>")?.code == 503)  // a new EHLO is needed
        #expect(session.say("STARTTLS")?.code == 503)
    }

    @Test func authNeedsTLS() {
        var session = SMTPSession(policy: F.policy(), clientAddress: "192.0.2.1")
        _ = session.start()
        _ = session.say("EHLO client.example")
        #expect(session.say("AUTH PLAIN AGFsaWNlAHNlY3JldA==") == Reply(538, "5.7.11 Encryption required for requested authentication mechanism"))
    }

    @Test func authPlainWithInitialResponseAndContinuation() {
        var session = SMTPSession.overTLS()
        // "\0alice\0secret"
        let actions = session.receive(F.line("AUTH PLAIN AGFsaWNlAHNlY3JldA=="))
        #expect(actions == [.verifyPassword(PasswordCheck(login: "alice", hash: F.alice.passwordHash, password: Array("secret".utf8)))])
        #expect(session.receive(F.line("NOOP")) == [])  // waiting: nothing is processed
        #expect(session.passwordChecked(matches: true) == [
            .log(.authSucceeded(login: "alice", user: "alice/Acme")), .reply(Reply(235, "2.7.0 Authentication successful")),
        ])
        #expect(session.user?.name == "alice")

        var continued = SMTPSession.overTLS()
        #expect(continued.receive(F.line("AUTH PLAIN")) == [.framing(.authResponse), .reply(Reply(334, ""))])
        let check = continued.receive(F.line("AGFsaWNlQGFjbWUuZXhhbXBsZQBzZWNyZXQ="))  // \0alice@acme.example\0secret
        #expect(check.first == .framing(.command))
        #expect(check.last == .verifyPassword(PasswordCheck(login: "alice@acme.example", hash: F.alice.passwordHash, password: Array("secret".utf8))))
    }

    @Test func authLogin() {
        var session = SMTPSession.overTLS()
        #expect(session.say("AUTH LOGIN") == Reply(334, "VXNlcm5hbWU6"))
        #expect(session.say("YWxpY2UvQWNtZQ==") == Reply(334, "UGFzc3dvcmQ6"))  // alice/Acme
        let actions = session.receive(F.line("c2VjcmV0"))
        #expect(actions.last == .verifyPassword(PasswordCheck(login: "alice/Acme", hash: F.alice.passwordHash, password: Array("secret".utf8))))
    }

    @Test func unknownLoginsAreCheckedAgainstTheDecoy() {
        var session = SMTPSession.overTLS()
        let actions = session.receive(F.line("AUTH PLAIN AG1hbGxvcnkAc2VjcmV0"))  // \0mallory\0secret
        #expect(actions == [.verifyPassword(PasswordCheck(login: "mallory", hash: "decoy", password: Array("secret".utf8)))])
        // Even if the decoy matched, there is no user to log in.
        #expect(F.reply(session.passwordChecked(matches: true))?.code == 535)
    }

    @Test func failedAuthIsDelayedAndLimited() {
        var session = SMTPSession.overTLS()
        for attempt in 1...2 {
            _ = session.receive(F.line("AUTH PLAIN AGFsaWNlAHdyb25n"))
            #expect(session.passwordChecked(matches: false) == [
                .log(.authFailed(login: "alice")), .delay(seconds: attempt), .reply(Reply(535, "5.7.8 Authentication credentials invalid")),
            ])
        }
        _ = session.receive(F.line("AUTH PLAIN AGFsaWNlAHdyb25n"))
        let last = session.passwordChecked(matches: false)
        #expect(last.suffix(2) == [.reply(Reply(421, "4.7.0 Too many authentication failures")), .close])
        #expect(session.isClosed)
    }

    @Test func badAuthResponses() {
        var session = SMTPSession.overTLS()
        _ = session.say("AUTH PLAIN")
        #expect(session.say("*")?.code == 501)
        #expect(session.say("AUTH PLAIN !!!!")?.code == 501)
        #expect(session.say("AUTH CRAM-MD5")?.code == 504)
        // A proxy login (authzid other than authcid) fails without a user.
        #expect(session.receive(F.line("AUTH PLAIN Ym9iAGFsaWNlAHNlY3JldA==")).first
            == .verifyPassword(PasswordCheck(login: "alice", hash: "decoy", password: [])))
    }

    @Test func siteNotEnabledRefusesEverythingButQuit() {
        var session = SMTPSession(policy: F.policy(enabled: false), clientAddress: "192.0.2.1")
        #expect(F.reply(session.start()) == Reply(554, "5.7.0 This site is not enabled on the server."))
        #expect(session.say("EHLO client.example")?.code == 503)
        #expect(session.say("MAIL FROM:<a@acme.example>")?.code == 503)
        #expect(session.receive(F.line("QUIT")) == [.reply(Reply(221, "2.0.0 Bye")), .close])
    }

    @Test func anonymousMailNeedsPermission() {
        var session = SMTPSession(policy: F.policy(anonymous: false), clientAddress: "192.0.2.1")
        _ = session.start()
        _ = session.say("EHLO client.example")
        #expect(session.say("MAIL FROM:<a@acme.example>") == Reply(530, "5.7.0 Authentication required"))
        var required = SMTPSession(policy: F.policy(startTLS: .required), clientAddress: "192.0.2.1")
        _ = required.start()
        _ = required.say("EHLO client.example")
        #expect(required.say("MAIL FROM:<a@acme.example>") == Reply(530, "5.7.0 Must issue a STARTTLS command first"))
    }

    @Test func relayIsDeniedToAnOutsideClientAfterItsNameIsLookedUp() {
        var session = SMTPSession(policy: F.policy(), clientAddress: "192.0.2.1")
        _ = session.start()
        _ = session.say("EHLO client.example")
        #expect(session.say("MAIL FROM:<a@elsewhere.example>")?.code == 250)
        #expect(session.receive(F.line("RCPT TO:<b@elsewhere.example>")) == [.lookUpClientName])
        #expect(session.isWaiting)
        #expect(F.reply(session.clientNameFound("mail.elsewhere.example")) == Reply(554, "5.7.1 Relay access denied"))
        // Looked up once: the next recipient is decided at once.
        #expect(session.say("RCPT TO:<c@elsewhere.example>") == Reply(554, "5.7.1 Relay access denied"))
        #expect(session.say("RCPT TO:<b@ACME.example>")?.code == 250)

        var named = SMTPSession(policy: F.policy(), clientAddress: "192.0.2.1")
        _ = named.start()
        _ = named.say("EHLO client.example")
        _ = named.say("MAIL FROM:<a@acme.example>")
        _ = named.receive(F.line("RCPT TO:<b@elsewhere.example>"))
        #expect(F.reply(named.clientNameFound("spoke.branch.ACME.example")) == Reply(250, "2.1.5 Ok"))
    }

    @Test func internalHostsRelayByAddressAndEnforceAllChecksThemToo() {
        let spokes = RelayPolicy(enforce: .external, authenticated: .allow, allowHosts: [], internalHosts: ["192.0.2.21"])
        var session = SMTPSession(policy: F.policy(relay: spokes), clientAddress: "192.0.2.21")
        _ = session.start()
        _ = session.say("EHLO spoke.acme.example")
        _ = session.say("MAIL FROM:<a@acme.example>")
        #expect(session.say("RCPT TO:<b@elsewhere.example>") == Reply(250, "2.1.5 Ok"))

        var all = spokes
        all.enforce = .all
        var enforced = SMTPSession(policy: F.policy(relay: all), clientAddress: "192.0.2.21")
        _ = enforced.start()
        _ = enforced.say("EHLO spoke.acme.example")
        _ = enforced.say("MAIL FROM:<a@acme.example>")
        #expect(enforced.say("RCPT TO:<b@elsewhere.example>") == Reply(554, "5.7.1 Relay access denied"))
    }

    @Test func authenticatedSessionsRelayUnlessAuthenticatedIsCheck() {

        var authenticated = SMTPSession.overTLS()
        _ = authenticated.receive(F.line("AUTH PLAIN AGFsaWNlAHNlY3JldA=="))
        _ = authenticated.passwordChecked(matches: true)
        _ = authenticated.say("MAIL FROM:<alice@acme.example>")
        #expect(authenticated.say("RCPT TO:<b@elsewhere.example>")?.code == 250)

        let check = RelayPolicy(enforce: .all, authenticated: .check, allowHosts: [], internalHosts: [])
        var checked = SMTPSession.overTLS(F.policy(relay: check))
        _ = checked.receive(F.line("AUTH PLAIN AGFsaWNlAHNlY3JldA=="))
        _ = checked.passwordChecked(matches: true)
        _ = checked.say("MAIL FROM:<alice@acme.example>")
        #expect(checked.say("RCPT TO:<b@elsewhere.example>") == Reply(554, "5.7.1 Relay access denied"))
    }

    @Test func acceptsAMessageOnlyAfterTheSpoolSaysSo() {
        var session = SMTPSession(policy: F.policy(), clientAddress: "192.0.2.1")
        _ = session.start()
        _ = session.say("EHLO client.example")
        _ = session.say("MAIL FROM:<a@elsewhere.example> SIZE=10 BODY=8BITMIME")
        _ = session.say("RCPT TO:<b@acme.example>")
        #expect(session.receive(F.line("DATA")) == [.framing(.data), .reply(Reply(354, "End data with <CR><LF>.<CR><LF>"))])
        #expect(session.receive(.data(ByteBuffer(string: "Subject: hi\r\n"))) == [])
        #expect(session.receive(.data(ByteBuffer(string: "\r\nbody\r\n"))) == [])
        let spool = session.receive(.endOfData(bareLineEnding: false))
        let envelope = Envelope(
            mailFrom: "a@elsewhere.example", recipients: ["b@acme.example"], helo: "client.example", clientAddress: "192.0.2.1",
            authenticatedAs: nil, tls: nil, serverHost: "hub.acme.example", site: nil)
        #expect(spool == [.spool(envelope, ByteBuffer(string: "Subject: hi\r\n\r\nbody\r\n"))])
        #expect(session.spooled(id: "42") == [.reply(Reply(250, "2.0.0 Ok: queued as 42"))])
        #expect(session.say("RCPT TO:<b@acme.example>")?.code == 503)  // the transaction is over
    }

    @Test func refusesTaintedAndOversizedMessages() {
        func inData() -> SMTPSession {
            var session = SMTPSession(policy: F.policy(), clientAddress: "192.0.2.1")
            _ = session.start()
            _ = session.say("EHLO client.example")
            _ = session.say("MAIL FROM:<>")
            _ = session.say("RCPT TO:<postmaster>")
            _ = session.say("DATA")
            return session
        }
        var tainted = inData()
        _ = tainted.receive(.data(ByteBuffer(string: "a\n")))
        #expect(tainted.receive(.endOfData(bareLineEnding: true)) == [.reply(Reply(550, "5.6.0 Message refused: bare LF/CR not allowed"))])
        var big = inData()
        _ = big.receive(.data(ByteBuffer(repeating: 0x41, count: 60)))
        _ = big.receive(.data(ByteBuffer(repeating: 0x41, count: 60)))
        #expect(big.receive(.endOfData(bareLineEnding: false)) == [.reply(Reply(552, "5.3.4 Message size exceeds fixed maximum message size"))])
        #expect(big.say("MAIL FROM:<> SIZE=101")?.code == 552)
    }

    @Test func limitsRecipientsAndErrors() {
        var session = SMTPSession(policy: F.policy(), clientAddress: "192.0.2.1")
        _ = session.start()
        _ = session.say("EHLO client.example")
        _ = session.say("MAIL FROM:<>")
        _ = session.say("RCPT TO:<a@acme.example>")
        _ = session.say("RCPT TO:<b@acme.example>")
        #expect(session.say("RCPT TO:<c@acme.example>") == Reply(452, "4.5.3 Too many recipients"))
        for _ in 1...4 { #expect(session.say("BOGUS")?.code == 500) }
        #expect(session.receive(F.line("BOGUS")) == [.reply(Reply(421, "4.7.0 Too many errors")), .close])
        #expect(session.receive(F.line("QUIT")) == [])
    }

    @Test func refusedLinesAreAnswered() {
        var session = SMTPSession(policy: F.policy(), clientAddress: "192.0.2.1")
        _ = session.start()
        #expect(F.reply(session.receive(.badLine(.tooLong))) == Reply(500, "5.5.2 Line too long"))
        #expect(F.reply(session.receive(.badLine(.bareLineEnding))) == Reply(500, "5.5.2 Bare LF/CR not allowed"))
        #expect(session.say("MAIL FROM:<a b@c>")?.code == 501)
        #expect(session.say("MAIL FROM:<\u{7F}>")?.code == 501)
    }

    @Test func timeoutsAndShutdownClose() {
        var session = SMTPSession(policy: F.policy(), clientAddress: "192.0.2.1")
        #expect(session.timedOut() == [.reply(Reply(421, "4.4.2 Timeout exceeded")), .close])
        var stopping = SMTPSession(policy: F.policy(), clientAddress: "192.0.2.1")
        #expect(stopping.shutdown() == [.reply(Reply(421, "4.3.2 Service shutting down")), .close])
        var full = SMTPSession(policy: F.policy(), clientAddress: "192.0.2.1")
        #expect(full.start(tooManyConnections: true) == [.reply(Reply(421, "4.7.0 Too many connections")), .close])
    }
}
