import NIOCore
import PortolanBundle

/// One SMTP conversation as a pure state machine: frames and outcomes go in,
/// actions come out. It does no I/O and keeps no time; the connection handler
/// performs the actions and reports their outcomes back.
///
/// Invariants: a message is only handed to the spool after a complete,
/// clean `CRLF.CRLF`-terminated DATA within the size limit; mail is only
/// accepted from a session the policy allows (TLS, authentication, relay, all
/// as `HostAdmission` decides);
/// after `.close` every input is ignored.
public struct SMTPSession: Sendable {
    enum Phase: Equatable {
        /// The site is not enabled: everything but QUIT is refused.
        case refused
        case command
        case authPlain
        case authLoginUser
        case authLoginPassword(login: String)
        case verifying(login: String, user: UserSpec?)
        /// RCPT waits for the client's reverse name, which decides whether it may relay.
        case resolvingName(recipient: String)
        case data
        case spooling
        case startingTLS
        case closed
    }

    struct Transaction: Equatable {
        var mailFrom: String
        var recipients: [String] = []
        var message = ByteBuffer()
        var size = 0
        var oversized = false
    }

    public internal(set) var policy: SessionPolicy
    public let clientAddress: String
    var phase: Phase = .command
    var helo: String?
    public internal(set) var tlsVersion: String?
    public internal(set) var user: UserSpec?
    var transaction: Transaction?
    /// Looked up once per session, and only when relaying depends on it.
    public internal(set) var reverseName: ClientIdentity.ReverseName = .notLookedUp
    var errors = 0
    var authFailures = 0
    /// Commands that moved no mail since the session began or last spooled a message.
    var junkCommands = 0

    /// A session on a fresh connection; `tlsVersion` is set on implicit TLS.
    public init(policy: SessionPolicy, clientAddress: String, tlsVersion: String? = nil) {
        self.policy = policy
        self.clientAddress = clientAddress
        self.tlsVersion = tlsVersion
    }

    public var isClosed: Bool { phase == .closed }
    /// True while the session waits for a password check or the spool.
    public var isWaiting: Bool {
        switch phase {
        case .verifying, .resolvingName, .spooling, .startingTLS: return true
        default: return false
        }
    }
    public var isInData: Bool { phase == .data }

    /// The greeting.
    public mutating func start(tooManyConnections: Bool = false) -> [SessionAction] {
        if tooManyConnections { return close(with: .tooManyConnections) }
        guard policy.enabled else {
            phase = .refused
            return [.reply(.siteNotEnabled)]
        }
        return [.reply(Reply(220, "\(policy.serverHost) ESMTP Portolan"))]
    }

    /// One frame from the decoder.
    public mutating func receive(_ frame: SMTPFrame) -> [SessionAction] {
        switch (phase, frame) {
        case (.closed, _), (.spooling, _), (.verifying, _), (.resolvingName, _), (.startingTLS, _):
            return []
        case (.data, .data(let bytes)):
            appendData(bytes)
            return []
        case (.data, .endOfData(let bare, let nul)):
            return endOfData(bareLineEnding: bare, nul: nul)
        case (.data, _), (_, .data), (_, .endOfData):
            // The decoder and the session disagree about the mode: never guess.
            return close(with: .tooManyErrors)
        case (_, .badLine(.tooLong)):
            return cancellingAuth() + fail(.lineTooLong)
        case (_, .badLine(.bareLineEnding)):
            return cancellingAuth() + fail(.bareLineEnding)
        case (_, .badLine(.nul)):
            return cancellingAuth() + fail(.nulInLine)
        case (.authPlain, .line(let line)):
            return authPlainResponse(line)
        case (.authLoginUser, .line(let line)):
            return authLoginUser(line)
        case (.authLoginPassword(let login), .line(let line)):
            return authLoginPassword(line, login: login)
        case (.refused, .line(let line)):
            return Command(line: line) == .quit ? close(with: .bye) : fail(.refusedSequence)
        case (.command, .line(let line)):
            return execute(Command(line: line))
        }
    }

    /// The connection was idle too long.
    public mutating func timedOut() -> [SessionAction] { isClosed ? [] : close(with: .timeout) }
    /// The client sent DATA slower than the minimum rate.
    public mutating func tooSlow() -> [SessionAction] { isClosed ? [] : close(with: .tooSlow) }
    /// The server is stopping and the grace period is over.
    public mutating func shutdown() -> [SessionAction] { isClosed ? [] : close(with: .shuttingDown) }
    /// The session has lasted `limits.maxSessionTime`.
    public mutating func sessionTooLong() -> [SessionAction] { isClosed ? [] : close(with: .sessionTooLong) }

    mutating func execute(_ command: Command) -> [SessionAction] {
        if command.movesNothing {
            junkCommands += 1
            if junkCommands > policy.limits.maxJunkCommands { return close(with: .tooManyJunkCommands) }
        }
        switch command {
        case .helo(let name): return greet(name, extended: false)
        case .ehlo(let name): return greet(name, extended: true)
        case .mail(let path, let parameters): return mail(from: path, parameters: parameters)
        case .rcpt(let path, _): return rcpt(to: path)
        case .data: return data()
        case .rset:
            transaction = nil
            return [.reply(.ok)]
        case .noop: return [.reply(.ok)]
        case .quit: return close(with: .bye)
        case .vrfy: return [.reply(.cannotVerify)]
        case .help: return [.reply(Reply(214, "2.0.0 See RFC 5321"))]
        case .startTLS: return startTLS()
        case .auth(let mechanism, let initial): return auth(mechanism: mechanism, initialResponse: initial)
        case .invalid(let reply): return fail(reply)
        case .unknown: return fail(.unknownCommand)
        }
    }

    mutating func greet(_ name: String, extended: Bool) -> [SessionAction] {
        helo = name
        transaction = nil
        guard extended else { return [.reply(Reply(250, policy.serverHost))] }
        var lines = [policy.serverHost, "PIPELINING", "SIZE \(policy.limits.maxMessageSize)", "8BITMIME", "ENHANCEDSTATUSCODES"]
        if tlsVersion == nil && policy.startTLS != .disabled { lines.append("STARTTLS") }
        if tlsVersion != nil && policy.namePassword { lines.append("AUTH PLAIN LOGIN") }
        return [.reply(Reply(code: 250, lines: lines))]
    }

    /// An error reply, counted; the one that reaches the limit closes instead.
    mutating func fail(_ reply: Reply) -> [SessionAction] {
        errors += 1
        if errors >= policy.limits.maxErrors { return close(with: .tooManyErrors) }
        return [.reply(reply)]
    }

    mutating func close(with reply: Reply) -> [SessionAction] {
        phase = .closed
        transaction = nil
        return [.reply(reply), .close]
    }
}
