import PortolanBundle

/// Chooses the Internet Site that serves a connection and derives its policy
/// (LANGUAGE.md, "Site selection at run time").
///
/// Order: a site whose hosts contain the SNI name; else one whose hosts
/// contain a local address of the connection (the address reached, and the
/// address the bundle gave the listener, which differ when `--address`
/// overrides it); else a site with no hosts. Within each step the first site
/// in bundle order wins.
public struct SiteSelection: Sendable {
    public let bundle: HostBundle
    let decoyHash: String
    let users: [String: UserSpec]
    /// Worked out once: every connection's policy holds them.
    let localDomains: Set<String>

    public init(bundle: HostBundle) {
        self.bundle = bundle
        var users: [String: UserSpec] = [:]
        for user in bundle.users {
            for login in user.logins + [user.name, user.hierarchicalName] where users[login.lowercased()] == nil {
                users[login.lowercased()] = user
            }
        }
        self.users = users
        localDomains = Set(bundle.localDomains.map { $0.lowercased() })
        let rounds = bundle.users.compactMap { PasswordHashing.parse($0.passwordHash)?.rounds }.max() ?? 1
        self.decoyHash = PasswordHashing.hash(password: "decoy", rounds: rounds, salt: Array("portolan-decoy-salt".utf8))
    }

    /// The site for a connection, or nil when none matches.
    public func site(sni: String?, localAddresses: [String]) -> SiteSpec? {
        let sites = bundle.sites
        if let sni = sni?.lowercased(), let site = sites.first(where: { $0.hosts.contains(sni) }) { return site }
        let addresses = localAddresses.map { $0.lowercased() }
        if let site = sites.first(where: { site in site.hosts.contains { addresses.contains($0) } }) { return site }
        return sites.first { $0.hosts.isEmpty }
    }

    /// The policy of a connection on `listener`.
    public func policy(listener: ListenerSpec, sni: String?, localAddresses: [String]) -> SessionPolicy {
        let implicitTLS = listener.security == .implicitTLS
        let siteName: String?
        let options: AuthOptionsSpec?
        if bundle.internetSites {
            let site = site(sni: sni, localAddresses: localAddresses)
            siteName = site?.name
            options = site.map { implicitTLS ? $0.security.ssl : $0.security.tcp }
        } else {
            siteName = nil
            options = implicitTLS ? bundle.auth.ssl : bundle.auth.tcp
        }
        return SessionPolicy(
            serverHost: bundle.server.host, siteName: siteName, enabled: options?.allowsAnything ?? false,
            anonymous: options?.anonymous ?? false,
            namePassword: (options?.namePassword ?? false) && bundle.authenticatedUsers,
            startTLS: implicitTLS ? .disabled : SessionPolicy.StartTLS(rawValue: listener.starttls) ?? .disabled,
            enforceAccess: bundle.access.enforce, localDomains: localDomains,
            limits: bundle.limits, users: users, decoyHash: decoyHash)
    }
}
