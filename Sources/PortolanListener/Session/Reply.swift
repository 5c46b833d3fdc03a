/// One SMTP reply: a code and one or more lines of text (RFC 5321 4.2).
public struct Reply: Equatable, Sendable, CustomStringConvertible {
    public var code: Int
    public var lines: [String]

    public init(_ code: Int, _ lines: String...) {
        self.code = code
        self.lines = lines.isEmpty ? [""] : lines
    }

    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines.isEmpty ? [""] : lines
    }

    /// The bytes on the wire: `250-first`, ..., `250 last`, each with CRLF.
    public var wire: String {
        lines.enumerated().map { index, line in
            let separator = index == lines.count - 1 ? " " : "-"
            return "\(code)\(separator)\(line)\r\n"
        }.joined()
    }

    public var description: String { lines.map { "\(code) \($0)" }.joined(separator: " / ") }

    public var isError: Bool { code >= 400 }
}

/// The replies with fixed text, so that tests and code agree on every byte.
extension Reply {
    static let ok = Reply(250, "2.0.0 Ok")
    static let bye = Reply(221, "2.0.0 Bye")
    static let lineTooLong = Reply(500, "5.5.2 Line too long")
    static let bareLineEnding = Reply(500, "5.5.2 Bare LF/CR not allowed")
    static let nulInLine = Reply(500, "5.5.2 NUL not allowed")
    static let unknownCommand = Reply(500, "5.5.2 Command not recognized")
    static let syntax = Reply(501, "5.5.4 Syntax error in parameters or arguments")
    static let notImplemented = Reply(502, "5.5.1 Command not implemented")
    static let siteNotEnabled = Reply(554, "5.7.0 This site is not enabled on the server.")
    static let refusedSequence = Reply(503, "5.5.1 This site is not enabled on the server.")
    static let needHelo = Reply(503, "5.5.1 Send EHLO or HELO first")
    static let needMail = Reply(503, "5.5.1 Need MAIL command")
    static let needRcpt = Reply(503, "5.5.1 Need RCPT command")
    static let nestedMail = Reply(503, "5.5.1 Nested MAIL command")
    static let needStartTLS = Reply(530, "5.7.0 Must issue a STARTTLS command first")
    static let authRequired = Reply(530, "5.7.0 Authentication required")
    static let encryptionRequired = Reply(538, "5.7.11 Encryption required for requested authentication mechanism")
    static let authFailed = Reply(535, "5.7.8 Authentication credentials invalid")
    static let authSucceeded = Reply(235, "2.7.0 Authentication successful")
    static let authCancelled = Reply(501, "5.0.0 Authentication cancelled")
    static let authUndecodable = Reply(501, "5.5.2 Cannot decode response")
    static let authUnknownMechanism = Reply(504, "5.5.4 Unrecognized authentication type")
    static let authUnavailable = Reply(503, "5.5.1 Authentication not enabled")
    static let alreadyAuthenticated = Reply(503, "5.5.1 Already authenticated")
    static let relayDenied = Reply(554, "5.7.1 Relay access denied")
    static let tooManyHops = Reply(554, "5.4.6 Too many hops: the message loops")
    /// An address of a local domain that is no user's.
    static func unknownUser(_ path: String) -> Reply { Reply(550, "5.1.1 <\(path)>: Recipient address rejected: User unknown") }
    static let tooManyRecipients = Reply(452, "4.5.3 Too many recipients")
    static let badSender = Reply(501, "5.1.7 Bad sender address syntax")
    static let badRecipient = Reply(501, "5.1.3 Bad recipient address syntax")
    static let unsupportedParameter = Reply(555, "5.5.4 Unsupported MAIL or RCPT parameter")
    static let messageTooBig = Reply(552, "5.3.4 Message size exceeds fixed maximum message size")
    static let bareLineEndingInData = Reply(550, "5.6.0 Message refused: bare LF/CR not allowed")
    static let nulInData = Reply(550, "5.6.0 Message refused: NUL not allowed")
    static let startData = Reply(354, "End data with <CR><LF>.<CR><LF>")
    static let readyForTLS = Reply(220, "2.0.0 Ready to start TLS")
    static let tlsUnavailable = Reply(502, "5.5.1 STARTTLS not available")
    static let tlsActive = Reply(503, "5.5.1 TLS already active")
    static let cannotVerify = Reply(252, "2.5.2 Cannot VRFY user, but will accept message and attempt delivery")
    static let spoolFailed = Reply(451, "4.3.0 Error: queue file write error")
    static let tooManyErrors = Reply(421, "4.7.0 Too many errors")
    static let tooManyAuthFailures = Reply(421, "4.7.0 Too many authentication failures")
    static let authLockedOut = Reply(454, "4.7.0 Too many authentication failures from your address, try again later")
    static let tooManyJunkCommands = Reply(421, "4.7.0 Too many commands that move no mail")
    static let sessionTooLong = Reply(421, "4.4.2 Session time limit exceeded")
    static let tooManyConnections = Reply(421, "4.7.0 Too many connections")
    static let timeout = Reply(421, "4.4.2 Timeout exceeded")
    static let tooSlow = Reply(421, "4.4.2 Minimum data rate not met")
    static let shuttingDown = Reply(421, "4.3.2 Service shutting down")

    /// HELO or EHLO with something other than a domain or an address literal.
    static func badGreetingName(_ verb: String) -> Reply {
        Reply(501, "5.5.2 \(verb) requires a domain name or an address literal")
    }
}
