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
        guard Address.hasPrefixIgnoringCase(argument, keyword) else { return .invalid(.syntax) }
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
    /// Checked byte by byte: the characters allowed are all ASCII, so any
    /// other byte (part of a wider character) is refused, as its character is.
    public static func isValid(_ path: String) -> Bool {
        if path.utf8.count == 10 && hasPrefixIgnoringCase(path, "postmaster") { return true }
        let bytes = path.utf8
        guard bytes.count <= 254, let at = bytes.lastIndex(of: .at) else { return false }
        let local = bytes[..<at]
        let domain = bytes[bytes.index(after: at)...]
        guard !local.isEmpty, local.count <= 64, local.allSatisfy(isAtom),
            local.first != .dot, local.last != .dot, !hasDoubleDot(local)
        else { return false }
        let literal = path[path.index(after: at)...]
        if domain.first == .openBracket && literal.hasPrefix("[") && literal.hasSuffix("]") && literal.count > 2 {
            return literal.dropFirst().dropLast().allSatisfy { $0.isHexDigit || $0 == "." || $0 == ":" || $0.isLetter }
        }
        return !domain.isEmpty && domain.allSatisfy(isDomainByte)
            && domain.first != .dot && domain.first != .hyphen && !hasDoubleDot(domain)
    }

    /// The lowercased domain, without a final dot; nil for `postmaster`.
    public static func domain(of path: String) -> String? {
        guard let at = path.lastIndex(of: "@") else { return nil }
        var domain = path[path.index(after: at)...].lowercased()
        if domain.hasSuffix(".") { domain.removeLast() }
        return domain
    }

    /// Whether `text` starts with the ASCII `prefix`, ignoring ASCII case.
    static func hasPrefixIgnoringCase(_ text: some StringProtocol, _ prefix: String) -> Bool {
        var characters = text.utf8.makeIterator()
        for expected in prefix.utf8 {
            guard let byte = characters.next(), byte == expected || byte ^ 0x20 == expected && isLetter(expected) else {
                return false
            }
        }
        return true
    }

    static func isLetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") }

    static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    /// `A-Z a-z 0-9 - .`
    static func isDomainByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte) || byte == .hyphen || byte == .dot
    }

    /// A dot-atom character (RFC 5322 atext, and the dot).
    static func isAtom(_ byte: UInt8) -> Bool {
        isDomainByte(byte) || "!#$%&'*+/=?^_`{|}~".utf8.contains(byte)
    }

    static func hasDoubleDot(_ bytes: Substring.UTF8View) -> Bool {
        zip(bytes, bytes.dropFirst()).contains { $0 == .dot && $1 == .dot }
    }
}

extension UInt8 {
    fileprivate static let space = UInt8(ascii: " ")
    fileprivate static let at = UInt8(ascii: "@")
    fileprivate static let dot = UInt8(ascii: ".")
    fileprivate static let hyphen = UInt8(ascii: "-")
    fileprivate static let openBracket = UInt8(ascii: "[")
}
