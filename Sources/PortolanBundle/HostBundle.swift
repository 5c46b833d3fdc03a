import PortolanJSON

/// Everything one host needs to run its SMTP listener, and nothing else: the
/// contract between the compiler and `portolan serve`. Encoded as JSON with
/// sorted keys; arrays are in a defined order (see each field), so the same
/// topology always gives the same bytes.
public struct HostBundle: Codable, Sendable, Hashable {
    /// The format this code reads and writes.
    public static let currentFormat = "portolan.bundle/3"

    /// `currentFormat`; a listener refuses any other.
    public var format: String
    /// The version of the compiler that wrote the bundle.
    public var compiler: String
    public var server: ServerIdentity
    /// Local Internet domains: mail for any other domain is relayed (see `relay`).
    public var localDomains: [String]
    /// Every socket to bind, sorted by port then address.
    public var listeners: [ListenerSpec]
    /// True: connections are served by the site table; false: by `auth`.
    public var internetSites: Bool
    /// SMTP sites hosted on this server, in topology order (the first match wins).
    public var sites: [SiteSpec]
    /// The server's own port authentication, used when `internetSites` is false.
    public var auth: PortAuthSpec
    /// "Accept connections from authenticated users".
    public var authenticatedUsers: Bool
    public var access: AccessSpec
    /// Who may relay through this host.
    public var relay: RelayPolicy
    /// Users who may authenticate, sorted by name: none unless the listener
    /// offers name and password; then every user with a password (when the
    /// server accepts authenticated users), narrowed to those who pass its
    /// access list when the access list is enforced.
    public var users: [UserSpec]
    /// Every Internet address of a local domain that has a user, sorted:
    /// where its mail goes. Any other address of a local domain is refused at
    /// RCPT (`550 5.1.1`), `postmaster` excepted.
    public var mailboxes: [MailboxSpec]
    /// The server's key ring.
    public var tls: TLSFiles?
    public var limits: Limits
    public var outbound: OutboundSpec

    public init(
        format: String = HostBundle.currentFormat, compiler: String, server: ServerIdentity, localDomains: [String],
        listeners: [ListenerSpec], internetSites: Bool, sites: [SiteSpec], auth: PortAuthSpec, authenticatedUsers: Bool,
        access: AccessSpec, relay: RelayPolicy, users: [UserSpec], mailboxes: [MailboxSpec] = [], tls: TLSFiles?, limits: Limits,
        outbound: OutboundSpec
    ) {
        self.format = format
        self.compiler = compiler
        self.server = server
        self.localDomains = localDomains
        self.listeners = listeners
        self.internetSites = internetSites
        self.sites = sites
        self.auth = auth
        self.authenticatedUsers = authenticatedUsers
        self.access = access
        self.relay = relay
        self.users = users
        self.mailboxes = mailboxes
        self.tls = tls
        self.limits = limits
        self.outbound = outbound
    }
}

/// Who the host is.
public struct ServerIdentity: Codable, Sendable, Hashable {
    /// The server's key in the topology (`hub`).
    public var name: String
    /// `hub/Acme`.
    public var hierarchicalName: String
    /// The fully qualified host name, used in the greeting and EHLO.
    public var host: String
    public var organization: String

    public init(name: String, hierarchicalName: String, host: String, organization: String) {
        self.name = name
        self.hierarchicalName = hierarchicalName
        self.host = host
        self.organization = organization
    }
}

/// One socket: plain TCP (with STARTTLS as `starttls` says) or implicit TLS.
public struct ListenerSpec: Codable, Sendable, Hashable {
    public enum Security: String, Codable, Sendable, Hashable {
        /// Plain TCP, the inbound TCP port.
        case plain
        /// TLS from the first byte, the inbound SSL port (RFC 8314).
        case implicitTLS = "implicit-tls"
    }

    /// The address to bind; nil binds every address.
    public var address: String?
    public var port: Int
    public var security: Security
    /// `disabled`, `enabled` or `required`; always `disabled` on implicit TLS.
    public var starttls: String

    public init(address: String?, port: Int, security: Security, starttls: String) {
        self.address = address
        self.port = port
        self.security = security
        self.starttls = starttls
    }
}

/// Authentication options of one port.
public struct AuthOptionsSpec: Codable, Sendable, Hashable {
    public var clientCertificate: Bool
    public var namePassword: Bool
    public var anonymous: Bool

