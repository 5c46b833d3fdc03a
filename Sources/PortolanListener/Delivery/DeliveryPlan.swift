import PortolanBundle

/// How one host delivers to one peer: the connections to try in order, what
/// to ask for on them, and who to be. Derived from the sender's one outbound
/// setting and the peer by `init(outbound:peer:...)`; nothing else decides it.
public struct DeliveryPlan: Equatable, Sendable {
    /// One way to reach the peer.
    public struct Endpoint: Equatable, Sendable, CustomStringConvertible {
        public enum Security: Equatable, Sendable {
            /// TLS from the first byte (RFC 8314), on the outbound SSL port.
            case implicitTLS
            /// Plain TCP; STARTTLS when `startTLS` and the peer offers it.
            case plain(startTLS: Bool)
        }

        /// An address, or a host name to resolve.
        public var host: String
        public var port: Int
        public var security: Security

        public init(host: String, port: Int, security: Security) {
            self.host = host
            self.port = port
            self.security = security
        }

        public var description: String {
            let mode: String
            switch security {
            case .implicitTLS: mode = "ssl"
            case .plain(let startTLS): mode = startTLS ? "starttls" : "tcp"
            }
            return "\(host):\(port) (\(mode))"
        }
    }

    /// Whether and how to authenticate (`relay_auth`).
    public enum Authentication: Equatable, Sendable {
        case none
        /// `enabled`: AUTH PLAIN, else LOGIN, when offered; else on without.
        case whenOffered(Credentials)
        /// `required`: without a successful AUTH the delivery fails at `auth`.
        case required(Credentials?)
    }

    /// The connections to try, in order; the next is tried only when one
    /// could not be made (connection or TLS handshake), never once the peer
    /// has greeted, so that a recipient is never sent twice by one attempt.
    public var endpoints: [Endpoint]
    public var authentication: Authentication
    /// The name sent with EHLO and HELO: the sender's host.
    public var heloName: String
    /// The name asked for by SNI: the peer's host.
    public var serverName: String
    /// The local address to connect from; nil lets the system choose.
    public var sourceAddress: String?
    /// PEM file of the certificate authorities the peer's certificate must
    /// chain to; nil encrypts without verifying.
    ///
    /// Why not verify by default: the certificates of MX hosts are commonly
    /// self-signed, expired or for another name, and the MX name itself comes
    /// from unauthenticated DNS, so refusing them would stop mail without
    /// protecting it. Encrypting anyway is opportunistic TLS (RFC 7435): it
    /// defeats passive eavesdropping, not an active attacker. With a CA file
    /// the certificate and the peer's host name are verified, and a failure
    /// is a failed handshake.
    public var certificateAuthorities: String?

    public init(
        endpoints: [Endpoint], authentication: Authentication, heloName: String, serverName: String, sourceAddress: String? = nil,
        certificateAuthorities: String? = nil
    ) {
        self.endpoints = endpoints
        self.authentication = authentication
        self.heloName = heloName
        self.serverName = serverName
        self.sourceAddress = sourceAddress
        self.certificateAuthorities = certificateAuthorities
    }

    /// The plan for sending from a host whose outbound side is `outbound`
    /// (and whose name is `heloName`) to `peer`, as LANGUAGE.md "Delivery at
    /// run time" says:
    ///
    /// - the SSL port first, when outbound SSL is enabled (whatever the
    ///   peer is known to listen on: the wire decides, as it does for
    ///   Domino); then the TCP port, unless
    ///   the outbound TCP mode is `disabled`; mode `starttls` asks for
    ///   STARTTLS when the peer offers it;
    /// - `relay_auth` `enabled` or `required` authenticates with
    ///   `relay_login` and `password`, to the relay host only (`peer` is the
    ///   relay host when it is `outbound.relay`); `required` without a login
    ///   or a password still plans the attempt, which then fails at `auth`;
    /// - `portOffset` is added to every port and `address` replaces the
    ///   peer's address, as `serve --port-offset` and `--address` do for the
    ///   listeners; without either, the peer's address, else its host name.
    public init(
        outbound: OutboundSpec, peer: PeerSpec, heloName: String, password: String? = nil, portOffset: Int = 0, address: String? = nil,
        sourceAddress: String? = nil, certificateAuthorities: String? = nil
    ) {
        let host = address ?? peer.address ?? peer.host
        var endpoints: [Endpoint] = []
        if let ssl = outbound.sslPort {
            endpoints.append(Endpoint(host: host, port: ssl + portOffset, security: .implicitTLS))
        }
        if outbound.tcpMode != "disabled" {
            endpoints.append(Endpoint(host: host, port: outbound.tcpPort + portOffset, security: .plain(startTLS: outbound.tcpMode == "starttls")))
        }
        let isRelay = outbound.relay.map { $0.name == peer.name && $0.kind == peer.kind } ?? false
        let credentials = outbound.relayLogin.flatMap { login in password.map { Credentials(user: login.user, password: $0) } }
        let authentication: Authentication
        switch (isRelay, outbound.relayAuth) {
        case (true, "required"): authentication = .required(credentials)
        case (true, "enabled"): authentication = credentials.map(Authentication.whenOffered) ?? .none
        default: authentication = .none
        }
        self.init(
            endpoints: endpoints, authentication: authentication, heloName: heloName, serverName: peer.host, sourceAddress: sourceAddress,
            certificateAuthorities: certificateAuthorities)
    }
}

/// A login and its password. Its description never shows the password.
public struct Credentials: Equatable, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    public var user: String
    public var password: String

    public init(user: String, password: String) {
        self.user = user
        self.password = password
    }

    public var description: String { "Credentials(user: \(user))" }
    public var debugDescription: String { description }
}
