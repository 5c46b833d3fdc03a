import PortolanScheduling
import PortolanDiagnostics
import PortolanLanguage

/// The topology with every name bound: servers, sites, users, groups and external
/// hosts by name and id, sites per server, resolved access lists and group
/// members, and the SMTP edges. It is what the checks read and what the bundle
/// lowering and the graph output build on. A model is an immutable value; build
/// one with `Model(_:)`.
///
/// Names that refer to nothing are kept aside (they become PT202) and take no
/// part in anything else: an unresolved relay makes no edge.
public struct Model: Sendable {
    public let topology: Topology
    let tables: NameTables
    let directory: PrincipalDirectory
    /// Relay edge first, then one edge per route, per server; self edges included.
    let explicitEdges: [[SMTPEdge]]
    /// The servers hosting each site (`*` expanded), without duplicates.
    let siteServers: [[ServerID]]
    /// The sites each server hosts, in site definition order.
    let hostedSites: [[SiteID]]
    let groupMembers: [[MemberTarget]]
    /// Per server, the index of its access list in `accessOutcomes`.
    let accessIndex: [Int]
    let accessOutcomes: [AccessOutcome]
    let unresolved: [UnresolvedReference]
    /// Users and groups named directly in some access list or group.
    let referencedUsers: Set<UserID>
    let referencedGroups: Set<GroupID>
    /// Servers whose SMTP listener is on, in definition order.
    public let smtpListeners: [ServerID]
    /// Servers with `within_domain: true`, in definition order.
    public let withinDomainSenders: [ServerID]
    /// What each server and external host offers to senders (`offer(of:)`),
    /// worked out once: a hub is the peer of every spoke that relays to it.
    private(set) var serverOffers: [PeerOffer]
    private(set) var externalOffers: [PeerOffer]
    /// Per server, the servers that send it mail for non-local domains (its
    /// relay and route in-edges), in definition order: its internal hosts.
    let relaySenders: [[ServerID]]
    /// The local Internet domains as hosts compare them (lowercased, no final dot).
    let localDomainKeys: Set<String>

    /// Resolves every name of `topology`; `scheduler` builds the name
    /// directory and the SMTP edges side by side.
    public init(_ topology: Topology, scheduler: any StageScheduler = SerialScheduler()) {
        self = Resolver(topology, scheduler: scheduler).model()
    }

    init(
        topology: Topology, tables: NameTables, directory: PrincipalDirectory, explicitEdges: [[SMTPEdge]],
        siteServers: [[ServerID]], hostedSites: [[SiteID]], groupMembers: [[MemberTarget]], accessIndex: [Int],
        accessOutcomes: [AccessOutcome], unresolved: [UnresolvedReference], referencedUsers: Set<UserID>,
        referencedGroups: Set<GroupID>
    ) {
        self.topology = topology
        self.tables = tables
        self.directory = directory
        self.explicitEdges = explicitEdges
        self.siteServers = siteServers
        self.hostedSites = hostedSites
        self.groupMembers = groupMembers
        self.accessIndex = accessIndex
        self.accessOutcomes = accessOutcomes
        self.unresolved = unresolved
        self.referencedUsers = referencedUsers
        self.referencedGroups = referencedGroups
        smtpListeners = topology.servers.indices.filter { topology.servers[$0].smtp.listener.value }.map(ServerID.init)
        withinDomainSenders = topology.servers.indices
            .filter { topology.servers[$0].smtp.withinDomain.value }.map(ServerID.init)
        serverOffers = []
        externalOffers = []
        localDomainKeys = Set(topology.internetDomains.map { HostName.key($0.value) })
        relaySenders = Self.relaySenders(explicitEdges: explicitEdges, servers: topology.servers.count, localDomains: localDomainKeys)
        serverOffers = topology.servers.indices.map { computeOffer(ofServer: ServerID($0)) }
        externalOffers = topology.externals.indices.map { computeOffer(ofExternal: ExternalID($0)) }
    }
}

// MARK: - Objects by id and by name

extension Model {
    public var serverIDs: [ServerID] { topology.servers.indices.map(ServerID.init) }

    // Read accessors: the rules read a field or two of a definition, so lend
    // the definition in place rather than copy it (and retain every string in it).
    public subscript(server: ServerID) -> Server { _read { yield topology.servers[server.index] } }
    public subscript(site: SiteID) -> Site { _read { yield topology.sites[site.index] } }
    public subscript(user: UserID) -> User { _read { yield topology.users[user.index] } }
    public subscript(group: GroupID) -> Group { _read { yield topology.groups[group.index] } }
    public subscript(external: ExternalID) -> ExternalHost { _read { yield topology.externals[external.index] } }

    public func server(named name: String) -> ServerID? { tables.servers[name] }
    public func site(named name: String) -> SiteID? { tables.sites[name] }
    public func user(named name: String) -> UserID? { tables.users[name] }
    public func group(named name: String) -> GroupID? { tables.groups[name] }
    public func external(named name: String) -> ExternalID? { tables.externals[name] }

    /// The server that claims `host` (case-insensitive, trailing dot ignored).
    public func server(forHost host: String) -> ServerID? { tables.serverHosts[HostName.key(host)] }

    /// A relay or route target by name: a server or external host name, else a host name.
    public func peer(named name: String) -> PeerID? { tables.peer(named: name) }

    /// The name of a peer as the topology spells it.
    public func name(of peer: PeerID) -> String {
        switch peer {
        case .server(let id): return self[id].name.value
        case .external(let id): return self[id].name.value
        }
    }

    /// The servers that host `site` (`*` expanded), in server definition order of the list.
    public func servers(hosting site: SiteID) -> [ServerID] { siteServers[site.index] }

    /// The sites `server` hosts, every protocol, in site definition order.
    public func sites(hostedOn server: ServerID) -> [SiteID] { hostedSites[server.index] }

    /// The SMTP sites `server` hosts, in site definition order.
    public func smtpSites(hostedOn server: ServerID) -> [SiteID] {
        hostedSites[server.index].filter { self[$0].proto.value == .smtp }
    }
}
