import PortolanScheduling
import PortolanBundle
import PortolanLanguage
import PortolanYAML

/// Builds a `Model` from a topology: binds every reference and keeps the ones that
/// name nothing for PT202. One resolver builds one model.
struct Resolver {
    private let topology: Topology
    private let tables: NameTables
    private let directory: PrincipalDirectory
    private let edges: [[SMTPEdge]]
    private let siteServers: [[ServerID]]
    private var unresolved: [UnresolvedReference]
    private var referencedUsers: Set<UserID> = []
    private var referencedGroups: Set<GroupID> = []

    init(_ topology: Topology, scheduler: any StageScheduler) {
        self.topology = topology
        let tables = NameTables(topology)
        self.tables = tables
        // The directory of the names access lists use, and the SMTP edges and
        // site hosts, need only the name tables: one is built on another core.
        let (directory, binder) = scheduler.both({ PrincipalDirectory(topology, tables: tables) }, {
            var binder = PeerBinder(topology: topology, tables: tables)
            binder.bind()
            return binder
        })
        self.directory = directory
        edges = binder.edges
        siteServers = binder.siteServers
        unresolved = binder.unresolved
    }

    consuming func model() -> Model {
        let groupMembers = topology.groups.map { group in
            resolveMembers(group.members) { .groupMember(group: group.name.value) }
        }
        let (accessIndex, outcomes) = resolveAccessLists(groupMembers: groupMembers)
        return Model(
            topology: topology, tables: tables, directory: directory, explicitEdges: edges,
            siteServers: siteServers, hostedSites: Self.invert(siteServers, serverCount: topology.servers.count),
            groupMembers: groupMembers, accessIndex: accessIndex, accessOutcomes: outcomes,
            unresolved: unresolved, referencedUsers: referencedUsers, referencedGroups: referencedGroups)
    }

    private static func invert(_ siteServers: [[ServerID]], serverCount: Int) -> [[SiteID]] {
        var hosted = [[SiteID]](repeating: [], count: serverCount)
        for (index, servers) in siteServers.enumerated() {
            for server in servers { hosted[server.index].append(SiteID(index)) }
        }
        return hosted
    }

    // MARK: Access lists and groups

    private mutating func resolveMembers(
        _ names: [Located<String>], context: () -> UnresolvedReference.Context
    ) -> [MemberTarget] {
        var targets: [MemberTarget] = []
        for name in names {
            let start = targets.count
            guard directory.appendTargets(of: name.value, to: &targets) else {
                unresolved.append(UnresolvedReference(context: context(), name: name))
                continue
            }
            for target in targets[start...] {
                if case .user(let user) = target { referencedUsers.insert(user) }
                if case .group(let group) = target { referencedGroups.insert(group) }
            }
        }
        return targets
    }

    /// Resolves every server's access list; servers with the same lists (by their
    /// names, case-insensitively) share one outcome, so an estate whose servers all
    /// take their list from `defaults` evaluates it once. A list seen before is
    /// resolved again only when it names something undefined, to report the name
    /// for this server too.
    private mutating func resolveAccessLists(groupMembers: [[MemberTarget]]) -> ([Int], [AccessOutcome]) {
        var known: [AccessListKey: (outcome: Int, namesNothing: Bool)] = [:]
        known.reserveCapacity(topology.servers.count)
        var outcomes: [AccessOutcome] = []
        var accessIndex: [Int] = []
        accessIndex.reserveCapacity(topology.servers.count)
        for server in topology.servers {
            let name = server.name.value
            let access = server.access
            let key = AccessListKey(access)
            if let list = known[key] {
                if list.namesNothing {
                    _ = resolveMembers(access.allow) { .access(server: name, list: "allow") }
                    _ = resolveMembers(access.deny) { .access(server: name, list: "deny") }
                }
                accessIndex.append(list.outcome)
                continue
            }
            let unresolvedBefore = unresolved.count
            let allow = resolveMembers(access.allow) { .access(server: name, list: "allow") }
            let deny = resolveMembers(access.deny) { .access(server: name, list: "deny") }
            let decision = AccessDecision(
                allow: access.allow.isEmpty ? nil : PrincipalSet.expanding(allow, groups: groupMembers),
                deny: PrincipalSet.expanding(deny, groups: groupMembers))
            known[key] = (outcomes.count, unresolved.count > unresolvedBefore)
            accessIndex.append(outcomes.count)
            outcomes.append(outcome(of: decision))
        }
        return (accessIndex, outcomes)
    }

