import PortolanLanguage

/// Every object of a topology by its name, and servers and external hosts by
/// their host names. When a name is defined twice (PT201, reported by the
/// decoder) the first definition wins.
struct NameTables: Sendable {
    var servers: [String: ServerID] = [:]
    var sites: [String: SiteID] = [:]
    var users: [String: UserID] = [:]
    var groups: [String: GroupID] = [:]
    var externals: [String: ExternalID] = [:]
    /// Normalised host name → first server that claims it.
    var serverHosts: [String: ServerID] = [:]
    /// Normalised host name → first external host that claims it.
    var externalHosts: [String: ExternalID] = [:]
    /// Each server whose host name an earlier server already claims, with that
    /// earlier server, in definition order (PT203).
    var sharedServerHosts: [(server: ServerID, earlier: ServerID)] = []

    init(_ topology: Topology) {
        servers.reserveCapacity(topology.servers.count)
        serverHosts.reserveCapacity(topology.servers.count)
        for index in topology.servers.indices {
            let id = ServerID(index)
            let server = topology.servers[index]
            servers.insertIfAbsent(server.name.value, id)
            if let host = server.host, let earlier = serverHosts.insertIfAbsent(HostName.key(host.value), id) {
                sharedServerHosts.append((id, earlier))
            }
        }
        sites.reserveCapacity(topology.sites.count)
        for index in topology.sites.indices {
            sites.insertIfAbsent(topology.sites[index].name.value, SiteID(index))
        }
        users.reserveCapacity(topology.users.count)
        for index in topology.users.indices {
            users.insertIfAbsent(topology.users[index].name.value, UserID(index))
        }
        groups.reserveCapacity(topology.groups.count)
        for index in topology.groups.indices {
            groups.insertIfAbsent(topology.groups[index].name.value, GroupID(index))
        }
        for index in topology.externals.indices {
            let id = ExternalID(index)
            let external = topology.externals[index]
            externals.insertIfAbsent(external.name.value, id)
            if let host = external.host { externalHosts.insertIfAbsent(HostName.key(host.value), id) }
        }
    }

    /// A relay or route target: a server name, an external host name, then a
    /// server's or an external host's host name.
    func peer(named name: String) -> PeerID? {
        if let server = servers[name] { return .server(server) }
        if let external = externals[name] { return .external(external) }
        let key = HostName.key(name)
        if let server = serverHosts[key] { return .server(server) }
        if let external = externalHosts[key] { return .external(external) }
        return nil
    }
}

extension Dictionary {
    /// Stores `value` under `key` unless the key already has a value: the first
    /// claim wins. Returns the value that was already there, nil when `value`
    /// was stored. The key is looked up once either way.
    @discardableResult
    mutating func insertIfAbsent(_ key: Key, _ value: @autoclosure () -> Value) -> Value? {
        func settle(_ slot: inout Value?) -> Value? {
            if let existing = slot { return existing }
            slot = value()
            return nil
        }
        return settle(&self[key])
    }
}
