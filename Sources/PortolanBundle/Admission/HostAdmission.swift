/// What a host accepts, decided once for the checker and the listener alike
/// (DESIGN.md, "One decision, two callers"): which site serves a connection,
/// whether its client may send anonymously or authenticate, and whether a
/// recipient is local, relayed or refused. Pure functions over the host's
/// bundle and the client's facts; `portolan check` asks them for every SMTP
/// edge with the sender's facts, `portolan serve` for every session.
public struct HostAdmission: Sendable, Hashable {
    public let internetSites: Bool
    /// SMTP sites hosted on the server, in topology order.
    public let sites: [SiteSpec]
    /// The server's own port authentication, when `internetSites` is false.
    public let auth: PortAuthSpec
    public let authenticatedUsers: Bool
    public let relay: RelayPolicy
    /// Local Internet domains, lowercased.
    public let localDomains: Set<String>
    let allowHosts: HostList
    let internalHosts: HostList
    /// Login name (lowercased) to user.
    let logins: [String: UserSpec]
    /// Local Internet address (lowercased) to its mailbox.
    let mailboxes: [String: MailboxSpec]

    public init(
        internetSites: Bool, sites: [SiteSpec], auth: PortAuthSpec, authenticatedUsers: Bool, users: [UserSpec],
        relay: RelayPolicy, localDomains: [String], mailboxes: [MailboxSpec] = []
    ) {
        self.internetSites = internetSites
        self.sites = sites
        self.auth = auth
        self.authenticatedUsers = authenticatedUsers
        self.relay = relay
        self.localDomains = Set(localDomains.map { $0.lowercased() })
        allowHosts = HostList(relay.allowHosts)
        internalHosts = HostList(relay.internalHosts)
        var logins: [String: UserSpec] = [:]
        for user in users {
            for login in user.logins + [user.name, user.hierarchicalName] where logins[login.lowercased()] == nil {
                logins[login.lowercased()] = user
            }
        }
        self.logins = logins
        var boxes: [String: MailboxSpec] = [:]
        for mailbox in mailboxes where boxes[mailbox.address.lowercased()] == nil { boxes[mailbox.address.lowercased()] = mailbox }
        self.mailboxes = boxes
    }

    public init(bundle: HostBundle) {
        self.init(
            internetSites: bundle.internetSites, sites: bundle.sites, auth: bundle.auth,
            authenticatedUsers: bundle.authenticatedUsers, users: bundle.users, relay: bundle.relay,
            localDomains: bundle.localDomains, mailboxes: bundle.mailboxes)
    }

    // MARK: Sites

    /// The SMTP site that serves a connection (LANGUAGE.md, "Site selection at
    /// run time"). `reached` names where the connection arrived, most telling
    /// first: the listener gives the local address and the address the bundle
    /// gave the listener; the checker gives the peer's host name and addresses.
    ///
    /// SNI never widens what an address allows: when a site lists something
    /// reached, only such sites are candidates and SNI chooses among them;
    /// only when none does, SNI chooses among all sites, then a site with no
    /// `hosts` serves.
    public func site(reached: [String], sni: String?) -> SiteSpec? { Self.site(among: sites, reached: reached, sni: sni) }

    /// `site(reached:sni:)` over `sites`.
    public static func site(among sites: [SiteSpec], reached: [String], sni: String?) -> SiteSpec? {
        let sni = sni.map(hostKey)
        var candidates: [SiteSpec] = []
        for name in reached.map(hostKey) {
            for site in sites where site.hosts.contains(name) && !candidates.contains(site) {
                candidates.append(site)
            }
        }
        if !candidates.isEmpty {
            if let sni, let named = candidates.first(where: { $0.hosts.contains(sni) }) { return named }
            return candidates[0]
        }
        if let sni, let named = sites.first(where: { $0.hosts.contains(sni) }) { return named }
        return sites.first { $0.hosts.isEmpty }
    }

    /// What a session on a listener of `security` may do, served by `site`
    /// (meaningful when `internetSites` is true).
    public func terms(security: ListenerSpec.Security, site: SiteSpec?) -> SessionTerms {
        Self.terms(
            internetSites: internetSites, auth: auth, authenticatedUsers: authenticatedUsers, security: security, site: site)
    }

