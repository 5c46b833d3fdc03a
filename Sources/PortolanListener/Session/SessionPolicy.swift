import PortolanBundle

/// What one connection may do, worked out from the bundle, the listener it
/// arrived on and the site it selected. Immutable for a session, except that
/// STARTTLS replaces it (the client may ask for another site by SNI).
public struct SessionPolicy: Sendable, Equatable {
    public enum StartTLS: String, Sendable, Equatable {
        case disabled, enabled, required
    }

    /// The host name in the greeting, EHLO and the Received header.
    public var serverHost: String
    /// The Internet Site serving the connection; nil when the server's own
    /// settings do (or when no site matched).
    public var siteName: String?
    /// False: the site is not enabled on the server; every command is refused.
    public var enabled: Bool
    /// Mail may be sent without AUTH (subject to relay rules).
    public var anonymous: Bool
    /// AUTH PLAIN and LOGIN are offered, over TLS only.
    public var namePassword: Bool
    /// STARTTLS on a plain port; always `.disabled` on implicit TLS.
    public var startTLS: StartTLS
    /// Anonymous sessions must authenticate before sending.
    public var enforceAccess: Bool
    /// Recipients in these domains are local: anyone may send to them.
    public var localDomains: Set<String>
    public var limits: Limits
    /// Login name (lowercased) to user.
    public var users: [String: UserSpec]
    /// Checked when the login is unknown, so that a wrong name costs as much
    /// time as a wrong password.
    public var decoyHash: String

    public init(
        serverHost: String, siteName: String?, enabled: Bool, anonymous: Bool, namePassword: Bool, startTLS: StartTLS,
        enforceAccess: Bool, localDomains: Set<String>, limits: Limits, users: [String: UserSpec], decoyHash: String
    ) {
        self.serverHost = serverHost
        self.siteName = siteName
        self.enabled = enabled
        self.anonymous = anonymous
        self.namePassword = namePassword
        self.startTLS = startTLS
        self.enforceAccess = enforceAccess
        self.localDomains = localDomains
        self.limits = limits
        self.users = users
        self.decoyHash = decoyHash
    }

    public func user(forLogin login: String) -> UserSpec? { users[login.lowercased()] }

    public func isLocal(recipient: String) -> Bool {
        guard let domain = Address.domain(of: recipient) else { return true }  // postmaster
        return localDomains.contains(domain)
    }
}
