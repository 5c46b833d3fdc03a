import NIOCore

/// One delivery to one peer as a pure state machine, the client side of
/// `SMTPSession`: reply lines and TLS events go in, bytes to send and
/// connection actions come out. It does no I/O and keeps no time.
///
/// The conversation: greeting, EHLO (HELO when EHLO gets a `5xx`), STARTTLS
/// when asked and offered, then EHLO again, AUTH PLAIN (else LOGIN) when the
/// plan asks and the peer offers it, MAIL FROM, one RCPT per recipient, DATA
/// with the message dot-stuffed, QUIT. One command at a time (no PIPELINING).
///
/// A session that `keepsConnection` does not QUIT after the reply to the end
/// of the message: it goes idle, and `reuse` starts the next transaction on
/// the same connection with RSET (so the peer is known to be there before
/// anything of the message is sent), then MAIL FROM as above. A reused
/// connection that fails before RSET is answered `250` is `stale`: nothing
/// of the new transaction reached the peer, and it may go over a fresh one.
///
/// Invariants: every recipient gets exactly one result, and it never changes
/// once given; a refusal at RCPT concerns that recipient only, one at any
/// other stage every recipient still undecided; a `4xx` or a lost connection
/// defers, a `5xx` fails; the message is sent only after a `354`, and only to
/// recipients the peer accepted.
public struct SMTPClientSession: Sendable {
    /// What the connection must do, in order.
    public enum Action: Equatable, Sendable {
        case send(ByteBuffer)
        /// The peer agreed to STARTTLS: drop any input already buffered
        /// (it was sent in the clear) and start the TLS handshake; then call
        /// `tlsEstablished(version:)`.
        case startTLS
        case close
    }

    enum Phase: Equatable {
        case greeting, ehlo, helo, startTLS, handshaking, ehloAfterTLS
        case authPlain, authLogin, authLoginUser, authLoginPassword
        case mail, rcpt(Int), data, content, quit, done
        /// Between transactions of a kept connection; `rset`: RSET sent for the next.
        case idle, rset
    }

    public private(set) var mailFrom: String
    public private(set) var recipients: [String]
    var message: ByteBuffer
    /// Go idle instead of QUIT after the reply to the end of the message.
    public var keepsConnection = false
    /// The transaction was to reuse this connection, which failed before
    /// RSET was answered: no command of it reached the peer.
    public private(set) var stale = false
    /// Transactions this connection has carried, this one included.
    public private(set) var transactions = 1
    let heloName: String
    let wantsStartTLS: Bool
    let authentication: DeliveryPlan.Authentication
    var phase: Phase = .greeting
    var reader = ReplyReader()
    var results: [DeliveryResult?]
    var accepted: [Int] = []
    var extensions: [String: [String]] = [:]
    /// Implicit TLS whose handshake has not completed yet.
    var handshakePending: Bool
    /// True once the peer sent its `220`: from then on a retry elsewhere
    /// could send the message twice.
    public private(set) var greeted = false
    public private(set) var tlsVersion: String?
    public private(set) var authenticatedAs: String?

    /// A session over a fresh connection to `endpoint` of `plan`.
    /// `mailFrom` is the reverse path (empty: `<>`).
    public init(plan: DeliveryPlan, endpoint: DeliveryPlan.Endpoint, mailFrom: String, recipients: [String], message: ByteBuffer) {
        self.mailFrom = mailFrom
        self.recipients = recipients
        self.message = message
        heloName = plan.heloName
        authentication = plan.authentication
        switch endpoint.security {
        case .implicitTLS:
            wantsStartTLS = false
            handshakePending = true
        case .plain(let startTLS):
            wantsStartTLS = startTLS
            handshakePending = false
        }
        results = Array(repeating: nil, count: recipients.count)
        if recipients.isEmpty { phase = .done }
    }

    /// True when every recipient has its result and the connection may go.
    public var isFinished: Bool { phase == .done }
    /// True when the transaction is over and the connection is kept for another.
    public var isIdle: Bool { phase == .idle }
    /// True while the peer sends the reply to the end of the message, which
    /// may take longer than other replies (RFC 5321 4.5.3.2.6).
    public var isAwaitingEndOfData: Bool { phase == .content }
    /// True while the TLS handshake runs.
    public var isHandshaking: Bool { phase == .handshaking || (handshakePending && phase == .greeting) }

    /// The results so far, in the order of `recipients`; nil: not decided yet.
    public var outcomes: [RecipientOutcome] {
        zip(recipients, results).compactMap { recipient, result in result.map { RecipientOutcome(recipient: recipient, result: $0) } }
    }

    /// The stage a failure now would be charged to.
    var stage: DeliveryStage {
        switch phase {
        // Before the greeting: only a lost connection is charged here.
        case .greeting: return handshakePending ? .tls : .connect
        case .rset: return .connect
        case .ehlo, .helo: return .greeting
        case .startTLS, .handshaking, .ehloAfterTLS: return .tls
        case .authPlain, .authLogin, .authLoginUser, .authLoginPassword: return .auth
        case .mail: return .mail
        case .rcpt: return .rcpt
        case .data, .content, .quit, .done, .idle: return .data
        }
    }

