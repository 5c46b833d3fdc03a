import NIOCore

/// The RFC 5321 syntax of a host as HELO, EHLO and mail paths name it
/// (4.1.2, 4.1.3): a domain or an address literal.
public enum DomainSyntax {
    /// `Domain` or `address-literal`.
    public static func isDomainOrLiteral(_ text: some StringProtocol) -> Bool {
        isDomain(text) || isAddressLiteral(text)
    }

    /// `sub-domain *("." sub-domain)`: labels of letters, digits and
    /// hyphens that start and end with a letter or digit, at most 63
    /// octets each and 255 in all.
    public static func isDomain(_ text: some StringProtocol) -> Bool {
        let bytes = text.utf8
        guard !bytes.isEmpty, bytes.count <= 255 else { return false }
        return bytes.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy { label in
            guard let first = label.first, let last = label.last, label.count <= 63 else { return false }
            return isLetterOrDigit(first) && isLetterOrDigit(last)
                && label.allSatisfy { isLetterOrDigit($0) || $0 == UInt8(ascii: "-") }
        }
    }

    /// `[192.0.2.1]` or `[IPv6:2001:db8::1]`. The general form `[tag:...]`
    /// is refused: IPv6 is the only tag ever standardized.
    public static func isAddressLiteral(_ text: some StringProtocol) -> Bool {
        guard text.utf8.count > 2, text.hasPrefix("["), text.hasSuffix("]") else { return false }
        let inner = String(text.dropFirst().dropLast())
        if Address.hasPrefixIgnoringCase(inner, "IPv6:") { return isIPAddress(String(inner.dropFirst(5)), version6: true) }
        return isIPAddress(inner, version6: false)
    }

    /// An IPv4 dotted quad, or an IPv6 address (inet_pton's syntax).
    static func isIPAddress(_ text: String, version6: Bool) -> Bool {
        guard text.utf8.allSatisfy({ isHexDigit($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: ":") }),
            let address = try? SocketAddress(ipAddress: text, port: 0)
        else { return false }
        switch address {
        case .v4: return !version6
        case .v6: return version6
        default: return false
        }
    }

    static func isLetterOrDigit(_ byte: UInt8) -> Bool { Address.isLetter(byte) || Address.isDigit(byte) }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        Address.isDigit(byte) || ((byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "f"))
    }
}
