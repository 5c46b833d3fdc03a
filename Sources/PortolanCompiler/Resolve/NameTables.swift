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

    init(_ topology: Topology) {
        for (index, server) in topology.servers.enumerated() {
            let id = ServerID(index)
            if servers[server.name.value] == nil { servers[server.name.value] = id }
            if let host = server.host, serverHosts[HostName.key(host.value)] == nil {
                serverHosts[HostName.key(host.value)] = id
            }
        }
        for (index, site) in topology.sites.enumerated() where sites[site.name.value] == nil {
            sites[site.name.value] = SiteID(index)
        }
        for (index, user) in topology.users.enumerated() where users[user.name.value] == nil {
            users[user.name.value] = UserID(index)
        }
        for (index, group) in topology.groups.enumerated() where groups[group.name.value] == nil {
            groups[group.name.value] = GroupID(index)
        }
        for (index, external) in topology.externals.enumerated() {
            let id = ExternalID(index)
            if externals[external.name.value] == nil { externals[external.name.value] = id }
            if let host = external.host, externalHosts[HostName.key(host.value)] == nil {
                externalHosts[HostName.key(host.value)] = id
            }
        }
    }

    /// A relay or route target: a server name, an external host name, then a
    /// server's or an external host's host name.
    func peer(named name: String) -> PeerID? {
        if let server = servers[name] { return .server(server) }
        if let external = externals[name] { return .external(external) }
        if let server = serverHosts[HostName.key(name)] { return .server(server) }
        if let external = externalHosts[HostName.key(name)] { return .external(external) }
        return nil
    }
}