    // MARK: Events

    /// One reply line, without its CRLF.
    public mutating func receive(line: [UInt8]) -> [Action] {
        guard phase != .done, phase != .handshaking else { return [] }
        switch reader.read(line) {
        case .incomplete: return []
        case .malformed(let reason): return abandon("protocol error: \(reason)")
        case .reply(let reply): return receive(reply)
        }
    }

    /// A line the decoder refused (too long, or a bare CR or LF).
    public mutating func receiveBadLine(_ problem: SMTPFrame.LineProblem) -> [Action] {
        guard phase != .done, phase != .handshaking else { return [] }
        return abandon(problem == .tooLong ? "protocol error: a reply line too long" : "protocol error: a bare CR or LF in a reply")
    }

    /// The TLS handshake completed (after STARTTLS, or on implicit TLS).
    public mutating func tlsEstablished(version: String) -> [Action] {
        tlsVersion = version
        if handshakePending {
            handshakePending = false
            return []
        }
        guard phase == .handshaking else { return [] }
        phase = .ehloAfterTLS
        return [send("EHLO \(heloName)")]
    }

    /// The connection failed, closed, or timed out: every recipient still
    /// undecided is deferred at the current stage.
    public mutating func connectionLost(_ reason: String) -> [Action] {
        guard phase != .done else { return [] }
        if phase == .rset { stale = true }
        decideRemaining(.deferred(stage, .noReply(reason)))
        phase = .done
        return []
    }

    /// No connection could be made (refused, unreachable, no route, the
    /// connect timeout): every recipient is deferred at `connect`.
    public mutating func couldNotConnect(_ reason: String) {
        guard phase != .done else { return }
        decideRemaining(.deferred(.connect, .noReply(reason)))
        phase = .done
    }

    /// No reply came in time: the same as a lost connection, which is then closed.
    public mutating func timedOut(_ reason: String) -> [Action] {
        guard phase != .done else { return [] }
        return connectionLost(reason) + [.close]
    }

    // MARK: Replies

    mutating func receive(_ reply: Reply) -> [Action] {
        if phase == .idle {
            // Nothing was asked: the peer is closing (a 421 on its timeout), or confused.
            phase = .done
            return [.close]
        }
        if phase == .rset && reply.code / 100 != 2 {
            stale = true
            decideRemaining(.deferred(.connect, .reply(reply)))
            phase = .done
            return [.close]
        }
        if reply.code == 421 && phase != .quit {
            // The peer is closing the channel (RFC 5321 3.8): no QUIT.
            decideRemaining(.deferred(stage, .reply(reply)))
            phase = .done
            return [.close]
        }
        let positive = reply.code / 100 == 2
        switch phase {
        case .greeting:
            guard positive else {
                decideRemaining(.refusal(reply, at: .greeting))
                return quit()
            }
            greeted = true
            phase = .ehlo
            return [send("EHLO \(heloName)")]
        case .ehlo:
            if positive { return greetedPeer(reply) }
            guard reply.code / 100 == 5 else { return refuseAll(reply) }
            phase = .helo
            return [send("HELO \(heloName)")]
        case .helo:
            return positive ? greetedPeer(Reply(code: reply.code, lines: [reply.lines[0]])) : refuseAll(reply)
        case .startTLS:
            if reply.code == 220 {
                phase = .handshaking
                return [.startTLS]
            }
            // A `454` or the like: opportunistic TLS goes on in the clear.
            return authenticate()
        case .ehloAfterTLS:
            guard positive else { return refuseAll(reply) }
            readExtensions(reply)
            return authenticate()
        case .authPlain, .authLoginPassword:
            guard positive else { return authRefused(reply) }
            authenticatedAs = credentials?.user
            return mail()
        case .authLogin:
            guard reply.code == 334, let credentials else { return authRefused(reply) }
            phase = .authLoginUser
            return [send(Base64.encode(Array(credentials.user.utf8)))]
        case .authLoginUser:
            guard reply.code == 334, let credentials else { return authRefused(reply) }
            phase = .authLoginPassword
            return [send(Base64.encode(Array(credentials.password.utf8)))]
        case .mail:
            return positive ? rcpt(0) : refuseAll(reply)
        case .rcpt(let index):
            if positive { accepted.append(index) } else { results[index] = .refusal(reply, at: .rcpt) }
            return rcpt(index + 1)
        case .data:
            guard reply.code == 354 else { return refuseAccepted(reply) }
            phase = .content
            return [.send(MessageStuffing.stuffed(message))]
        case .content:
            guard positive else {
                for index in accepted { results[index] = .refusal(reply, at: .data) }
                return endTransaction()
            }
            for index in accepted { results[index] = .delivered(reply) }
            return endTransaction()
        case .rset:
            return mail()
        case .quit:
            phase = .done
            return [.close]
        case .handshaking, .done, .idle:
            return []
        }
    }