    public init(clientCertificate: Bool, namePassword: Bool, anonymous: Bool) {
        self.clientCertificate = clientCertificate
        self.namePassword = namePassword
        self.anonymous = anonymous
    }

    public var allowsAnything: Bool { clientCertificate || namePassword || anonymous }
}

/// Authentication on the TCP port and on the SSL port.
public struct PortAuthSpec: Codable, Sendable, Hashable {
    public var tcp: AuthOptionsSpec
    public var ssl: AuthOptionsSpec

    public init(tcp: AuthOptionsSpec, ssl: AuthOptionsSpec) {
        self.tcp = tcp
        self.ssl = ssl
    }
}

/// An SMTP Internet Site document as the listener uses it.
public struct SiteSpec: Codable, Sendable, Hashable {
    public var name: String
    /// Host names and addresses mapped to the site (lowercased); empty: every address.
    public var hosts: [String]
    public var security: PortAuthSpec
    /// The site key ring, else the server's.
    public var tls: TLSFiles?

    public init(name: String, hosts: [String], security: PortAuthSpec, tls: TLSFiles?) {
        self.name = name
        self.hosts = hosts
        self.security = security
        self.tls = tls
    }
}

/// Server access, resolved: the list of names is already expanded (groups,
/// wildcards) into the users of `HostBundle.users`.
public struct AccessSpec: Codable, Sendable, Hashable {
    /// "Only users and servers with server access may connect": a user who
    /// authenticates must pass the access list (`HostBundle.users` holds only
    /// those who do). Anonymous sessions are governed by the port's or site's
    /// `anonymous` option alone.
    public var enforce: Bool

    public init(enforce: Bool) {
        self.enforce = enforce
    }
}

/// A user who may authenticate: every login name, and the passlib hash.
public struct UserSpec: Codable, Sendable, Hashable {
    /// The user's key in the topology.
    public var name: String
    /// `alice/Acme`.
    public var hierarchicalName: String
    /// Every name the user may log in with (key, hierarchical name, Internet address), sorted.
    public var logins: [String]
    /// `$pbkdf2-sha256$ROUNDS$SALT$CHECKSUM`.
    public var passwordHash: String

    public init(name: String, hierarchicalName: String, logins: [String], passwordHash: String) {
        self.name = name
        self.hierarchicalName = hierarchicalName
        self.logins = logins
        self.passwordHash = passwordHash
    }
}

/// A local Internet address and where mail for it goes (LANGUAGE.md,
/// "Delivery at run time").
public struct MailboxSpec: Codable, Sendable, Hashable {
    /// The user's Internet address, lowercased.
    public var address: String
    /// The user's key: the mailbox is `SPOOL/mailboxes/<user>/`.
    public var user: String
    /// The user's mail server when it is another server that this one sends
    /// to over SMTP (`within_domain`); nil: the mailbox is on this host.
    public var mailServer: PeerSpec?

    public init(address: String, user: String, mailServer: PeerSpec?) {
        self.address = address
        self.user = user
        self.mailServer = mailServer
    }
}

/// A certificate chain and its private key, PEM files: a path the topology
/// wrote absolute stays absolute, any other is relative to the bundle's folder
/// (see `resolvingFilePaths(relativeTo:)`).
public struct TLSFiles: Codable, Sendable, Hashable {
    public var certificate: String
    public var key: String

    public init(certificate: String, key: String) {
        self.certificate = certificate
        self.key = key
    }
}

