import PortolanDiagnostics

/// "Perform Anti-Relay enforcement for these connecting hosts": which clients
/// the relay controls apply to. `external` exempts the internal hosts.
public enum RelayEnforcement: String, Sendable, CaseIterable, Hashable {
    case all, external, none
}

/// "Exceptions for authenticated users": `allow` lets every authenticated
/// session relay; `check` applies the controls to them too.
public enum RelayAuthenticated: String, Sendable, CaseIterable, Hashable {
    case allow, check
}

/// `smtp.inbound.relay` (Router/SMTP > Restrictions and Controls > SMTP Inbound
/// Controls): who may send through this server to recipients outside the local
/// Internet domains.
public struct RelayControls: Sendable {
    /// Default `external`.
    public var enforce: Located<RelayEnforcement>
    /// Clients exempt from the controls, as written: server names of the
    /// topology, host names, IP addresses and CIDR ranges (each passed the
    /// syntax of one of them; unresolved, letter case as written). Default empty.
    public var allowHosts: [Located<String>]
    /// Default `allow`.
    public var authenticated: Located<RelayAuthenticated>
    /// The span of the `relay` mapping, or of the nearest key written above it.
    public var span: SourceSpan

    public init(enforce: Located<RelayEnforcement>, allowHosts: [Located<String>], authenticated: Located<RelayAuthenticated>, span: SourceSpan) {
        self.enforce = enforce
        self.allowHosts = allowHosts
        self.authenticated = authenticated
        self.span = span
    }
}

/// `smtp.outbound.relay_login`: the name a server authenticates to its relay
/// host with. Both keys are required; the password itself is never in the
/// topology, only the file `serve` reads it from.
public struct RelayLogin: Sendable {
    /// A user key of the topology (unresolved).
    public var user: Located<String>
    /// A path on the host, read by `serve`.
    public var passwordFile: Located<String>
    public var span: SourceSpan

    public init(user: Located<String>, passwordFile: Located<String>, span: SourceSpan) {
        self.user = user
        self.passwordFile = passwordFile
        self.span = span
    }
}

/// `smtp.outbound.retry` (Router/SMTP > Restrictions and Controls > Transfer
/// Controls), in seconds. The decoder reports (PT110) a schedule that is not
/// `initial <= longest <= lifetime`.
public struct RetrySchedule: Sendable {
    /// The wait after the first failed attempt; default 15m (900).
    public var initial: Located<Int>
    /// The longest wait between attempts; default 4h (14400).
    public var longest: Located<Int>
    /// How long an undelivered message is kept before it is returned; default 24h (86400).
    public var lifetime: Located<Int>
    /// The span of the `retry` mapping, or of the nearest key written above it.
    public var span: SourceSpan

    public init(initial: Located<Int>, longest: Located<Int>, lifetime: Located<Int>, span: SourceSpan) {
        self.initial = initial
        self.longest = longest
        self.lifetime = lifetime
        self.span = span
    }
}
