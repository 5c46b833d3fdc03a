/// Shared phrasing of diagnostic messages, so that every rule names things alike.
enum Wording {
    /// `a`, `a and b`, `a, b and c`; past `limit` names: `a, b, c and 4 more`.
    static func list(_ names: [String], limit: Int = 5) -> String {
        if names.count > limit {
            return names.prefix(limit).joined(separator: ", ") + " and \(names.count - limit) more"
        }
        guard let last = names.last else { return "" }
        if names.count == 1 { return last }
        return names.dropLast().joined(separator: ", ") + " and " + last
    }

    /// `port 25` or `ports 25 and 465`.
    static func ports(_ numbers: [Int]) -> String {
        (numbers.count == 1 ? "port " : "ports ") + list(numbers.map(String.init), limit: numbers.count)
    }

    /// `1 server`, `3 servers`.
    static func count(_ count: Int, _ noun: String) -> String {
        "\(count) \(noun)\(count == 1 ? "" : "s")"
    }
}
