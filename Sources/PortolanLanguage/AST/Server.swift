import PortolanDiagnostics

/// A Domino Server document: the host, its key ring, who may access it, the
/// ports of other Internet protocols, and the SMTP settings.
///
/// A value type whose fields live in one shared, immutable box: the compiler's
/// stages pass servers around by the ten thousand, and copying one costs a
/// single reference count instead of one per string and list in it. Changing
/// a field puts the changed fields in a new box.
public struct Server: Sendable {
    public var name: Name {
        @inlinable _read { yield storage.fields.name }
        @inlinable _modify {
            var fields = storage.fields
            defer { storage = Storage(fields) }
            yield &fields.name
        }
    }
    /// The span of the whole server mapping.
    public var span: SourceSpan {
        @inlinable _read { yield storage.fields.span }
        @inlinable _modify {
            var fields = storage.fields
            defer { storage = Storage(fields) }
            yield &fields.span
        }
    }
    /// Fully qualified Internet host name.
    public var host: Located<String>? {
        @inlinable _read { yield storage.fields.host }
        @inlinable _modify {
            var fields = storage.fields
            defer { storage = Storage(fields) }
            yield &fields.host
        }
    }
    /// Addresses the listeners bind; empty means every address of the host.
    public var addresses: [Located<String>] {
        @inlinable _read { yield storage.fields.addresses }
        @inlinable _modify {
            var fields = storage.fields
            defer { storage = Storage(fields) }
            yield &fields.addresses
        }
    }
    /// Basics tab: "Load Internet configurations from Server\Internet Sites documents".
    public var internetSites: Located<Bool> {
        @inlinable _read { yield storage.fields.internetSites }
        @inlinable _modify {
            var fields = storage.fields
            defer { storage = Storage(fields) }
            yield &fields.internetSites
        }
    }
    /// The server's key ring.
    public var tls: KeyRing? {
        @inlinable _read { yield storage.fields.tls }
        @inlinable _modify {
            var fields = storage.fields
            defer { storage = Storage(fields) }
            yield &fields.tls
        }
    }
    /// Security tab: who may access the server.
    public var access: AccessList {
        @inlinable _read { yield storage.fields.access }
        @inlinable _modify {
            var fields = storage.fields
            defer { storage = Storage(fields) }
            yield &fields.access
        }
    }
    /// POP3, IMAP, HTTP and LDAP ports (only checked for clashes and site
    /// coverage): as written, or the grammar's defaults, made when asked for.
    public var ports: [OtherProtocolPorts] {
        get {
            switch storage.fields.ports {
            case .written(let ports): ports
            case .implied(let span): OtherProtocolPorts.defaults(at: span)
            }
        }
        set { storage = Storage(Fields(storage.fields, ports: .written(newValue))) }
    }
    public var smtp: SMTPSettings {
        @inlinable _read { yield storage.fields.smtp }
        @inlinable _modify {
            var fields = storage.fields
            defer { storage = Storage(fields) }
            yield &fields.smtp
        }
    }

    @usableFromInline var storage: Storage

    public init(
        name: Name, span: SourceSpan, host: Located<String>?, addresses: [Located<String>], internetSites: Located<Bool>,
        tls: KeyRing?, access: AccessList, ports: OtherPorts, smtp: SMTPSettings
    ) {
        storage = Storage(Fields(
            name: name, span: span, host: host, addresses: addresses, internetSites: internetSites, tls: tls, access: access,
            ports: ports, smtp: smtp))
    }

    @usableFromInline struct Fields: Sendable {
        @usableFromInline var name: Name
        @usableFromInline var span: SourceSpan
        @usableFromInline var host: Located<String>?
        @usableFromInline var addresses: [Located<String>]
        @usableFromInline var internetSites: Located<Bool>
        @usableFromInline var tls: KeyRing?
        @usableFromInline var access: AccessList
        @usableFromInline var ports: OtherPorts
        @usableFromInline var smtp: SMTPSettings

        @usableFromInline init(
            name: Name, span: SourceSpan, host: Located<String>?, addresses: [Located<String>], internetSites: Located<Bool>,
            tls: KeyRing?, access: AccessList, ports: OtherPorts, smtp: SMTPSettings
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

        /// `fields` with other ports.
        init(_ fields: Fields, ports: OtherPorts) {
            self = fields
            self.ports = ports
        }
    }

    /// Immutable, so servers that share one read it from any thread.
    @usableFromInline final class Storage: Sendable {
        @usableFromInline let fields: Fields

        @usableFromInline init(_ fields: Fields) {
            self.fields = fields
        }
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
/// The ports of the other protocols of a server: as its files wrote them, or
/// none written, and then the grammar's defaults implied at `span`. Most
/// servers write none; they keep one span instead of a copy of the defaults.
public enum OtherPorts: Sendable {
    case written([OtherProtocolPorts])
    case implied(at: SourceSpan)
}

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
