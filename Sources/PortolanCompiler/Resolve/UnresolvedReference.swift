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
    }

    let context: Context
    let name: Located<String>
}
