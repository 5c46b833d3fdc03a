import PortolanLanguage

/// What one name in an access list or a group stands for.
enum MemberTarget: Hashable, Sendable {
    case user(UserID)
    case server(ServerID)
    case group(GroupID)
    /// `*/Org`: every user and server whose hierarchical name ends in the suffix
    /// (lower-cased, with its leading slash: `/acme`).
    case suffix(String)
}

/// Resolves the names that access lists and groups use, as Domino compares them:
/// case-insensitively. A name may stand for several things at once (a user and a
/// server both called `hub`): it then matches all of them.
struct PrincipalDirectory: Sendable {
    private let byName: [String: [MemberTarget]]
    /// Every `/A/B` tail of every hierarchical name (`alice/Sales/Acme` gives
    /// `/sales/acme` and `/acme`), lower-cased, with the spelling first seen: the
    /// wildcards that match somebody.
    private let knownSuffixes: [String: String]
    /// Lower-cased hierarchical names of users and servers, for wildcard matching.
    let userNames: [String]
    let serverNames: [String]
    /// Every name a member can use, in definition order, for "did you mean".
    let candidates: [String]

    init(_ topology: Topology, tables: NameTables) {
        let organization = topology.organizationName
        let userSpellings = topology.users.map(\.hierarchicalName.value)
        let serverSpellings = topology.servers.map { $0.name.value + "/" + organization }
        userNames = userSpellings.map { $0.lowercased() }
        serverNames = serverSpellings.map { $0.lowercased() }
        var byName: [String: [MemberTarget]] = [:]
        byName.reserveCapacity(2 * topology.users.count + topology.groups.count + 2 * topology.servers.count)
        var candidates: [String] = []
        /// Adds `target` under each name (spelling, lower-cased key).
        func add(_ target: MemberTarget, _ names: [(spelling: String, key: String)]) {
            for (position, name) in names.enumerated() where !names[..<position].contains(where: { $0.key == name.key }) {
                if byName[name.key]?.contains(target) != true { byName[name.key, default: []].append(target) }
            }
            candidates.append(contentsOf: names.map(\.spelling))
        }
        for (index, user) in topology.users.enumerated() where tables.users[user.name.value] == UserID(index) {
            add(.user(UserID(index)), [(user.name.value, user.name.value.lowercased()), (userSpellings[index], userNames[index])])
        }
        for (index, group) in topology.groups.enumerated() where tables.groups[group.name.value] == GroupID(index) {
            add(.group(GroupID(index)), [(group.name.value, group.name.value.lowercased())])
        }
        for (index, server) in topology.servers.enumerated() where tables.servers[server.name.value] == ServerID(index) {
            add(.server(ServerID(index)), [(server.name.value, server.name.value.lowercased()), (serverSpellings[index], serverNames[index])])
        }
        var knownSuffixes: [String: String] = [:]
        // Most names of an estate end alike (`/Acme`): a tail equal to the one
        // before it is already known.
        var previous: Substring = ""
        for name in userSpellings + serverSpellings {
            for suffix in Self.suffixes(of: name) where suffix != previous {
                previous = suffix
                let key = suffix.lowercased()
                if knownSuffixes[key] == nil { knownSuffixes[key] = String(suffix) }
            }
        }
        self.byName = byName
        self.candidates = candidates
        self.knownSuffixes = knownSuffixes
    }

    /// Every tail of `name` that starts at a slash, longest first.
    private static func suffixes(of name: String) -> [Substring] {
        name.utf8.indices.filter { name.utf8[$0] == UInt8(ascii: "/") }.map { name[$0...] }
    }

    /// What `name` stands for; empty when it names nothing (PT202).
    func targets(of name: String) -> [MemberTarget] {
        let lowered = name.lowercased()
        if lowered.hasPrefix("*/") {
            let suffix = String(lowered.dropFirst())
            return knownSuffixes[suffix] != nil ? [.suffix(suffix)] : []
        }
        return byName[lowered] ?? []
    }

    /// The organizations (and organizational units) that some name ends in, as
    /// `*/Org` wildcards, for "did you mean".
    var wildcardCandidates: [String] {
        knownSuffixes.values.sorted().map { "*" + $0 }
    }
}
