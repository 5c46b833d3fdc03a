import PortolanDiagnostics
import PortolanLanguage

/// The two inbound SMTP ports of a server.
public enum InboundPort: String, Sendable, Hashable, CaseIterable {
    case tcp, ssl
}

/// The authentication options in force on one inbound port of a server, and where
/// they come from. When the server loads Internet Sites and no SMTP site serves the
/// connection, every option is false: the listener refuses everyone.
public struct EffectiveAuth: Sendable {
    public enum Source: Sendable, Hashable {
        /// The Security tab of this SMTP site.
        case site(SiteID)
        /// The server's own `smtp.inbound.auth`.
        case server
        /// Domino's defaults (`smtp.inbound.auth` not written): anonymous only.
        case defaults
        /// Internet Sites are on and no SMTP site serves the connection.
        case noSite
    }

    public let source: Source
    /// Spans point at the setting, or at the server's or site's name when defaulted.
    public let options: AuthOptions

    /// True when the listener answers every connection on the port with
    /// "This site is not enabled on the server." (PT301/PT302).
    public var refusesEveryone: Bool { !options.allowsAnything }
}

extension Model {
    /// The SMTP site that serves a connection to `address` (an address or host name
    /// the client reached) on `server`: the first hosted SMTP site whose `hosts`
    /// list it, else the first hosted SMTP site with no `hosts` (it serves every
    /// address). nil when none does. Meaningful when `internet_sites` is true.
    public func servingSite(of server: ServerID, forAddress address: String) -> SiteID? {
        servingSite(of: server, forAny: [address])
    }

    /// The SMTP site that serves the sessions other servers open to `server`: they
    /// reach its `host`, so a site that lists the host wins, then one that lists one
    /// of its addresses (in order), then the first site without `hosts`. When the
    /// server has no explicit `addresses`, the address its host resolves to is
    /// unknown and may be one a site lists, so the first hosted SMTP site is assumed.
    public func peerServingSite(of server: ServerID) -> SiteID? {
        let definition = self[server]
        let names = (definition.host.map { [$0.value] } ?? []) + definition.addresses.map(\.value)
        if let site = servingSite(of: server, forAny: names) { return site }
        return definition.addresses.isEmpty ? smtpSites(hostedOn: server).first : nil
    }

    private func servingSite(of server: ServerID, forAny names: [String]) -> SiteID? {
        let sites = smtpSites(hostedOn: server)
        for name in names.map(HostName.key) {
            if let site = sites.first(where: { self[$0].hosts.contains { HostName.key($0.value) == name } }) {
                return site
            }
        }
        return sites.first { self[$0].hosts.isEmpty }
    }

    /// The authentication in force on `port` of `server` for sessions from other
    /// servers: the serving site's Security tab when the server loads Internet Sites,
    /// else the server's `smtp.inbound.auth`, else Domino's defaults.
    public func inboundAuth(of server: ServerID, port: InboundPort) -> EffectiveAuth {
        let definition = self[server]
        if definition.internetSites.value {
            guard let site = peerServingSite(of: server) else {
                return EffectiveAuth(source: .noSite, options: .none(at: definition.internetSites.span))
            }
            let security = self[site].security
            return EffectiveAuth(source: .site(site), options: port == .tcp ? security.tcp : security.ssl)
        }
        if let auth = definition.smtp.inbound.auth {
            return EffectiveAuth(source: .server, options: port == .tcp ? auth.tcp : auth.ssl)
        }
        return EffectiveAuth(source: .defaults, options: .dominoDefault(at: definition.name.span))
    }
}

extension AuthOptions {
    /// Nothing allowed, every value implied at `span`.
    static func none(at span: SourceSpan) -> AuthOptions {
        AuthOptions(
            clientCertificate: .implied(false, at: span), namePassword: .implied(false, at: span),
            anonymous: .implied(false, at: span))
    }

    /// Domino's default port authentication: anonymous only.
    static func dominoDefault(at span: SourceSpan) -> AuthOptions {
        AuthOptions(
            clientCertificate: .implied(false, at: span), namePassword: .implied(false, at: span),
            anonymous: .implied(true, at: span))
    }
}

extension Model {
    /// The first `name_password: true` in force on an enabled inbound port of
    /// `server` (its SMTP sites' when it loads Internet Sites, else its own), or
    /// nil when no port offers name and password. Whether the listener runs is
    /// not considered.
    public func namePasswordOption(of server: ServerID) -> Located<Bool>? {
        let definition = self[server]
        let inbound = definition.smtp.inbound
        /// The first option of `options` that is on, on an enabled port.
        func firstOffered(_ options: (tcp: AuthOptions, ssl: AuthOptions)) -> Located<Bool>? {
            if inbound.tcp.enabled.value, options.tcp.namePassword.value { return options.tcp.namePassword }
            if inbound.ssl.enabled.value, options.ssl.namePassword.value { return options.ssl.namePassword }
            return nil
        }
        if definition.internetSites.value {
            for site in hostedSites[server.index] where self[site].proto.value == .smtp {
                let security = self[site].security
                if let option = firstOffered((security.tcp, security.ssl)) { return option }
            }
            return nil
        }
        guard let auth = inbound.auth else { return nil }
        return firstOffered((auth.tcp, auth.ssl))
    }
}
