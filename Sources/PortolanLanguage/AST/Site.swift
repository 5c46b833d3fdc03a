import PortolanDiagnostics

/// The protocol an Internet Site document configures.
public enum SiteProtocol: String, Sendable, CaseIterable, Hashable {
    case smtp, pop3, imap, http, ldap
}

/// An Internet Site document.
public struct Site: Sendable {
    public var name: Name
    public var span: SourceSpan
    public var proto: Located<SiteProtocol>
    /// Defaults to the topology's organization.
    public var organization: Located<String>
    /// "Domino servers that host this site"; `*` means all.
    public var servers: [Located<String>]
    /// Host names or addresses mapped to this site; empty: every address of the hosting servers.
    public var hosts: [Located<String>]
    /// The Security tab: TCP and SSL port authentication.
    public var security: PortAuthOptions
    /// The site key ring; else the server's.
    public var tls: KeyRing?

    public init(
        name: Name, span: SourceSpan, proto: Located<SiteProtocol>, organization: Located<String>,
        servers: [Located<String>], hosts: [Located<String>], security: PortAuthOptions, tls: KeyRing?
    ) {
        self.name = name
        self.span = span
        self.proto = proto
        self.organization = organization
        self.servers = servers
        self.hosts = hosts
        self.security = security
        self.tls = tls
    }

    /// True when the site names `*` among its servers.
    public var hostedEverywhere: Bool { servers.contains { $0.value == "*" } }
}
