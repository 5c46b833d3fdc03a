import PortolanBundle

/// Host names and addresses as the model compares them: case-insensitively and
/// without a trailing dot. No name is ever resolved to an address.
enum HostName {
    static func key(_ text: String) -> String { HostAdmission.hostKey(text) }

    /// True when `text` is a host name with at least two labels, not an IP literal.
    static func isFullyQualified(_ text: String) -> Bool {
        if let answer = asciiIsFullyQualified(text) { return answer }
        let labels = key(text).split(separator: ".", omittingEmptySubsequences: false)
        if text.contains(":") || labels.count < 2 || labels.contains(where: \.isEmpty) { return false }
        return !labels.allSatisfy { $0.allSatisfy(\.isNumber) }
    }

    /// `isFullyQualified` for ASCII text, byte by byte in one pass (digits are
    /// then the only numbers); nil for any other text.
    private static func asciiIsFullyQualified(_ text: String) -> Bool? {
        text.utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
            // A trailing dot (ASCII, and no colon) is not part of the labels.
            let end = bytes.count > 1 && bytes.last == UInt8(ascii: ".") ? bytes.count - 1 : bytes.count
            var labels = 0
            var length = 0
            var numericLabel = true
            var allNumeric = true
            var wellFormed = true
            for byte in bytes[..<end] {
                if byte >= 0x80 { return nil }
                if byte == UInt8(ascii: ".") {
                    if length == 0 { wellFormed = false }
                    labels &+= 1
                    allNumeric = allNumeric && numericLabel
                    length = 0
                    numericLabel = true
                } else {
                    if byte == UInt8(ascii: ":") { wellFormed = false }
                    length &+= 1
                    if byte &- UInt8(ascii: "0") > 9 { numericLabel = false }
                }
            }
            guard wellFormed, length > 0 else { return false }
            labels += 1
            allNumeric = allNumeric && numericLabel
            return labels >= 2 && !allNumeric
        } ?? nil
    }
}
