import PortolanDiagnostics

/// A Domino Server document: the host, its key ring, who may access it, the
/// ports of other Internet protocols, and the SMTP settings.
public struct Server: Sendable {
    public var name: Name
    /// The span of the whole server mapping.
    public var span: SourceSpan
    /// Fully qualified Internet host name.
    public var host: Located<String>?
    /// Addresses the listeners bind; empty means every address of the host.
    public var addresses: [Located<String>]
    /// Basics tab: "Load Internet configurations from Server\Internet Sites documents".
    public var internetSites: Located<Bool>
    /// The server's key ring.
    public var tls: KeyRing?
    /// Security tab: who may access the server.
    public var access: AccessList
    /// POP3, IMAP, HTTP and LDAP ports (only checked for clashes and site coverage).
    public var ports: [OtherProtocolPorts]
    public var smtp: SMTPSettings

    public init(
        name: Name, span: SourceSpan, host: Located<String>?, addresses: [Located<String>], internetSites: Located<Bool>,
        tls: KeyRing?, access: AccessList, ports: [OtherProtocolPorts], smtp: SMTPSettings
    ) {
        self.name = name
        self.span = span
        self.host = host
        self.addresses = addresses
        self.internetSites = internetSites
        self.tls = tls
        self.access = access
        self.ports = ports
        self.smtp = smtp
    }
}

/// A certificate and private key in PEM files, paths as written (relative to the
/// file that names them; `baseDirectory` is that file's folder).
public struct KeyRing: Sendable, Hashable {
    public var certificate: Located<String>
    public var key: Located<String>
    public var baseDirectory: String
    public var span: SourceSpan

    public init(certificate: Located<String>, key: Located<String>, baseDirectory: String, span: SourceSpan) {
        self.certificate = certificate
        self.key = key
        self.baseDirectory = baseDirectory
        self.span = span
    }
}

/// A server access list: names of users, groups, servers or `*/Org` patterns.
/// An empty or absent allow list lets everyone in.
public struct AccessList: Sendable {
    public var allow: [Located<String>]
    public var deny: [Located<String>]
    public var span: SourceSpan?

    public init(allow: [Located<String>] = [], deny: [Located<String>] = [], span: SourceSpan? = nil) {
        self.allow = allow
        self.deny = deny
        self.span = span
    }
}

/// A port number and whether it is enabled.
public struct PortSetting: Sendable {
    public var port: Located<Int>
    public var enabled: Located<Bool>

    public init(port: Located<Int>, enabled: Located<Bool>) {
        self.port = port
        self.enabled = enabled
    }
}

/// The Internet protocols other than SMTP whose ports a Server document holds.
public enum OtherProtocol: String, Sendable, CaseIterable, Hashable {
    case pop3, imap, http, ldap

    /// Domino's default TCP and SSL ports for the protocol.
    public var defaultPorts: (tcp: Int, ssl: Int) {
        switch self {
        case .pop3: return (110, 995)
        case .imap: return (143, 993)
        case .http: return (80, 443)
        case .ldap: return (389, 636)
        }
    }
}

/// The TCP and SSL ports of one other protocol (all disabled unless written).
public struct OtherProtocolPorts: Sendable {
    public var proto: OtherProtocol
    public var tcp: PortSetting
    public var ssl: PortSetting

    public init(proto: OtherProtocol, tcp: PortSetting, ssl: PortSetting) {
        self.proto = proto
        self.tcp = tcp
        self.ssl = ssl
    }
}
