import NIOCore
import PortolanBundle
import PortolanListener

/// Policies and helpers for driving an `SMTPSession` by hand.
enum SessionFixtures {
    static let alice = UserSpec(
        name: "alice", hierarchicalName: "alice/Acme", logins: ["alice", "alice/Acme", "alice@acme.example"],
        passwordHash: "$pbkdf2-sha256$1$c2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")

    /// The local parts of acme.example that are users' addresses.
    static let mailboxes = ["a", "b", "c", "alice", "bob", "carol", "\"a b\""].map {
        MailboxSpec(address: $0 + "@acme.example", user: $0, mailServer: nil)
    }

    /// The admission model of a host of `acme.example` whose only user who
    /// can log in is alice; `mailboxes` are its addresses.
    static func admission(relay: RelayPolicy = .dominoDefault) -> HostAdmission {
        let open = AuthOptionsSpec(clientCertificate: false, namePassword: true, anonymous: true)
        return HostAdmission(
            internetSites: false, sites: [], auth: PortAuthSpec(tcp: open, ssl: open), authenticatedUsers: true,
            users: [alice], relay: relay, localDomains: ["acme.example"], mailboxes: mailboxes)
    }

    static func policy(
        enabled: Bool = true, anonymous: Bool = true, namePassword: Bool = true, startTLS: SessionPolicy.StartTLS = .enabled,
        relay: RelayPolicy = .dominoDefault,
        limits: Limits = Limits(maxMessageSize: 100, maxErrors: 5, maxAuthFailures: 3, maxRecipients: 2)
    ) -> SessionPolicy {
        SessionPolicy(
            serverHost: "hub.acme.example",
            terms: SessionTerms(site: nil, enabled: enabled, anonymous: anonymous, namePassword: namePassword),
            startTLS: startTLS, limits: limits, admission: admission(relay: relay), decoyHash: "decoy")
    }

    static func line(_ text: String) -> SMTPFrame { .line(ByteBuffer(string: text)) }

    static func replies(_ actions: [SessionAction]) -> [Int] {
        actions.compactMap { if case .reply(let reply) = $0 { return reply.code } else { return nil } }
    }

    static func reply(_ actions: [SessionAction]) -> Reply? {
        actions.compactMap { if case .reply(let reply) = $0 { return reply } else { return nil } }.last
    }
}

extension SMTPSession {
    /// Sends one command line; returns the last reply.
    mutating func say(_ text: String) -> Reply? { SessionFixtures.reply(receive(SessionFixtures.line(text))) }

    /// A session that is through STARTTLS and EHLO.
    static func overTLS(_ policy: SessionPolicy = SessionFixtures.policy()) -> SMTPSession {
        var session = SMTPSession(policy: policy, clientAddress: "192.0.2.1")
        _ = session.start()
        _ = session.say("EHLO client.example")
        _ = session.say("STARTTLS")
        _ = session.tlsStarted(version: "TLSv1.3", policy: policy)
        _ = session.say("EHLO client.example")
        return session
    }
}
