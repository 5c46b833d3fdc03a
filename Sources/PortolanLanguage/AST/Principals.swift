import PortolanDiagnostics

/// A person who may authenticate to SMTP.
public struct User: Sendable {
    public var name: Name
    public var span: SourceSpan
    /// Hierarchical name, default "<key>/<organization>".
    public var hierarchicalName: Located<String>
    public var internetAddress: Located<String>?
    public var password: Located<PasswordHash>?
    /// Person document > Mail server: a server key (unresolved); nil when mail
    /// is delivered where it arrives.
    public var mailServer: Located<String>?

    public init(
        name: Name, span: SourceSpan, hierarchicalName: Located<String>, internetAddress: Located<String>?, password: Located<PasswordHash>?,
        mailServer: Located<String>? = nil
    ) {
        self.name = name
        self.span = span
        self.hierarchicalName = hierarchicalName
        self.internetAddress = internetAddress
        self.password = password
        self.mailServer = mailServer
    }
}

/// A passlib `pbkdf2_sha256` hash: `$pbkdf2-sha256$ROUNDS$SALT$CHECKSUM`, salt and
/// checksum in passlib's adapted base64 (`.` for `+`, no padding).
public struct PasswordHash: Sendable, Hashable {
    public var rounds: Int
    public var salt: [UInt8]
    public var checksum: [UInt8]
    /// The hash exactly as written.
    public var encoded: String

    public init(rounds: Int, salt: [UInt8], checksum: [UInt8], encoded: String) {
        self.rounds = rounds
        self.salt = salt
        self.checksum = checksum
        self.encoded = encoded
    }
}

/// A named group of members: user names, hierarchical names, `*/Org`, other groups.
public struct Group: Sendable {
    public var name: Name
    public var span: SourceSpan
    public var members: [Located<String>]

    public init(name: Name, span: SourceSpan, members: [Located<String>]) {
        self.name = name
        self.span = span
        self.members = members
    }
}

/// An SMTP host outside the topology (an ISP relay, a partner's gateway).
public struct ExternalHost: Sendable {
    public var name: Name
    public var span: SourceSpan
    public var host: Located<String>?
    /// IP addresses to connect to instead of resolving `host`; empty: resolve it.
    public var addresses: [Located<String>]
    public var inbound: ExternalInbound

    public init(name: Name, span: SourceSpan, host: Located<String>?, addresses: [Located<String>] = [], inbound: ExternalInbound) {
        self.name = name
        self.span = span
        self.host = host
        self.addresses = addresses
        self.inbound = inbound
    }
}

/// What an external host offers to senders. A nil port is not offered.
public struct ExternalInbound: Sendable {
    public var tcp: Located<Int>?
    public var ssl: Located<Int>?
    public var starttls: Located<Bool>
    public var anonymous: Located<Bool>
    public var namePassword: Located<Bool>
    public var span: SourceSpan

    public init(tcp: Located<Int>?, ssl: Located<Int>?, starttls: Located<Bool>, anonymous: Located<Bool>, namePassword: Located<Bool>, span: SourceSpan) {
        self.tcp = tcp
        self.ssl = ssl
        self.starttls = starttls
        self.anonymous = anonymous
        self.namePassword = namePassword
        self.span = span
    }
}