/// The listener's resource limits.
public struct Limits: Codable, Sendable, Hashable {
    /// Largest message accepted (SIZE), bytes.
    public var maxMessageSize: Int
    /// Longest command line, CRLF included (RFC 5321: 512).
    public var maxCommandLine: Int
    /// Longest AUTH continuation line (RFC 4954: 12,288).
    public var maxAuthLine: Int
    /// Seconds to wait for a command.
    public var commandTimeout: Int
    /// Bytes per second a client must keep up while sending DATA.
    public var minDataRate: Int
    public var maxConnections: Int
    public var maxConnectionsPerClient: Int
    /// Protocol errors before `421` and close.
    public var maxErrors: Int
    /// Failed AUTH attempts before `421` and close.
    public var maxAuthFailures: Int
    public var maxRecipients: Int
    /// Seconds a session may take to finish after SIGTERM.
    public var shutdownGrace: Int
    /// Seconds a TLS handshake may take (implicit TLS, or after STARTTLS).
    public var tlsHandshakeTimeout: Int
    /// Seconds a whole session may last, however busy it is, before `421` and close.
    public var maxSessionTime: Int
    /// Commands that move no mail (NOOP, RSET, VRFY, HELP, unknown ones) a
    /// session may send between accepted messages before `421` and close.
    public var maxJunkCommands: Int
    /// Failed AUTH attempts from one client address, across all its
    /// sessions, after which AUTH is refused with `454` for a while.
    public var maxAuthFailuresPerClient: Int
    /// Seconds after a client address's last failed AUTH attempt that its
    /// failures are forgotten (and a refusal by `maxAuthFailuresPerClient` ends).
    public var authPenaltyTime: Int
    /// `Received:` headers a message may carry; at this many, it is refused
    /// (`554 5.4.6`): it loops between hosts (RFC 5321 6.3).
    public var maxHops: Int
    /// Deliveries (outgoing SMTP sessions and mailbox writes) at once.
    public var maxDeliveries: Int
    /// Outgoing SMTP sessions to one next hop at once.
    public var maxDeliveriesPerPeer: Int

    public init(
        maxMessageSize: Int, maxCommandLine: Int = 512, maxAuthLine: Int = 12_288, commandTimeout: Int = 300,
        minDataRate: Int = 1024, maxConnections: Int = 2_000, maxConnectionsPerClient: Int = 50, maxErrors: Int = 10,
        maxAuthFailures: Int = 3, maxRecipients: Int = 100, shutdownGrace: Int = 10, tlsHandshakeTimeout: Int = 10,
        maxSessionTime: Int = 3_600, maxJunkCommands: Int = 100, maxAuthFailuresPerClient: Int = 10, authPenaltyTime: Int = 300,
        maxHops: Int = 50, maxDeliveries: Int = 20, maxDeliveriesPerPeer: Int = 10
    ) {
        self.maxMessageSize = maxMessageSize
        self.maxCommandLine = maxCommandLine
        self.maxAuthLine = maxAuthLine
        self.commandTimeout = commandTimeout
        self.minDataRate = minDataRate
        self.maxConnections = maxConnections
        self.maxConnectionsPerClient = maxConnectionsPerClient
        self.maxErrors = maxErrors
        self.maxAuthFailures = maxAuthFailures
        self.maxRecipients = maxRecipients
        self.shutdownGrace = shutdownGrace
        self.tlsHandshakeTimeout = tlsHandshakeTimeout
        self.maxSessionTime = maxSessionTime
        self.maxJunkCommands = maxJunkCommands
        self.maxAuthFailuresPerClient = maxAuthFailuresPerClient
        self.authPenaltyTime = authPenaltyTime
        self.maxHops = maxHops
        self.maxDeliveries = maxDeliveries
        self.maxDeliveriesPerPeer = maxDeliveriesPerPeer
    }

    enum CodingKeys: String, CodingKey {
        case maxMessageSize, maxCommandLine, maxAuthLine, commandTimeout, minDataRate, maxConnections, maxConnectionsPerClient
        case maxErrors, maxAuthFailures, maxRecipients, shutdownGrace, tlsHandshakeTimeout, maxSessionTime, maxJunkCommands
        case maxAuthFailuresPerClient, authPenaltyTime, maxHops, maxDeliveries, maxDeliveriesPerPeer
    }

