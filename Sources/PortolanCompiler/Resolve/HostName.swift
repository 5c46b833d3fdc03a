/// Host names and addresses as the model compares them: case-insensitively and
/// without a trailing dot. No name is ever resolved to an address.
enum HostName {
    static func key(_ text: String) -> String {
        var lowered = text.lowercased()
        if lowered.hasSuffix("."), lowered.count > 1 { lowered.removeLast() }
        return lowered
    }

    /// True when `text` is a host name with at least two labels, not an IP literal.
    static func isFullyQualified(_ text: String) -> Bool {
        let labels = key(text).split(separator: ".", omittingEmptySubsequences: false)
        if text.contains(":") || labels.count < 2 || labels.contains(where: \.isEmpty) { return false }
        return !labels.allSatisfy { $0.allSatisfy(\.isNumber) }
    }
}