    /// `terms(security:site:)` for a host with these settings.
    public static func terms(
        internetSites: Bool, auth: PortAuthSpec, authenticatedUsers: Bool, security: ListenerSpec.Security,
        site: SiteSpec?
    ) -> SessionTerms {
        let implicitTLS = security == .implicitTLS
        let options: AuthOptionsSpec?
        if internetSites {
            options = site.map { implicitTLS ? $0.security.ssl : $0.security.tcp }
        } else {
            options = implicitTLS ? auth.ssl : auth.tcp
        }
        // `enforce_server_access` does not refuse anonymous sessions: in Domino
        // anonymous Internet access is the port's (or site's) option alone.
        return SessionTerms(
            site: internetSites ? site?.name : nil, enabled: options?.allowsAnything ?? false,
            anonymous: options?.anonymous ?? false,
            namePassword: (options?.namePassword ?? false) && authenticatedUsers)
    }

    /// `terms(security:site:)` for the site chosen by `site(reached:sni:)`.
    public func terms(security: ListenerSpec.Security, reached: [String], sni: String?) -> SessionTerms {
        terms(security: security, site: internetSites ? site(reached: reached, sni: sni) : nil)
    }

    // MARK: Authentication

    /// The user who logs in as `login`, if the host lets that user
    /// authenticate at all: a user who fails an enforced access list, or has
    /// no password, is not in the bundle and cannot.
    public func user(login: String) -> UserSpec? { logins[login.lowercased()] }

    // MARK: Recipients and relaying

    /// True when `domain` (lowercased, no final dot) is a local Internet domain;
    /// nil (`postmaster`) is local.
    public func isLocal(domain: String?) -> Bool {
        guard let domain else { return true }
        return localDomains.contains(domain.lowercased())
    }

    /// Whether a recipient in `domain` is accepted from `client`.
    public func recipient(domain: String?, client: ClientIdentity, authenticated: Bool) -> RecipientVerdict {
        if isLocal(domain: domain) { return .local }
        switch relaying(client: client, authenticated: authenticated) {
        case .allowed(let grant): return .relayed(grant)
        case .denied: return .relayDenied
        case .needsReverseName: return .needsReverseName
        }
    }

    /// Whether a recipient `address` (`local@domain`, or a bare `postmaster`)
    /// is accepted from `client`: as `recipient(domain:client:authenticated:)`
    /// says, and an address of a local domain must also be a user's or
    /// postmaster's (`550 5.1.1` otherwise).
    public func recipient(address: String, client: ClientIdentity, authenticated: Bool) -> RecipientVerdict {
        let verdict = recipient(domain: Self.domain(of: address), client: client, authenticated: authenticated)
        if verdict == .local && localDelivery(of: address) == nil { return .unknownUser }
        return verdict
    }

    /// Where mail for a local `address` goes: a user's mailbox here, or the
    /// user's mail server; `postmaster` (bare, or at a local domain) always
    /// has a mailbox, the user's whose address it is, else `postmaster`'s.
    /// Nil: no such user, or not a local address.
    public func localDelivery(of address: String) -> LocalDelivery? {
        let key = address.lowercased()
        guard isLocal(domain: Self.domain(of: key)) else { return nil }
        if let mailbox = mailboxes[key] {
            return mailbox.mailServer.map { .mailServer(user: mailbox.user, $0) } ?? .mailbox(user: mailbox.user)
        }
        let local = key.split(separator: "@", maxSplits: 1).first.map(String.init) ?? key
        return local == "postmaster" ? .mailbox(user: "postmaster") : nil
    }

    /// The domain of `local@domain`, lowercased and without a final dot;
    /// nil for an address without one (`postmaster`).
    public static func domain(of address: String) -> String? {
        guard let at = address.lastIndex(of: "@") else { return nil }
        return hostKey(String(address[address.index(after: at)...]))
    }

