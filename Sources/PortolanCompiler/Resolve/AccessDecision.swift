import PortolanLanguage

/// A set of principals given by names: explicit users and servers plus `*/Org`
/// wildcards, with groups already expanded. Lists are small and made once per
/// distinct access list, so users and servers are kept sorted, each once, and
/// searched by halves.
struct PrincipalSet: Sendable {
    /// In id order, each once.
    var users: [UserID] = []
    /// In id order, each once.
    var servers: [ServerID] = []
    var suffixes: [String] = []

    var isEmpty: Bool { users.isEmpty && servers.isEmpty && suffixes.isEmpty }

    func contains(_ principal: Principal, in directory: PrincipalDirectory) -> Bool {
        // Deny lists are mostly empty.
        guard !isEmpty else { return false }
        switch principal {
        case .user(let user):
            return users.sortedContains(user) || matchesSuffix(directory.userNames[user.index])
        case .server(let server):
            return servers.sortedContains(server) || matchesSuffix(directory.serverNames[server.index])
        }
    }

    private func matchesSuffix(_ name: String) -> Bool {
        suffixes.contains { name.hasSuffix($0) }
    }

    /// Expands `targets`, following groups through other groups. Groups form a
    /// graph that may have cycles: each group is expanded once (a visited set and
    /// an explicit work list, never recursion).
    static func expanding(_ targets: [MemberTarget], groups: [[MemberTarget]]) -> PrincipalSet {
        var result = PrincipalSet()
        guard !targets.isEmpty else { return result }
        var visited: Set<GroupID> = []
        var work = targets
        while let target = work.popLast() {
            switch target {
            case .user(let user): result.users.append(user)
            case .server(let server): result.servers.append(server)
            case .suffix(let suffix): result.suffixes.append(suffix)
            case .group(let group):
                if visited.insert(group).inserted { work.append(contentsOf: groups[group.index]) }
            }
        }
        result.users.sortUnique()
        result.servers.sortUnique()
        return result
    }
}

extension Array where Element: Comparable {
    /// Sorts the array and keeps each element once.
    mutating func sortUnique() {
        sort()
        var kept = 0
        for index in indices where kept == 0 || self[kept - 1] != self[index] {
            self[kept] = self[index]
            kept += 1
        }
        removeLast(count - kept)
    }

    /// True when the array, sorted, holds `element`.
    func sortedContains(_ element: Element) -> Bool {
        var low = 0, high = count
        while low < high {
            let middle = (low + high) / 2
            if self[middle] < element { low = middle + 1 } else { high = middle }
        }
        return low < count && self[low] == element
    }
}

/// A server's access list, resolved: who may access the server. An empty allow
/// list admits everyone; deny always wins over allow.
public struct AccessDecision: Sendable {
    /// nil: everyone is allowed (before deny).
    let allow: PrincipalSet?
    let deny: PrincipalSet

    /// True when the access list admits `principal`.
    func admits(_ principal: Principal, in directory: PrincipalDirectory) -> Bool {
        if deny.contains(principal, in: directory) { return false }
        guard let allow else { return true }
        return allow.contains(principal, in: directory)
    }

    /// True when neither list names anybody: everyone passes.
    public var admitsEveryone: Bool { allow == nil && deny.isEmpty }
}

/// What one distinct access list admits, computed once for every server that
/// shares it (usually through `defaults`).
struct AccessOutcome: Sendable {
    let decision: AccessDecision
    /// Users who pass, in definition order.
    let users: [UserID]
    /// True when at least one server passes.
    let admitsAServer: Bool
}