    /// The limits added after `portolan.bundle/1` was first written take
    /// their defaults when a bundle has none, so that a bundle of an earlier
    /// compiler still serves; every other field is required.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = Limits(maxMessageSize: 0)
        func later(_ key: CodingKeys, _ fallback: Int) throws -> Int { try container.decodeIfPresent(Int.self, forKey: key) ?? fallback }
        self.init(
            maxMessageSize: try container.decode(Int.self, forKey: .maxMessageSize),
            maxCommandLine: try container.decode(Int.self, forKey: .maxCommandLine),
            maxAuthLine: try container.decode(Int.self, forKey: .maxAuthLine),
            commandTimeout: try container.decode(Int.self, forKey: .commandTimeout),
            minDataRate: try container.decode(Int.self, forKey: .minDataRate),
            maxConnections: try container.decode(Int.self, forKey: .maxConnections),
            maxConnectionsPerClient: try container.decode(Int.self, forKey: .maxConnectionsPerClient),
            maxErrors: try container.decode(Int.self, forKey: .maxErrors),
            maxAuthFailures: try container.decode(Int.self, forKey: .maxAuthFailures),
            maxRecipients: try container.decode(Int.self, forKey: .maxRecipients),
            shutdownGrace: try container.decode(Int.self, forKey: .shutdownGrace),
            tlsHandshakeTimeout: try later(.tlsHandshakeTimeout, defaults.tlsHandshakeTimeout),
            maxSessionTime: try later(.maxSessionTime, defaults.maxSessionTime),
            maxJunkCommands: try later(.maxJunkCommands, defaults.maxJunkCommands),
            maxAuthFailuresPerClient: try later(.maxAuthFailuresPerClient, defaults.maxAuthFailuresPerClient),
            authPenaltyTime: try later(.authPenaltyTime, defaults.authPenaltyTime),
            maxHops: try later(.maxHops, defaults.maxHops), maxDeliveries: try later(.maxDeliveries, defaults.maxDeliveries),
            maxDeliveriesPerPeer: try later(.maxDeliveriesPerPeer, defaults.maxDeliveriesPerPeer))
    }
}

/// The outbound side: one TCP port and mode and one SSL port for every session,
/// the relay host and the routes by recipient domain.
public struct OutboundSpec: Codable, Sendable, Hashable {
    public var tcpPort: Int
    /// `disabled`, `enabled` or `starttls`.
    public var tcpMode: String
    /// The SSL port when outbound SSL is enabled, else nil.
    public var sslPort: Int?
    public var relay: PeerSpec?
    /// `disabled`, `enabled` or `required`.
    public var relayAuth: String
    /// Who to authenticate to the relay host as; nil when not set.
    public var relayLogin: RelayLoginSpec?
    /// When failed deliveries are tried again, and given up.
    public var retry: RetrySpec
    /// Routes sorted by their first domain.
    public var routes: [RouteSpec]
    /// True when the server sends to every other server of the domain over SMTP.
    public var withinDomain: Bool

    public init(
        tcpPort: Int, tcpMode: String, sslPort: Int?, relay: PeerSpec?, relayAuth: String, relayLogin: RelayLoginSpec? = nil,
        retry: RetrySpec = .dominoDefault, routes: [RouteSpec], withinDomain: Bool
    ) {
        self.tcpPort = tcpPort
        self.tcpMode = tcpMode
        self.sslPort = sslPort
        self.relay = relay
        self.relayAuth = relayAuth
        self.relayLogin = relayLogin
        self.retry = retry
        self.routes = routes
        self.withinDomain = withinDomain
    }
}

/// The name a host authenticates to its relay host with. The password is
/// never in a bundle: `serve` reads it from `passwordFile` on the host.
public struct RelayLoginSpec: Codable, Sendable, Hashable {
    /// The login: the user's Internet address, else its key.
    public var user: String
    /// As the topology wrote it; a relative path is taken from the bundle's folder.
    public var passwordFile: String

    public init(user: String, passwordFile: String) {
        self.user = user
        self.passwordFile = passwordFile
    }
}

/// Attempts back off from `initial`, doubling up to `longest`; at `lifetime`
/// the recipient fails. Seconds.
public struct RetrySpec: Codable, Sendable, Hashable {
    public var initial: Int
    public var longest: Int
    public var lifetime: Int

    public init(initial: Int, longest: Int, lifetime: Int) {
        self.initial = initial
        self.longest = longest
        self.lifetime = lifetime
    }

    /// 15 minutes, 4 hours, 24 hours (Domino's message lifetime).
    public static let dominoDefault = RetrySpec(initial: 900, longest: 14_400, lifetime: 86_400)
}

/// Mail for `domains` goes to `peer`.
public struct RouteSpec: Codable, Sendable, Hashable {
    public var domains: [String]
    public var peer: PeerSpec

    public init(domains: [String], peer: PeerSpec) {
        self.domains = domains
        self.peer = peer
    }
}

