/// The text forms of IP addresses the language accepts: IPv4 as a dotted quad
/// of decimal numbers 0-255 without leading zeros (so `010.0.0.1` is refused
/// rather than read as octal), and IPv6 as in RFC 4291 section 2.2, with an
/// optional embedded IPv4 tail, without zone identifiers, brackets or prefixes.
enum IPAddressSyntax {
    static func isIPv4(_ text: Substring) -> Bool {
        text.withUTF8Bytes(isIPv4)
    }

    private static func isIPv4(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var parts = 0
        var value = 0
        var digits = 0
        var leadingZero = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: ".") {
                guard digits > 0, parts < 3 else { return false }
                parts += 1
                (value, digits, leadingZero) = (0, 0, false)
                continue
            }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9"), !leadingZero else { return false }
            leadingZero = digits == 0 && byte == UInt8(ascii: "0")
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
            digits += 1
            guard value <= 255 else { return false }
        }
        return parts == 3 && digits > 0
    }

    /// A CIDR range: an address, `/`, and a prefix length in decimal without
    /// leading zeros, at most 32 for IPv4 and 128 for IPv6.
    static func isRange(_ text: Substring) -> Bool {
        guard let slash = text.firstIndex(of: "/") else { return false }
        let address = text[..<slash], length = text[text.index(after: slash)...]
        guard !length.isEmpty, length.count <= 3, length.allSatisfy(\.isASCIIDigit),
              length == "0" || length.first != "0", let bits = Int(length) else { return false }
        if isIPv4(address) { return bits <= 32 }
        return isIPv6(address) && bits <= 128
    }

    static func isIPv6(_ text: Substring) -> Bool {
        // Host names, the usual text here, have no colon.
        guard text.utf8.contains(UInt8(ascii: ":")), text.count >= 2, text.count <= 45 else { return false }
        let halves = text.split(separator: "::", omittingEmptySubsequences: false)
        switch halves.count {
        case 1:
            return groupCount(halves[0], isLastHalf: true) == 8
        case 2:
            guard let head = groupCount(halves[0], isLastHalf: false),
                  let tail = groupCount(halves[1], isLastHalf: true) else { return false }
            return head + tail <= 7
        default:
            return false
        }
    }

    /// The number of 16-bit groups in a colon-separated run (an IPv4 tail counts
    /// two), or nil when the run is malformed. An empty run has no groups.
    private static func groupCount(_ run: Substring, isLastHalf: Bool) -> Int? {
        if run.isEmpty { return 0 }
        let groups = run.split(separator: ":", omittingEmptySubsequences: false)
        var count = 0
        for (position, group) in groups.enumerated() {
            if isLastHalf, position == groups.count - 1, group.contains(".") {
                guard isIPv4(group) else { return nil }
                count += 2
            } else {
                guard (1...4).contains(group.count), group.allSatisfy(\.isHexDigit) else { return nil }
                count += 1
            }
        }
        return count
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
