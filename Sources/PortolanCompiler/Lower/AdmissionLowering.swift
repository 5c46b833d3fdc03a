import PortolanBundle
import PortolanLanguage

/// The parts of a server's bundle that `HostAdmission` decides on, lowered
/// once for the bundle and for the checker: what `check` asks about an edge
/// is what `serve` will be asked on the wire.
extension Model {
    /// The admission model of `server`, as its bundle carries it; without
    /// `users` nobody can log in to it (enough for relaying, and much cheaper
    /// for a hub of many users).
    func admission(of server: ServerID, users: Bool = true) -> HostAdmission {
        // The host lists of a model to decide on need no order: a bundle's do.
        admission(of: server, users: users ? userSpecs(of: server) : [], relay: relayPolicy(of: server, sorted: false),
                  localDomains: topology.internetDomains.map { $0.value.lowercased() })
    }

    private func admission(of server: ServerID, users: [UserSpec], relay: RelayPolicy, localDomains: [String]) -> HostAdmission {
        let definition = self[server]
        let inbound = definition.smtp.inbound
        return HostAdmission(
            internetSites: definition.internetSites.value, sites: smtpSites(hostedOn: server).map { siteSpec($0, tls: nil) },
            auth: Self.authSpec(inbound.auth), authenticatedUsers: inbound.authenticatedUsers.value, users: users,
            relay: relay, localDomains: localDomains)
    }

    /// The users who can log in to this host: none unless its SMTP listener
    /// runs and offers name and password on an enabled port. A host that
    /// never offers AUTH carries no password hashes, and its bundle does not
    /// change when a user is added or changes a password.
    func userSpecs(of id: ServerID) -> [UserSpec] {
        guard self[id].smtp.listener.value, namePasswordOption(of: id) != nil else { return [] }
        return authenticatingUsers(of: id).compactMap { userID -> UserSpec? in
            let user = self[userID]
            guard let password = user.password else { return nil }
            let logins = [user.name.value, user.hierarchicalName.value] + (user.internetAddress.map { [$0.value] } ?? [])
            return UserSpec(
                name: user.name.value, hierarchicalName: user.hierarchicalName.value,
                logins: Array(Set(logins)).sorted(), passwordHash: password.value.encoded)
        }.sorted { $0.name < $1.name }
    }

    /// The name `user` logs in with when a server authenticates as it: its
    /// Internet address, else its key.
    func loginName(of user: UserID) -> String {
        let definition = self[user]
        return definition.internetAddress?.value ?? definition.name.value
    }

    /// An SMTP site as the bundle carries it.
    func siteSpec(_ id: SiteID, tls: TLSFiles?) -> SiteSpec {
        let site = self[id]
        return SiteSpec(
            name: site.name.value, hosts: site.hosts.map { HostAdmission.hostKey($0.value) },
            security: PortAuthSpec(tcp: Self.optionsSpec(site.security.tcp), ssl: Self.optionsSpec(site.security.ssl)),
            tls: tls)
    }

    /// The relay controls, with the servers of `allow_hosts` (by name or by
    /// host name) written as their host names and addresses, and the internal
    /// hosts: the host names and addresses of the servers that send this one
    /// non-local mail.
    func relayPolicy(of server: ServerID, sorted: Bool = true) -> RelayPolicy {
        let controls = self[server].smtp.inbound.relay
        var hosts: [String] = []
        for sender in relaySenders(to: server) { hosts += names(of: sender) }
        var allowed: [String] = []
        for entry in controls.allowHosts {
            if let named = self.server(named: entry.value) ?? self.server(forHost: entry.value) {
                allowed += names(of: named)
            } else if entry.value.contains(".") || entry.value.contains(":") {
                allowed.append(HostAdmission.hostKey(entry.value))
            }
        }
        return RelayPolicy(
            enforce: RelayPolicy.Enforcement(rawValue: controls.enforce.value.rawValue) ?? .external,
            authenticated: RelayPolicy.Authenticated(rawValue: controls.authenticated.value.rawValue) ?? .allow,
            allowHosts: sorted ? Array(Set(allowed)).sorted() : allowed,
            internalHosts: sorted ? Array(Set(hosts)).sorted() : hosts)
    }

    /// A server's host name and addresses, lowercased.
    func names(of server: ServerID) -> [String] {
        let definition = self[server]
        return (definition.host.map { [HostName.key($0.value)] } ?? []) + definition.addresses.map { $0.value.lowercased() }
    }

    static func optionsSpec(_ options: AuthOptions) -> AuthOptionsSpec {
        AuthOptionsSpec(
            clientCertificate: options.clientCertificate.value, namePassword: options.namePassword.value,
            anonymous: options.anonymous.value)
    }

    /// The server's own port authentication, or Domino's default: anonymous only.
    static func authSpec(_ auth: PortAuthOptions?) -> PortAuthSpec {
        guard let auth else {
            let anonymous = AuthOptionsSpec(clientCertificate: false, namePassword: false, anonymous: true)
            return PortAuthSpec(tcp: anonymous, ssl: anonymous)
        }
        return PortAuthSpec(tcp: optionsSpec(auth.tcp), ssl: optionsSpec(auth.ssl))
    }
}