    /// Who passes one distinct access list. An allow list without `*/Org`
    /// wildcards admits only the users and servers it names, so only those are
    /// looked at: an estate with a list per server costs the lengths of its
    /// lists, not lists times users and servers.
    private func outcome(of decision: AccessDecision) -> AccessOutcome {
        let users: [UserID]
        let admitsAServer: Bool
        if let allow = decision.allow, allow.suffixes.isEmpty {
            // Everyone such a list names passes it, unless denied.
            let deny = decision.deny
            users = allow.users.filter { !deny.contains(.user($0), in: directory) }
            admitsAServer = allow.servers.contains { !deny.contains(.server($0), in: directory) }
        } else {
            users = topology.users.indices.map(UserID.init).filter { decision.admits(.user($0), in: directory) }
            admitsAServer = topology.servers.indices.contains { decision.admits(.server(ServerID($0)), in: directory) }
        }
        return AccessOutcome(decision: decision, users: users, admitsAServer: admitsAServer)
    }
}

/// An access list by its names, lower-cased: lists with equal keys resolve alike.
private struct AccessListKey: Hashable {
    let allow: [String]
    let deny: [String]

    init(_ list: AccessList) {
        allow = list.allow.map { CaseFolding.lowercased($0.value) }
        deny = list.deny.map { CaseFolding.lowercased($0.value) }
    }
}

/// Binds relay hosts, route targets and site servers by name: the SMTP edges
/// of every server and the servers of every site, and the names that bind to
/// nothing.
private struct PeerBinder: Sendable {
    let topology: Topology
    let tables: NameTables
    /// Relay edge first, then one edge per route, per server.
    private(set) var edges: [[SMTPEdge]] = []
    private(set) var siteServers: [[ServerID]] = []
    private(set) var unresolved: [UnresolvedReference] = []

    init(topology: Topology, tables: NameTables) {
        self.topology = topology
        self.tables = tables
    }

    mutating func bind() {
        edges = topology.servers.indices.map { explicitEdges(of: ServerID($0)) }
        siteServers = topology.sites.map { hostingServers(of: $0) }
        for server in topology.servers { bindRelayNames(of: server) }
        for user in topology.users {
            // An external host as mail server is PT416, not an undefined name.
            if let server = user.mailServer, tables.servers[server.value] == nil, tables.externals[server.value] == nil {
                unresolved.append(UnresolvedReference(context: .mailServer(user: user.name.value), name: server))
            }
        }
    }

    /// The user of `relay_login`, and the bare names of `allow_hosts`.
    private mutating func bindRelayNames(of server: Server) {
        if let login = server.smtp.outbound.relayLogin, tables.users[login.user.value] == nil {
            unresolved.append(UnresolvedReference(context: .relayLogin(server: server.name.value), name: login.user))
        }
        for entry in server.smtp.inbound.relay.allowHosts
        where !entry.value.contains(".") && !entry.value.contains(":") && tables.servers[entry.value] == nil {
            unresolved.append(UnresolvedReference(context: .allowHost(server: server.name.value), name: entry))
        }
    }

    // MARK: SMTP edges

    private mutating func explicitEdges(of id: ServerID) -> [SMTPEdge] {
        let server = topology.servers[id.index]
        var edges: [SMTPEdge] = []
        if let relay = server.smtp.outbound.relay {
            if let peer = tables.peer(named: relay.value) {
                edges.append(SMTPEdge(from: id, to: peer, kind: .relay, span: relay.span))
            } else {
                unresolved.append(UnresolvedReference(context: .relay(server: server.name.value), name: relay))
            }
        }
        for route in server.smtp.outbound.routes {
            if let peer = tables.peer(named: route.to.value) {
                edges.append(SMTPEdge(
                    from: id, to: peer, kind: .route, span: route.to.span, domains: route.domains.map(\.value)))
            } else {
                unresolved.append(UnresolvedReference(context: .route(server: server.name.value), name: route.to))
            }
        }
        return edges
    }

    // MARK: Sites

    private mutating func hostingServers(of site: Site) -> [ServerID] {
        var seen: Set<ServerID> = []
        var result: [ServerID] = []
        if site.hostedEverywhere { return topology.servers.indices.map(ServerID.init) }
        for entry in site.servers {
            guard let id = tables.servers[entry.value] else {
                unresolved.append(UnresolvedReference(context: .siteServer(site: site.name.value), name: entry))
                continue
            }
            if seen.insert(id).inserted { result.append(id) }
        }
        return result
    }
}
