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
        let verbEnd = text.firstIndex(of: " ") ?? text.endIndex
        let verb = text[..<verbEnd].uppercased()
        let argument = String(text[verbEnd...].drop { $0 == " " })
        self = Command.parse(verb: verb, argument: argument)
    }

    static func parse(verb: String, argument: String) -> Command {
        switch verb {
        case "HELO": return argument.isEmpty ? .invalid(Reply(501, "5.5.4 Syntax: HELO hostname")) : .helo(argument)
        case "EHLO": return argument.isEmpty ? .invalid(Reply(501, "5.5.4 Syntax: EHLO hostname")) : .ehlo(argument)
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

    /// `FROM:<path> [KEY=VALUE ...]`, tolerating a space after the colon.
    static func parsePath(
        _ argument: String, keyword: String, allowsNull: Bool, badPath: Reply,
        make: (String, [String: String]) -> Command
    ) -> Command {
        guard argument.uppercased().hasPrefix(keyword) else { return .invalid(.syntax) }
        let rest = argument.dropFirst(keyword.count).drop { $0 == " " }
        guard rest.first == "<", let close = rest.firstIndex(of: ">") else { return .invalid(badPath) }
        let path = String(rest[rest.index(after: rest.startIndex)..<close])
        guard (path.isEmpty && allowsNull) || Address.isValid(path) else { return .invalid(badPath) }
        var parameters: [String: String] = [:]
        for word in rest[rest.index(after: close)...].split(separator: " ") {
            let pair = word.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            parameters[pair[0].uppercased()] = pair.count == 2 ? String(pair[1]) : ""
        }
        if let first = rest[rest.index(after: close)...].first, first != " " { return .invalid(badPath) }
        return make(path, parameters)
    }
}

/// Mailbox syntax, kept deliberately narrow: `local@domain` with a dot-atom
/// local part and a host name or address literal, or a bare `postmaster`.
public enum Address {
    static let atomCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~.")
    static let domainCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.")

    public static func isValid(_ path: String) -> Bool {
        if path.lowercased() == "postmaster" { return true }
        guard path.utf8.count <= 254, let at = path.lastIndex(of: "@") else { return false }
        let local = path[..<at]
        let domain = path[path.index(after: at)...]
        guard !local.isEmpty, local.utf8.count <= 64, local.allSatisfy(atomCharacters.contains),
            !local.hasPrefix("."), !local.hasSuffix("."), !local.contains("..")
        else { return false }
        if domain.hasPrefix("[") && domain.hasSuffix("]") && domain.count > 2 {
            return domain.dropFirst().dropLast().allSatisfy { $0.isHexDigit || $0 == "." || $0 == ":" || $0.isLetter }
        }
        return !domain.isEmpty && domain.allSatisfy(domainCharacters.contains)
            && !domain.hasPrefix(".") && !domain.hasPrefix("-") && !domain.contains("..")
    }

    /// The lowercased domain, without a final dot; nil for `postmaster`.
    public static func domain(of path: String) -> String? {
        guard let at = path.lastIndex(of: "@") else { return nil }
        var domain = path[path.index(after: at)...].lowercased()
        if domain.hasSuffix(".") { domain.removeLast() }
        return domain
    }
}