/// A host this server sends to, with how it listens.
public struct PeerSpec: Codable, Sendable, Hashable {
    /// The server or external host's key in the topology.
    public var name: String
    /// `server` or `external`.
    public var kind: String
    public var host: String
    /// The peer's first listener address, if it has explicit ones.
    public var address: String?
    /// The inbound TCP port, nil when the peer does not listen on TCP.
    public var tcpPort: Int?
    /// The implicit-TLS port, nil when the peer offers none.
    public var sslPort: Int?
    public var starttls: String

    public init(name: String, kind: String, host: String, address: String?, tcpPort: Int?, sslPort: Int?, starttls: String) {
        self.name = name
        self.kind = kind
        self.host = host
        self.address = address
        self.tcpPort = tcpPort
        self.sslPort = sslPort
        self.starttls = starttls
    }
}

extension HostBundle: JSONWritable {
    /// The form `Codable` gives, keys in UTF-8 byte order and absent optionals
    /// left out, written straight from the fields (every member type of the
    /// bundle does the same): a build writes one bundle per server, and `plan`
    /// reads them as trees (`JSONTreeBuilder`).
    public func write<Sink: JSONSink>(to json: inout Sink) {
        json.beginObject()
        json.member(CodingKeys.access, access)
        json.member(CodingKeys.auth, auth)
        json.member(CodingKeys.authenticatedUsers, authenticatedUsers)
        json.member(CodingKeys.compiler, compiler)
        json.member(CodingKeys.format, format)
        json.member(CodingKeys.internetSites, internetSites)
        json.member(CodingKeys.limits, limits)
        json.member(CodingKeys.listeners, listeners)
        json.member(CodingKeys.localDomains, localDomains)
        json.member(CodingKeys.mailboxes, mailboxes)
        json.member(CodingKeys.outbound, outbound)
        json.member(CodingKeys.relay, relay)
        json.member(CodingKeys.server, server)
        json.member(CodingKeys.sites, sites)
        json.member(CodingKeys.tls, ifPresent: tls)
        json.member(CodingKeys.users, users)
        json.endObject()
    }
}

extension ServerIdentity: JSONWritable {
    public func write<Sink: JSONSink>(to json: inout Sink) {
        json.beginObject()
        json.member(CodingKeys.hierarchicalName, hierarchicalName)
        json.member(CodingKeys.host, host)
        json.member(CodingKeys.name, name)
        json.member(CodingKeys.organization, organization)
        json.endObject()
    }
}

extension ListenerSpec: JSONWritable {
    public func write<Sink: JSONSink>(to json: inout Sink) {
        json.beginObject()
        json.member(CodingKeys.address, ifPresent: address)
        json.member(CodingKeys.port, port)
        json.member(CodingKeys.security, security)
        json.member(CodingKeys.starttls, starttls)
        json.endObject()
    }
}

extension AuthOptionsSpec: JSONWritable {
    public func write<Sink: JSONSink>(to json: inout Sink) {
        json.beginObject()
        json.member(CodingKeys.anonymous, anonymous)
        json.member(CodingKeys.clientCertificate, clientCertificate)
        json.member(CodingKeys.namePassword, namePassword)
        json.endObject()
    }
}

extension PortAuthSpec: JSONWritable {
    public func write<Sink: JSONSink>(to json: inout Sink) {
        json.beginObject()
        json.member(CodingKeys.ssl, ssl)
        json.member(CodingKeys.tcp, tcp)
        json.endObject()
    }
}

extension SiteSpec: JSONWritable {
    public func write<Sink: JSONSink>(to json: inout Sink) {
        json.beginObject()
        json.member(CodingKeys.hosts, hosts)
        json.member(CodingKeys.name, name)
        json.member(CodingKeys.security, security)
        json.member(CodingKeys.tls, ifPresent: tls)
        json.endObject()
    }
}

extension AccessSpec: JSONWritable {
    public func write<Sink: JSONSink>(to json: inout Sink) {
        json.beginObject()
        json.member(CodingKeys.enforce, enforce)
        json.endObject()
    }
}

extension UserSpec: JSONWritable {
    public func write<Sink: JSONSink>(to json: inout Sink) {
        json.beginObject()
        json.member(CodingKeys.hierarchicalName, hierarchicalName)
        json.member(CodingKeys.logins, logins)
        json.member(CodingKeys.name, name)
        json.member(CodingKeys.passwordHash, passwordHash)
        json.endObject()
    }
}

