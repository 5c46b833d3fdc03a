import PortolanDiagnostics

/// The SMTP part of a Server document: the listener task, the inbound ports
/// (Ports > Internet Ports > Mail) and the outbound settings.
public struct SMTPSettings: Sendable {
    /// The SMTP listener task.
    public var listener: Located<Bool>
    /// "Servers within the local Domino domain are reachable via SMTP".
    public var withinDomain: Located<Bool>
    public var inbound: SMTPInbound
    public var outbound: SMTPOutbound
    /// The span of the `smtp` mapping, or of the server's name when absent.
    public var span: SourceSpan

    public init(listener: Located<Bool>, withinDomain: Located<Bool>, inbound: SMTPInbound, outbound: SMTPOutbound, span: SourceSpan) {
        self.listener = listener
        self.withinDomain = withinDomain
        self.inbound = inbound
        self.outbound = outbound
        self.span = span
    }
}

/// "SSL negotiated over TCP/IP port" on the inbound TCP port.
public enum StartTLSPolicy: String, Sendable, CaseIterable, Hashable {
    case disabled, enabled, required
}

/// "Mail (SMTP Inbound)".
public struct SMTPInbound: Sendable {
    public var tcp: PortSetting
    /// Implicit TLS (RFC 8314).
    public var ssl: PortSetting
    public var starttls: Located<StartTLSPolicy>
    public var enforceServerAccess: Located<Bool>
    public var authenticatedUsers: Located<Bool>
    /// The server's own port authentication; nil when not written. Used only when
    /// `internetSites` is false (PT303 otherwise).
    public var auth: PortAuthOptions?
    public var maxMessageSize: Located<Int>
    /// Who may relay through this server.
    public var relay: RelayControls
    public var span: SourceSpan

    public init(
        tcp: PortSetting, ssl: PortSetting, starttls: Located<StartTLSPolicy>, enforceServerAccess: Located<Bool>,
        authenticatedUsers: Located<Bool>, auth: PortAuthOptions?, maxMessageSize: Located<Int>, relay: RelayControls, span: SourceSpan
    ) {
        self.tcp = tcp
        self.ssl = ssl
        self.starttls = starttls
        self.enforceServerAccess = enforceServerAccess
        self.authenticatedUsers = authenticatedUsers
        self.auth = auth
        self.maxMessageSize = maxMessageSize
        self.relay = relay
        self.span = span
    }
}

/// Authentication options of one port. `clientCertificate` is meaningful on SSL only.
public struct AuthOptions: Sendable, Hashable {
    public var clientCertificate: Located<Bool>
    public var namePassword: Located<Bool>
    public var anonymous: Located<Bool>

    public init(clientCertificate: Located<Bool>, namePassword: Located<Bool>, anonymous: Located<Bool>) {
        self.clientCertificate = clientCertificate
        self.namePassword = namePassword
        self.anonymous = anonymous
    }

    /// True when at least one way in is allowed.
    public var allowsAnything: Bool { clientCertificate.value || namePassword.value || anonymous.value }
}

/// Authentication options per port: `smtp.inbound.auth` (used when Internet
/// Sites are not) and a site's Security tab.
public struct PortAuthOptions: Sendable {
    public var tcp: AuthOptions
    public var ssl: AuthOptions
    public var span: SourceSpan

    public init(tcp: AuthOptions, ssl: AuthOptions, span: SourceSpan) {
        self.tcp = tcp
        self.ssl = ssl
        self.span = span
    }
}

/// Outbound TCP mode: off, plain, or negotiated SSL (STARTTLS).
public enum OutboundMode: String, Sendable, CaseIterable, Hashable {
    case disabled, enabled, starttls
}

/// Whether to authenticate to the relay host.
public enum RelayAuth: String, Sendable, CaseIterable, Hashable {
    case disabled, enabled, required
}

/// "Mail (SMTP Outbound)": one setting for all outbound sessions of the server.
public struct SMTPOutbound: Sendable {
    public var tcpPort: Located<Int>
    public var tcpMode: Located<OutboundMode>
    /// When enabled, SSL is tried first, then TCP unless TCP is disabled.
    public var ssl: PortSetting
    /// Relay host: a server or an external host name (unresolved).
    public var relay: Located<String>?
    public var relayAuth: Located<RelayAuth>
    /// The name `relayAuth` authenticates with; nil when not written.
    public var relayLogin: RelayLogin?
    /// When failed deliveries are tried again, and given up.
    public var retry: RetrySchedule
    /// SMTP connection documents.
    public var routes: [Route]
    public var span: SourceSpan

    public init(
        tcpPort: Located<Int>, tcpMode: Located<OutboundMode>, ssl: PortSetting, relay: Located<String>?,
        relayAuth: Located<RelayAuth>, relayLogin: RelayLogin?, retry: RetrySchedule, routes: [Route], span: SourceSpan
    ) {
        self.tcpPort = tcpPort
        self.tcpMode = tcpMode
        self.ssl = ssl
        self.relay = relay
        self.relayAuth = relayAuth
        self.relayLogin = relayLogin
        self.retry = retry
        self.routes = routes
        self.span = span
    }
}

/// An SMTP connection document: mail for `domains` goes to `to`.
public struct Route: Sendable {
    public var to: Located<String>
    public var domains: [Located<String>]
    public var span: SourceSpan

    public init(to: Located<String>, domains: [Located<String>], span: SourceSpan) {
        self.to = to
        self.domains = domains
        self.span = span
    }
}
