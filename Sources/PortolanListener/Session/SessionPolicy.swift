import PortolanBundle

/// What one connection may do: the host's admission model and the terms it
/// gave the listener the connection arrived on and the site it selected.
/// Immutable for a session, except that STARTTLS replaces it (the client may
/// ask for another site by SNI, among those its address allows).
public struct SessionPolicy: Sendable, Equatable {
    public enum StartTLS: String, Sendable, Equatable {
        case disabled, enabled, required
    }

    /// The host name in the greeting, EHLO and the Received header.
    public var serverHost: String
    /// The site, anonymous and AUTH, as `HostAdmission.terms` decided them.
    public var terms: SessionTerms
    /// STARTTLS on a plain port; always `.disabled` on implicit TLS.
    public var startTLS: StartTLS
    public var limits: Limits
    /// Who may log in and relay: every decision about the client is its.
    public var admission: HostAdmission
    /// Checked when the login is unknown, so that a wrong name costs as much
    /// time as a wrong password.
    public var decoyHash: String

    public init(
        serverHost: String, terms: SessionTerms, startTLS: StartTLS, limits: Limits, admission: HostAdmission,
        decoyHash: String
    ) {
        self.serverHost = serverHost
        self.terms = terms
        self.startTLS = startTLS
        self.limits = limits
        self.admission = admission
        self.decoyHash = decoyHash
    }

    /// The policy of a connection on `listener` that reached `localAddresses`
    /// (the address reached, and the one the bundle gave the listener), with
    /// the SNI name the client sent, if any.
    public init(
        bundle: HostBundle, admission: HostAdmission, decoyHash: String, listener: ListenerSpec, sni: String?,
        localAddresses: [String]
    ) {
        let implicitTLS = listener.security == .implicitTLS
        self.init(
            serverHost: bundle.server.host,
            terms: admission.terms(security: listener.security, reached: localAddresses, sni: sni),
            startTLS: implicitTLS ? .disabled : StartTLS(rawValue: listener.starttls) ?? .disabled,
            limits: bundle.limits, admission: admission, decoyHash: decoyHash)
    }

    /// The Internet Site serving the connection; nil when the server's own
    /// settings do (or when no site matched).
    public var siteName: String? { terms.site }
    /// False: the site is not enabled on the server; every command is refused.
    public var enabled: Bool { terms.enabled }
    /// Mail may be sent without AUTH (subject to relaying).
    public var anonymous: Bool { terms.anonymous }
    /// AUTH PLAIN and LOGIN are offered, over TLS only.
    public var namePassword: Bool { terms.namePassword }

    public func user(forLogin login: String) -> UserSpec? { admission.user(login: login) }

    /// A decoy for `bundle`'s users: as many rounds as the slowest real hash.
    public static func decoyHash(for bundle: HostBundle) -> String {
        let rounds = bundle.users.compactMap { PasswordHashing.parse($0.passwordHash)?.rounds }.max() ?? 1
        return PasswordHashing.hash(password: "decoy", rounds: rounds, salt: Array("portolan-decoy-salt".utf8))
    }
}
