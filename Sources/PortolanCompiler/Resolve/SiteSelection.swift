import PortolanBundle
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
    /// The SMTP site that serves the sessions other servers open to `server`,
    /// as `HostAdmission.site` chooses it from what the listener sees: the
    /// address they connect to (its first explicit address, as their bundles
    /// say) and, over TLS, its host name by SNI. When the server has no
    /// explicit `addresses`, the address its host resolves to is unknown and
    /// may be one a site lists, so the first hosted SMTP site is assumed when
    /// nothing else matches.
    public func peerServingSite(of server: ServerID, tls: Bool) -> SiteID? {
        let definition = self[server]
        let sites = smtpSites(hostedOn: server)
        let specs = sites.map { siteSpec($0, tls: nil) }
        let reached = definition.addresses.first.map { [$0.value] } ?? []
        if let chosen = HostAdmission.site(among: specs, reached: reached, sni: tls ? definition.host?.value : nil),
            let index = specs.firstIndex(of: chosen)
        {
            return sites[index]
        }
        return definition.addresses.isEmpty ? sites.first : nil
    }

    /// The authentication in force on `port` of `server` for sessions from other
    /// servers, over TLS or not: the serving site's Security tab when the server
    /// loads Internet Sites, else the server's `smtp.inbound.auth`, else Domino's defaults.
    public func inboundAuth(of server: ServerID, port: InboundPort, tls: Bool) -> EffectiveAuth {
        let definition = self[server]
        if definition.internetSites.value {
            guard let site = peerServingSite(of: server, tls: tls) else {
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
