import PortolanBundle
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
    /// The first thing each lower-cased name stands for; the others, for the
    /// few names that stand for several, are in `moreByName`.
    private let byName: [String: MemberTarget]
    private let moreByName: [String: [MemberTarget]]
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
        let users = topology.users, groups = topology.groups, servers = topology.servers
        let userSpellings = users.map(\.hierarchicalName.value)
        let serverSpellings = servers.map { Self.hierarchicalName($0.name.value, in: organization) }
        userNames = userSpellings.map(CaseFolding.lowercased)
        serverNames = serverSpellings.map(CaseFolding.lowercased)
        let nameCount = 2 * users.count + groups.count + 2 * servers.count
        var byName: [String: MemberTarget] = [:]
        byName.reserveCapacity(nameCount)
        var moreByName: [String: [MemberTarget]] = [:]
        var candidates: [String] = []
        candidates.reserveCapacity(nameCount)
        /// Adds `target` under `key`, the lower-cased `spelling`, unless it is there.
        func add(_ target: MemberTarget, _ spelling: String, key: String) {
            candidates.append(spelling)
            guard let first = byName.insertIfAbsent(key, target), first != target else { return }
            if moreByName[key]?.contains(target) != true { moreByName[key, default: []].append(target) }
        }
        /// Adds the first definition of each of `names` (the one `table` holds)
        /// under its name and, when given, its hierarchical name.
        func addFirstDefinitions<ID: Equatable>(
            _ names: [Name], table: [String: ID], id: (Int) -> ID, target: (ID) -> MemberTarget,
            hierarchical: (spellings: [String], keys: [String])? = nil
        ) {
            // With no name defined twice, every definition is the first of its name.
            let unique = table.count == names.count
            for index in names.indices {
                let name = names[index].value
                guard unique || table[name] == id(index) else { continue }
                add(target(id(index)), name, key: CaseFolding.lowercased(name))
                if let hierarchical { add(target(id(index)), hierarchical.spellings[index], key: hierarchical.keys[index]) }
            }
        }
        addFirstDefinitions(users.map(\.name), table: tables.users, id: UserID.init, target: MemberTarget.user,
                            hierarchical: (userSpellings, userNames))
        addFirstDefinitions(groups.map(\.name), table: tables.groups, id: GroupID.init, target: MemberTarget.group)
        addFirstDefinitions(servers.map(\.name), table: tables.servers, id: ServerID.init, target: MemberTarget.server,
                            hierarchical: (serverSpellings, serverNames))
        var knownSuffixes: [String: String] = [:]
        // Every server's hierarchical name ends in `/Organization`, spelled alike:
        // only a server whose own name has a slash has more tails.
        let serversWithTails = servers.indices.filter { index in
            var name = servers[index].name.value  // `withUTF8` lends the bytes of a variable
            return name.withUTF8 { $0.contains(UInt8(ascii: "/")) }
        }
        // Most names of an estate end alike (`/Acme`): a tail equal to the one
        // before it is already known.
        var previous: Substring = ""
        for name in [userSpellings, serversWithTails.map { serverSpellings[$0] }].joined() {
            var bytes = name  // `withUTF8` lends the bytes of a variable
            bytes.withUTF8 { utf8 in
                for offset in utf8.indices where utf8[offset] == UInt8(ascii: "/") {
                    let suffix = name[name.utf8.index(name.utf8.startIndex, offsetBy: offset)...]
                    guard suffix != previous else { continue }
                    previous = suffix
                    knownSuffixes.insertIfAbsent(CaseFolding.lowercased(String(suffix)), String(suffix))
                }
            }
        }
        if !servers.isEmpty {
            let organizationTail = "/" + organization
            knownSuffixes.insertIfAbsent(CaseFolding.lowercased(organizationTail), organizationTail)
        }
        self.byName = byName
        self.moreByName = moreByName
        self.candidates = candidates
        self.knownSuffixes = knownSuffixes
    }

    /// `name/Organization`, the hierarchical name of a server, made in one piece.
    private static func hierarchicalName(_ name: String, in organization: String) -> String {
        String(unsafeUninitializedCapacity: name.utf8.count + 1 + organization.utf8.count) { buffer in
            var end = buffer.initialize(fromContentsOf: name.utf8)
            buffer[end] = UInt8(ascii: "/")
            end += 1
            let rest = UnsafeMutableBufferPointer(rebasing: buffer[end...])
            return end + rest.initialize(fromContentsOf: organization.utf8)
        }
    }

    /// Appends what `name` stands for to `targets`; false when it names nothing (PT202).
    func appendTargets(of name: String, to targets: inout [MemberTarget]) -> Bool {
        let lowered = CaseFolding.lowercased(name)
        if lowered.hasPrefix("*/") {
            let suffix = String(lowered.dropFirst())
            guard knownSuffixes[suffix] != nil else { return false }
            targets.append(.suffix(suffix))
            return true
        }
        guard let first = byName[lowered] else { return false }
        targets.append(first)
        if !moreByName.isEmpty, let more = moreByName[lowered] { targets += more }
        return true
    }

    /// The organizations (and organizational units) that some name ends in, as
    /// `*/Org` wildcards, for "did you mean".
    var wildcardCandidates: [String] {
        knownSuffixes.values.sorted().map { "*" + $0 }
    }
}
