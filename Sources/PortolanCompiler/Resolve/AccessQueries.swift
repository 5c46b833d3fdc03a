import PortolanLanguage

extension Model {
    /// The resolved access list of `server`.
    public func access(of server: ServerID) -> AccessDecision { accessOutcomes[accessIndex[server.index]].decision }

    /// True when `server`'s access list admits `principal` (whether it is enforced
    /// for SMTP is `smtp.inbound.enforce_server_access`).
    public func admits(_ principal: Principal, to server: ServerID) -> Bool {
        access(of: server).admits(principal, in: directory)
    }

    /// The users `server`'s access list admits, in definition order.
    public func admittedUsers(of server: ServerID) -> [UserID] { accessOutcomes[accessIndex[server.index]].users }

    /// True when some server passes `server`'s access list.
    func admitsAServer(_ server: ServerID) -> Bool { accessOutcomes[accessIndex[server.index]].admitsAServer }

    /// The users who can authenticate to `server` over SMTP with a name and
    /// password: they have a password, the server accepts authenticated users,
    /// and they pass the access list when the server enforces it.
    public func authenticatingUsers(of server: ServerID) -> [UserID] {
        let inbound = self[server].smtp.inbound
        guard inbound.authenticatedUsers.value else { return [] }
        let candidates = inbound.enforceServerAccess.value
            ? admittedUsers(of: server) : topology.users.indices.map(UserID.init)
        return candidates.filter { self[$0].hasPassword }
    }

    /// True when `authenticatingUsers(of:)` is not empty.
    func hasAuthenticatingUsers(_ server: ServerID) -> Bool {
        let inbound = self[server].smtp.inbound
        guard inbound.authenticatedUsers.value else { return false }
        guard inbound.enforceServerAccess.value else { return topology.users.contains { $0.hasPassword } }
        return admittedUsers(of: server).contains { self[$0].hasPassword }
    }
}

extension User {
    /// True when the user has a password. Only the optional's case is read:
    /// the checks ask this of every user, and the hash itself is never copied.
    var hasPassword: Bool {
        if case .none = password { return false }
        return true
    }
}