extension TLSFiles: JSONWritable {
    public func write<Sink: JSONSink>(to json: inout Sink) {
        json.beginObject()
        json.member(CodingKeys.certificate, certificate)
        json.member(CodingKeys.key, key)
        json.endObject()
    }
}

extension Limits: JSONWritable {
    public func write<Sink: JSONSink>(to json: inout Sink) {
        json.beginObject()
        json.member(CodingKeys.authPenaltyTime, authPenaltyTime)
        json.member(CodingKeys.commandTimeout, commandTimeout)
        json.member(CodingKeys.maxAuthFailures, maxAuthFailures)
        json.member(CodingKeys.maxAuthFailuresPerClient, maxAuthFailuresPerClient)
        json.member(CodingKeys.maxAuthLine, maxAuthLine)
        json.member(CodingKeys.maxCommandLine, maxCommandLine)
        json.member(CodingKeys.maxConnections, maxConnections)
        json.member(CodingKeys.maxConnectionsPerClient, maxConnectionsPerClient)
        json.member(CodingKeys.maxDeliveries, maxDeliveries)
        json.member(CodingKeys.maxDeliveriesPerPeer, maxDeliveriesPerPeer)
        json.member(CodingKeys.maxErrors, maxErrors)
        json.member(CodingKeys.maxHops, maxHops)
        json.member(CodingKeys.maxJunkCommands, maxJunkCommands)
        json.member(CodingKeys.maxMessageSize, maxMessageSize)
        json.member(CodingKeys.maxRecipients, maxRecipients)
        json.member(CodingKeys.maxSessionTime, maxSessionTime)
        json.member(CodingKeys.minDataRate, minDataRate)
        json.member(CodingKeys.shutdownGrace, shutdownGrace)
        json.member(CodingKeys.tlsHandshakeTimeout, tlsHandshakeTimeout)
        json.endObject()
    }
}

extension OutboundSpec: JSONWritable {
    public func write<Sink: JSONSink>(to json: inout Sink) {
        json.beginObject()
        json.member(CodingKeys.relay, ifPresent: relay)
        json.member(CodingKeys.relayAuth, relayAuth)
        json.member(CodingKeys.relayLogin, ifPresent: relayLogin)
        json.member(CodingKeys.retry, retry)
        json.member(CodingKeys.routes, routes)
        json.member(CodingKeys.sslPort, ifPresent: sslPort)
        json.member(CodingKeys.tcpMode, tcpMode)
        json.member(CodingKeys.tcpPort, tcpPort)
        json.member(CodingKeys.withinDomain, withinDomain)
        json.endObject()
    }
}

extension RouteSpec: JSONWritable {
    public func write<Sink: JSONSink>(to json: inout Sink) {
        json.beginObject()
        json.member(CodingKeys.domains, domains)
        json.member(CodingKeys.peer, peer)
        json.endObject()
    }
}

extension MailboxSpec: JSONWritable {
    public func write<Sink: JSONSink>(to json: inout Sink) {
        json.beginObject()
        json.member(CodingKeys.address, address)
        json.member(CodingKeys.mailServer, ifPresent: mailServer)
        json.member(CodingKeys.user, user)
        json.endObject()
    }
}

extension PeerSpec: JSONWritable {
    public func write<Sink: JSONSink>(to json: inout Sink) {
        json.beginObject()
        json.member(CodingKeys.address, ifPresent: address)
        json.member(CodingKeys.host, host)
        json.member(CodingKeys.kind, kind)
        json.member(CodingKeys.name, name)
        json.member(CodingKeys.sslPort, ifPresent: sslPort)
        json.member(CodingKeys.starttls, starttls)
        json.member(CodingKeys.tcpPort, ifPresent: tcpPort)
        json.endObject()
    }
}

extension RelayLoginSpec: JSONWritable {
    public func write<Sink: JSONSink>(to json: inout Sink) {
        json.beginObject()
        json.member(CodingKeys.passwordFile, passwordFile)
        json.member(CodingKeys.user, user)
        json.endObject()
    }
}

extension RetrySpec: JSONWritable {
    public func write<Sink: JSONSink>(to json: inout Sink) {
        json.beginObject()
        json.member(CodingKeys.initial, initial)
        json.member(CodingKeys.lifetime, lifetime)
        json.member(CodingKeys.longest, longest)
        json.endObject()
    }
}

extension ListenerSpec.Security: JSONWritable {}
