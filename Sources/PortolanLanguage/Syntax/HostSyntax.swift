/// Host names as RFC 1123 allows them: at most 253 characters of dot-separated
/// labels, each 1-63 letters, digits and hyphens, not starting or ending with a
/// hyphen. A name whose last label is all digits is an address, not a name.
/// Trailing dots, underscores and non-ASCII letters (write the `xn--` form) are
/// refused.
enum HostSyntax {
    /// The pattern the JSON Schema states for host names (length is stated apart).
    static let labelPattern = "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
    static let namePattern = "^\(labelPattern)(\\.\(labelPattern))*$"
    static let maxLength = 253

    /// Why `text` is not a host name, or nil when it is one.
    static func problem(_ text: String) -> String? {
        text.withUTF8Bytes(isValidName) ? nil : describedProblem(text)
    }

    /// The rules in one pass over the bytes, for the common case of a good name.
    private static func isValidName(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count > 0, bytes.count <= maxLength else { return false }
        var labelLength = 0
        var labelIsDigits = true
        var previous = UInt8(ascii: ".")
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "."):
                guard labelLength > 0, previous != UInt8(ascii: "-") else { return false }
                labelLength = 0
                labelIsDigits = true
            case UInt8(ascii: "-"):
                guard labelLength > 0 else { return false }
                labelLength += 1
                labelIsDigits = false
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                labelLength += 1
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"):
                labelLength += 1
                labelIsDigits = false
            default:
                return false
            }
            guard labelLength <= 63 else { return false }
            previous = byte
        }
        return labelLength > 0 && previous != UInt8(ascii: "-") && !labelIsDigits
    }

    private static func describedProblem(_ text: String) -> String? {
        if text.isEmpty { return "it is empty" }
        if text.utf8.count > maxLength { return "it is longer than \(maxLength) characters" }
        if text.hasSuffix(".") { return "it ends with a dot" }
        let labels = text.split(separator: ".", omittingEmptySubsequences: false)
        for label in labels {
            if let problem = labelProblem(label) { return problem }
        }
        if let last = labels.last, last.allSatisfy(\.isASCIIDigit) {
            return IPAddressSyntax.isIPv4(Substring(text)) ? "it is an IP address, not a host name" : "its last label is all digits"
        }
        return nil
    }

    private static func labelProblem(_ label: Substring) -> String? {
        if label.isEmpty { return "it has an empty label (two dots in a row, or a leading dot)" }
        if label.utf8.count > 63 { return "the label '\(label.prefix(20))...' is longer than 63 characters" }
        if let bad = label.first(where: { !($0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-")) }) {
            if !bad.isASCII { return "'\(bad)' is not allowed; write the name's ASCII form (xn--...)" }
            return "'\(bad)' is not allowed in a host name"
        }
        if label.first == "-" || label.last == "-" { return "the label '\(label)' starts or ends with a hyphen" }
        return nil
    }

    /// Why `text` is neither a host name nor an IP address, or nil.
    static func hostOrAddressProblem(_ text: String) -> String? {
        let substring = Substring(text)
        if IPAddressSyntax.isIPv4(substring) || IPAddressSyntax.isIPv6(substring) { return nil }
        if text.utf8.contains(UInt8(ascii: ":")) { return "it is not a valid IPv6 address" }
        if !text.isEmpty, text.utf8.allSatisfy({ ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: ".") }) {
            return "it is not a valid IPv4 address"
        }
        return problem(text)
    }

    /// Why `text` is neither a host name (a server name written as one), an IP
    /// address nor a CIDR range, or nil.
    static func connectingHostProblem(_ text: String) -> String? {
        guard text.contains("/") else { return hostOrAddressProblem(text) }
        return IPAddressSyntax.isRange(Substring(text))
            ? nil : "it is not a CIDR range (an address, '/', and a prefix length of at most 32 for IPv4, 128 for IPv6)"
    }

    /// Why `text` is not an IP address, or nil.
    static func addressProblem(_ text: String) -> String? {
        let substring = Substring(text)
        if IPAddressSyntax.isIPv4(substring) || IPAddressSyntax.isIPv6(substring) { return nil }
        if text.contains("/") { return "it is a prefix; write a single address" }
        if text.contains("%") { return "zone identifiers are not supported" }
        if text.hasPrefix("[") { return "write the address without brackets" }
        return text.contains(":") ? "it is not a valid IPv6 address" : "it is not a valid IPv4 or IPv6 address"
    }

    /// Why `text` is not an Internet mail address `local@host.name`, or nil.
    static func mailAddressProblem(_ text: String) -> String? {
        // `@` is one UTF-8 byte, so its byte index is a character boundary.
        guard let at = text.utf8.lastIndex(of: UInt8(ascii: "@")) else { return "it has no '@'" }
        let local = text[..<at]
        if local.isEmpty { return "nothing stands before the '@'" }
        // Printable ASCII other than `@`, `<` and `>` is fine; only other text
        // needs the character-wise look for Unicode spaces.
        let plain = local.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") }
        if !plain, local.contains(where: { $0.isWhitespace || $0 == "@" || $0 == "<" || $0 == ">" }) {
            return "the part before the '@' holds a space, '@', '<' or '>'"
        }
        return problem(String(text[text.utf8.index(after: at)...])).map { "its domain is not a host name: \($0)" }
    }
}
