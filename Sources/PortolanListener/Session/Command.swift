import NIOCore

/// A command line, parsed. Parsing never fails: what cannot be understood
/// becomes `.unknown` or `.invalid`, which the session answers.
public enum Command: Equatable, Sendable {
    case helo(String)
    case ehlo(String)
    case mail(path: String, parameters: [String: String])
    case rcpt(path: String, parameters: [String: String])
    case data
    case rset
    case noop
    case quit
    case vrfy
    case help
    case startTLS
    case auth(mechanism: String, initialResponse: String?)
    /// A known verb with arguments that do not parse; the reply to give.
    case invalid(Reply)
    case unknown

    /// Parses one line (without CRLF). Only printable ASCII and tabs are
    /// understood (SMTPUTF8 is not offered).
    public init(line: ByteBuffer) {
        let bytes = line.readableBytesView
        guard bytes.allSatisfy({ ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x09 }) else {
            self = .invalid(.syntax)
            return
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let verbEnd = text.utf8.firstIndex(of: .space) ?? text.endIndex
        let verb = text[..<verbEnd].uppercased()
        let argument = String(text[verbEnd...].drop { $0 == " " })
        self = Command.parse(verb: verb, argument: argument)
    }

    /// Commands that move no mail: a session may send only so many of them
    /// (`limits.maxJunkCommands`).
    public var movesNothing: Bool {
        switch self {
        case .noop, .rset, .vrfy, .help, .unknown: return true
        default: return false
        }
    }

    static func parse(verb: String, argument: String) -> Command {
        switch verb {
        case "HELO", "EHLO": return parseGreeting(verb: verb, argument: argument)
        case "MAIL": return parsePath(argument, keyword: "FROM:", allowsNull: true, badPath: .badSender, make: Command.mail)
        case "RCPT": return parsePath(argument, keyword: "TO:", allowsNull: false, badPath: .badRecipient, make: Command.rcpt)
        case "DATA": return argument.isEmpty ? .data : .invalid(.syntax)
        case "RSET": return argument.isEmpty ? .rset : .invalid(.syntax)
        case "NOOP": return .noop
        case "QUIT": return argument.isEmpty ? .quit : .invalid(.syntax)
        case "VRFY": return .vrfy
        case "HELP": return .help
        case "STARTTLS": return argument.isEmpty ? .startTLS : .invalid(.syntax)
        case "AUTH":
            let parts = argument.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 1 || parts.count == 2 else { return .invalid(.syntax) }
            return .auth(mechanism: parts[0].uppercased(), initialResponse: parts.count == 2 ? String(parts[1]) : nil)
        default: return .unknown
        }
    }

    /// `HELO domain` or `EHLO domain-or-address-literal` (RFC 5321 4.1.1.1;
    /// an address literal is taken after HELO too). The name goes into the
    /// Received header, so nothing else is taken: no comment, no second word.
    static func parseGreeting(verb: String, argument: String) -> Command {
        // Trailing spaces off, by bytes (a String built from reversed
        // Characters costs a grapheme walk of the line).
        let utf8 = argument.utf8
        let end = utf8.lastIndex { $0 != UInt8(ascii: " ") }.map { utf8.index(after: $0) } ?? utf8.startIndex
        let name = String(argument[..<end])
        guard !name.isEmpty else { return .invalid(Reply(501, "5.5.4 Syntax: \(verb) hostname")) }
        guard DomainSyntax.isDomainOrLiteral(name) else { return .invalid(.badGreetingName(verb)) }
        return verb == "HELO" ? .helo(name) : .ehlo(name)
    }

    /// `FROM:<path> [KEY=VALUE ...]`, tolerating a space after the colon.
    static func parsePath(
        _ argument: String, keyword: String, allowsNull: Bool, badPath: Reply,
        make: (String, [String: String]) -> Command
    ) -> Command {
        guard Address.hasPrefixIgnoringCase(argument, keyword) else { return .invalid(.syntax) }
        let rest = argument.dropFirst(keyword.count).drop { $0 == " " }
        guard let (path, end) = Address.path(at: rest), !path.isEmpty || allowsNull else { return .invalid(badPath) }
        let tail = rest[end...]
        if let first = tail.first, first != " " { return .invalid(badPath) }
        var parameters: [String: String] = [:]
        for word in tail.split(separator: " ") {
            let pair = word.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            parameters[pair[0].uppercased()] = pair.count == 2 ? String(pair[1]) : ""
        }
        return make(path, parameters)
    }
}
