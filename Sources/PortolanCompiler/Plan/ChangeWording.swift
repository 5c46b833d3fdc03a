/// Puts a changed fact into words an administrator reads at a glance:
/// `outbound TCP port 25 → 26`, `site hub-smtp now requires name and password on TCP`.
enum ChangeWording {
    static func describe(path: String, old: String?, new: String?, after: BundleFacts) -> String {
        if let special = sitePolicy(path: path, old: old, new: new, after: after) { return special }
        let subject = phrase(for: path)
        switch (old, new) {
        case (nil, let value?): return "\(subject): \(value) (new)"
        case (let value?, nil): return "\(subject): \(value) (removed)"
        case let (before?, after?): return "\(subject) \(before) → \(after)"
        default: return subject
        }
    }

    /// A whole list item (a listener, site, user or route) that appears or disappears.
    static func describeItem(prefix: String, added: Bool, facts: BundleFacts) -> String {
        var subject = phrase(for: prefix)
        if prefix.hasPrefix("listeners["), let security = facts.values[prefix + ".security"] {
            subject += " (\(security))"
        }
        return added ? "new \(subject)" : "\(subject) removed"
    }

    /// Words for the parts of a fact's path; a part not listed is split at its capitals.
    static let words: [String: String] = [
        "routes": "route", "sites": "site", "listeners": "listener", "users": "user", "security": "",
        "tcp": "TCP", "ssl": "SSL", "tls": "key ring", "starttls": "STARTTLS", "passwordHash": "password",
        "namePassword": "name and password", "relay": "relay host", "relayAuth": "relay authentication",
        "withinDomain": "SMTP within the domain", "internetSites": "Internet Sites",
        "authenticatedUsers": "accepts authenticated users", "enforce": "enforced", "host": "host name",
        "localDomains": "local Internet domains",
    ]

    /// `outbound.routes[globex.example].peer.sslPort` → `outbound route globex.example peer SSL port`.
    static func phrase(for path: String) -> String {
        var parts: [String] = []
        var rest = Substring(path)
        while !rest.isEmpty {
            if rest.first == "[", let close = rest.firstIndex(of: "]") {
                parts.append(String(rest[rest.index(after: rest.startIndex)..<close]))
                rest = rest[rest.index(after: close)...]
            } else {
                let name = rest.prefix { $0 != "." && $0 != "[" }
                rest = rest.dropFirst(name.count)
                if !name.isEmpty { parts.append(words[String(name)] ?? phrase(forCamelCase: String(name))) }
            }
            if rest.first == "." { rest = rest.dropFirst() }
        }
        return parts.filter { !$0.isEmpty }.joined(separator: " ")
    }

    /// `sslPort` → `SSL port`, `maxMessageSize` → `max message size`: split at
    /// the capitals, each word in the words of `words` when it has some, so that
    /// TCP and SSL read the same in every line.
    static func phrase(forCamelCase name: String) -> String {
        var split: [String] = []
        for character in name {
            if character.isUppercase || split.isEmpty { split.append("") }
            split[split.count - 1] += character.lowercased()
        }
        return split.map { words[$0] ?? $0 }.joined(separator: " ")
    }

    /// `sites[X].security.tcp.anonymous` yes → no while name and password are
    /// allowed reads as "site X now requires name and password on TCP".
    static func sitePolicy(path: String, old: String?, new: String?, after: BundleFacts) -> String? {
        guard path.hasPrefix("sites["), path.hasSuffix(".anonymous"), let close = path.firstIndex(of: "]") else { return nil }
        let site = path[path.index(path.startIndex, offsetBy: 6)..<close]
        let port = path.contains(".ssl.") ? "SSL" : "TCP"
        switch (old, new) {
        case ("yes", "no"):
            let namePassword = after.values[path.dropLast(".anonymous".count) + ".namePassword"] == "yes"
            return namePassword
                ? "site \(site) now requires name and password on \(port)"
                : "site \(site) no longer allows anonymous connections on \(port)"
        case ("no", "yes"): return "site \(site) now allows anonymous connections on \(port)"
        default: return nil
        }
    }
}