    /// Whether `client` may relay (LANGUAGE.md, "Relaying"): exempt from
    /// enforcement, in `allow_hosts`, or authenticated where that is allowed.
    /// The reverse name is asked for only when nothing else decides.
    public func relaying(client: ClientIdentity, authenticated: Bool) -> RelayDecision {
        if relay.enforce == .none { return .allowed(.notEnforced) }
        if authenticated && relay.authenticated == .allow { return .allowed(.authenticated) }
        let address = client.address.flatMap(HostPattern.addressBytes)
        let name = client.reverseName.name
        if relay.enforce == .external {
            if internalHosts.contains(address: address, name: name) { return .allowed(.internalHost) }
            if let name, isInLocalDomain(name) { return .allowed(.internalName) }
        }
        if allowHosts.contains(address: address, name: name) { return .allowed(.allowedHost) }
        if case .notLookedUp = client.reverseName, reverseNameCouldDecide { return .needsReverseName }
        return .denied
    }

    /// True when a client's reverse name could still let it relay.
    public var reverseNameCouldDecide: Bool {
        relay.enforce == .external && (!localDomains.isEmpty || !internalHosts.namesNothing) || !allowHosts.namesNothing
    }

    func isInLocalDomain(_ name: String) -> Bool {
        let name = Self.hostKey(name)
        return localDomains.contains { name == $0 || name.hasSuffix("." + $0) }
    }

    /// A host name or address as sites list them: lowercased, without a final dot.
    public static func hostKey(_ text: String) -> String {
        if let key = CaseFolding.asciiLowercased(text, droppingTrailingDot: true) { return key }
        var key = text.lowercased()
        if key.hasSuffix("."), key.count > 1 { key.removeLast() }
        return key
    }
}

/// What a session may do, as `HostAdmission.terms` decides it.
public struct SessionTerms: Sendable, Hashable {
    /// The Internet Site serving the session; nil when the server's own
    /// settings do, or no site matched.
    public var site: String?
    /// False: "This site is not enabled on the server."; every command is refused.
    public var enabled: Bool
    /// Mail may be sent without AUTH (subject to relaying).
    public var anonymous: Bool
    /// AUTH PLAIN and LOGIN are offered (over TLS only).
    public var namePassword: Bool

    public init(site: String?, enabled: Bool, anonymous: Bool, namePassword: Bool) {
        self.site = site
        self.enabled = enabled
        self.anonymous = anonymous
        self.namePassword = namePassword
    }
}

/// Who the client is, as far as relaying cares.
public struct ClientIdentity: Sendable, Hashable {
    public enum ReverseName: Sendable, Hashable {
        /// Not looked up yet.
        case notLookedUp
        /// Looked up: the address has no name (or the lookup did not answer in time).
        case none
        case name(String)

        public var name: String? {
            if case .name(let name) = self { return name }
            return nil
        }
    }

    /// The client's address; nil when not known.
    public var address: String?
    public var reverseName: ReverseName

    public init(address: String?, reverseName: ReverseName) {
        self.address = address
        self.reverseName = reverseName
    }
}

/// Why a client may relay.
public enum RelayGrant: String, Sendable, Hashable {
    /// `enforce: none`.
    case notEnforced = "not enforced"
    /// An address or host name of a server that relays through this host.
    case internalHost = "internal host"
    /// A reverse name in a local Internet domain.
    case internalName = "internal host by name"
    /// In `allow_hosts`.
    case allowedHost = "allowed host"
    /// Authenticated, with `authenticated: allow`.
    case authenticated
}

public enum RelayDecision: Sendable, Hashable {
    case allowed(RelayGrant)
    case denied
    /// Only the client's reverse name can still decide: look it up and ask again.
    case needsReverseName
}

public enum RecipientVerdict: Sendable, Hashable {
    /// In a local Internet domain.
    case local
    /// In a local Internet domain, but no user's address: `550 5.1.1`.
    case unknownUser
    case relayed(RelayGrant)
    /// `554 5.7.1 Relay access denied`.
    case relayDenied
    /// Look up the client's reverse name and ask again.
    case needsReverseName
}

/// Where mail for a local address goes (LANGUAGE.md, "Delivery at run time").
public enum LocalDelivery: Sendable, Hashable {
    /// Into `SPOOL/mailboxes/<user>/` on this host.
    case mailbox(user: String)
    /// Over SMTP to the user's mail server.
    case mailServer(user: String, PeerSpec)
}
