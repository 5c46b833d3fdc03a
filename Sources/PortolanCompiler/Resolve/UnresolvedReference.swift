import PortolanLanguage

/// A name that refers to nothing defined (PT202), with where it was used.
struct UnresolvedReference: Sendable {
    enum Context: Sendable {
        /// The relay host of a server.
        case relay(server: String)
        /// The target of one of a server's routes.
        case route(server: String)
        /// A server in a site's `servers`.
        case siteServer(site: String)
        /// An entry of a server's access list (`allow` or `deny`).
        case access(server: String, list: String)
        /// A member of a group.
        case groupMember(group: String)
        /// The user of a server's `relay_login`.
        case relayLogin(server: String)
        /// A user's `mail_server`.
        case mailServer(user: String)
        /// A bare name in a server's `allow_hosts`: it has no dot and is no
        /// address, so it can only be a server of the topology.
        case allowHost(server: String)
    }

    let context: Context
    let name: Located<String>
}
