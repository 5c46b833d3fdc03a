import PortolanLanguage

/// A set of principals given by names: explicit users and servers plus `*/Org`
/// wildcards, with groups already expanded.
struct PrincipalSet: Sendable {
    var users: Set<UserID> = []
    var servers: Set<ServerID> = []
    var suffixes: Set<String> = []

    var isEmpty: Bool { users.isEmpty && servers.isEmpty && suffixes.isEmpty }

    func contains(_ principal: Principal, in directory: PrincipalDirectory) -> Bool {
        switch principal {
        case .user(let user):
            return users.contains(user) || matchesSuffix(directory.userNames[user.index])
        case .server(let server):
            return servers.contains(server) || matchesSuffix(directory.serverNames[server.index])
        }
    }

    private func matchesSuffix(_ name: String) -> Bool {
        suffixes.contains { name.hasSuffix($0) }
    }

    /// Expands `targets`, following groups through other groups. Groups form a
    /// graph that may have cycles: each group is expanded once (a visited set and
    /// an explicit work list, never recursion).
    static func expanding(_ targets: [MemberTarget], groups: [[MemberTarget]]) -> PrincipalSet {
        // Gathered in arrays first, so that each set is sized once.
        var users: [UserID] = [], servers: [ServerID] = [], suffixes: [String] = []
        var visited: Set<GroupID> = []
        var work = targets
        while let target = work.popLast() {
            switch target {
            case .user(let user): users.append(user)
            case .server(let server): servers.append(server)
            case .suffix(let suffix): suffixes.append(suffix)
            case .group(let group):
                if visited.insert(group).inserted { work.append(contentsOf: groups[group.index]) }
            }
        }
        return PrincipalSet(users: Set(users), servers: Set(servers), suffixes: Set(suffixes))
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
        return allow?.contains(principal, in: directory) ?? true
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
