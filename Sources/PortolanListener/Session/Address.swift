import PortolanBundle
/// Mailbox syntax (RFC 5321 4.1.2): `local@domain` with a dot-atom or a
/// quoted-string local part and a domain or address literal, or a bare
/// `postmaster`.
public enum Address {
    /// The path that starts `text` (`<...>`, with an optional source route
    /// `@relay.example,@other.example:` before the mailbox) and the index
    /// just after its `>`. The mailbox comes without the route: RFC 5321
    /// (4.1.2, C) says a route must be accepted and ignored. Nil when `text`
    /// does not start with a path; the mailbox is empty for `<>`.
    public static func path(at text: Substring) -> (mailbox: String, end: String.Index)? {
        let bytes = Array(text.utf8.prefix(1_024))
        guard bytes.first == .lessThan else { return nil }
        var start = 1
        if bytes.count > 1 && bytes[1] == .at {
            guard let colon = routeEnd(bytes) else { return nil }
            let route = bytes[1..<colon].split(separator: .comma, omittingEmptySubsequences: false)
            guard route.allSatisfy({ $0.first == .at && isMailDomain(String(decoding: $0.dropFirst(), as: UTF8.self)) }) else {
                return nil
            }
            start = colon + 1
        }
        // A quoted local part may hold a `>`; the path ends at the first one after it.
        var scan = start
        if scan < bytes.count && bytes[scan] == .quote {
            scan += 1
            while scan < bytes.count && bytes[scan] != .quote { scan += bytes[scan] == .backslash ? 2 : 1 }
        }
        guard let close = bytes[min(scan, bytes.count)...].firstIndex(of: .greaterThan) else { return nil }
        let mailbox = String(decoding: bytes[start..<close], as: UTF8.self)
        guard mailbox.isEmpty ? start == 1 : isValid(mailbox) else { return nil }
        return (mailbox, text.utf8.index(text.startIndex, offsetBy: close + 1))
    }

    /// The colon that ends a source route: the first outside an address literal.
    static func routeEnd(_ bytes: [UInt8]) -> Int? {
        var inLiteral = false
        for (index, byte) in bytes.enumerated() {
            switch byte {
            case .openBracket: inLiteral = true
            case .closeBracket: inLiteral = false
            case .colon where !inLiteral: return index
            case .greaterThan: return nil
            default: continue
            }
        }
        return nil
    }

    /// Checked byte by byte: the characters allowed are all ASCII, so any
    /// other byte (part of a wider character) is refused, as its character is.
    public static func isValid(_ path: String) -> Bool {
        if path.utf8.count == 10 && hasPrefixIgnoringCase(path, "postmaster") { return true }
        let bytes = path.utf8
        guard bytes.count <= 254, let at = bytes.lastIndex(of: .at) else { return false }
        let local = bytes[..<at]
        guard !local.isEmpty, local.count <= 64, isDotAtom(local) || isQuotedString(local) else { return false }
        return isMailDomain(String(path[path.index(after: at)...]))
    }

    /// A domain (a final dot tolerated, as `domain(of:)` drops it) or an address literal.
    static func isMailDomain(_ domain: String) -> Bool {
        DomainSyntax.isAddressLiteral(domain) || DomainSyntax.isDomain(domain.hasSuffix(".") ? domain.dropLast() : domain[...])
    }

    /// The lowercased domain, without a final dot; nil for `postmaster`.
    public static func domain(of path: String) -> String? { HostAdmission.domain(of: path) }

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

    /// `atom *("." atom)`, atoms of RFC 5322 atext.
    static func isDotAtom(_ bytes: Substring.UTF8View) -> Bool {
        bytes.allSatisfy(isAtom) && bytes.first != .dot && bytes.last != .dot
            && !zip(bytes, bytes.dropFirst()).contains { $0 == .dot && $1 == .dot }
    }

    static func isAtom(_ byte: UInt8) -> Bool {
        isLetter(byte) || isDigit(byte) || byte == .dot || "!#$%&'*+-/=?^_`{|}~".utf8.contains(byte)
    }

    /// `DQUOTE *(qtextSMTP / quoted-pairSMTP) DQUOTE`: printable ASCII and
    /// space, with `"` and `\` only as `\"` and `\\` (any printable may be escaped).
    static func isQuotedString(_ bytes: Substring.UTF8View) -> Bool {
        guard bytes.count >= 2, bytes.first == .quote else { return false }
        var index = bytes.index(after: bytes.startIndex)
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == .quote { return bytes.index(after: index) == bytes.endIndex }
            guard byte >= 0x20 && byte < 0x7F else { return false }
            if byte == .backslash {
                index = bytes.index(after: index)
                guard index < bytes.endIndex, bytes[index] >= 0x20 && bytes[index] < 0x7F else { return false }
            }
            index = bytes.index(after: index)
        }
        return false
    }
}