    /// After the reply to the end of the message: QUIT, or idle when the connection is kept.
    mutating func endTransaction() -> [Action] {
        guard keepsConnection else { return quit() }
        phase = .idle
        return []
    }

    /// The next transaction over this idle connection: RSET, then as a new
    /// session from MAIL FROM. Nil when the session is not idle.
    public mutating func reuse(mailFrom: String, recipients: [String], message: ByteBuffer) -> [Action]? {
        guard phase == .idle else { return nil }
        self.mailFrom = mailFrom
        self.recipients = recipients
        self.message = message
        results = Array(repeating: nil, count: recipients.count)
        accepted = []
        stale = false
        transactions += 1
        guard !recipients.isEmpty else { return [] }
        phase = .rset
        return [send("RSET")]
    }

    /// A session for a transaction that was to reuse `kept` but found its
    /// connection gone: nothing sent, every recipient to be decided.
    static func staleReuse(of kept: SMTPClientSession, mailFrom: String, recipients: [String], message: ByteBuffer) -> SMTPClientSession {
        var session = kept
        session.mailFrom = mailFrom
        session.recipients = recipients
        session.message = message
        session.results = Array(repeating: nil, count: recipients.count)
        session.accepted = []
        session.phase = .rset
        return session
    }

    /// Ends an idle connection: QUIT.
    public mutating func quitIdle() -> [Action] {
        guard phase == .idle else { return [] }
        return quit()
    }

    mutating func greetedPeer(_ reply: Reply) -> [Action] {
        readExtensions(reply)
        if wantsStartTLS && tlsVersion == nil && extensions["STARTTLS"] != nil {
            phase = .startTLS
            return [send("STARTTLS")]
        }
        return authenticate()
    }

    /// EHLO keywords, upper-cased, with their parameters (`AUTH=PLAIN` as `AUTH PLAIN`).
    mutating func readExtensions(_ reply: Reply) {
        extensions = [:]
        for line in reply.lines.dropFirst() {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "=" }).map { $0.uppercased() }
            guard let keyword = words.first else { continue }
            extensions[keyword, default: []] += words.dropFirst()
        }
    }

    var credentials: Credentials? {
        switch authentication {
        case .none: return nil
        case .whenOffered(let credentials): return credentials
        case .required(let credentials): return credentials
        }
    }

    mutating func authenticate() -> [Action] {
        let required: Bool
        switch authentication {
        case .none: return mail()
        case .whenOffered: required = false
        case .required: required = true
        }
        let mechanisms = extensions["AUTH"] ?? []
        guard let credentials else {
            return required ? failAll(.auth, "relay_auth is required but there is no relay_login password") : mail()
        }
        if mechanisms.contains("PLAIN") {
            phase = .authPlain
            let response = Base64.encode([0] + Array(credentials.user.utf8) + [0] + Array(credentials.password.utf8))
            return [send("AUTH PLAIN \(response)")]
        }
        if mechanisms.contains("LOGIN") {
            phase = .authLogin
            return [send("AUTH LOGIN")]
        }
        guard required else { return mail() }
        return failAll(.auth, tlsVersion == nil ? "the peer offers no AUTH PLAIN or LOGIN without TLS" : "the peer offers no AUTH PLAIN or LOGIN")
    }

    /// `required`: the refusal decides; `enabled`: go on without authenticating.
    mutating func authRefused(_ reply: Reply) -> [Action] {
        if case .required = authentication { return refuseAll(reply) }
        return mail()
    }

    mutating func mail() -> [Action] {
        phase = .mail
        return [send("MAIL FROM:<\(mailFrom)>")]
    }

    mutating func rcpt(_ index: Int) -> [Action] {
        if index < recipients.count {
            phase = .rcpt(index)
            return [send("RCPT TO:<\(recipients[index])>")]
        }
        guard !accepted.isEmpty else { return quit() }
        phase = .data
        return [send("DATA")]
    }

    mutating func quit() -> [Action] {
        phase = .quit
        return [send("QUIT")]
    }

    // MARK: Deciding

    mutating func refuseAll(_ reply: Reply) -> [Action] {
        decideRemaining(.refusal(reply, at: stage))
        return quit()
    }

    mutating func refuseAccepted(_ reply: Reply) -> [Action] {
        for index in accepted { results[index] = .refusal(reply, at: .data) }
        return quit()
    }

    mutating func failAll(_ stage: DeliveryStage, _ reason: String) -> [Action] {
        decideRemaining(.failed(stage, .noReply(reason)))
        return quit()
    }

    /// The peer broke the protocol: defer what is undecided and hang up.
    mutating func abandon(_ reason: String) -> [Action] {
        if phase == .quit {
            phase = .done
            return [.close]
        }
        decideRemaining(.deferred(stage, .noReply(reason)))
        phase = .done
        return [.close]
    }

    mutating func decideRemaining(_ result: DeliveryResult) {
        for index in results.indices where results[index] == nil { results[index] = result }
    }

    func send(_ command: String) -> Action { .send(ByteBuffer(string: command + "\r\n")) }
}
