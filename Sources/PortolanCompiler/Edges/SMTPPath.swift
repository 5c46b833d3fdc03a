import PortolanLanguage

/// The way a sender opens a session to a peer, following Domino's outbound
/// settings: implicit TLS first when the sender's SSL is enabled and the peer
/// listens on the sender's SSL port, else plain TCP on the sender's TCP port
/// (with STARTTLS when both ends do it) unless the sender's TCP mode is disabled.
public enum SMTPPath: Hashable, Sendable {
    /// Implicit TLS on `port`; it works.
    case ssl(port: Int)
    /// Plain TCP to `port`, the sender's one outbound TCP port. It works only when
    /// the peer listens on TCP on that same port (`SMTPConnection.works`).
    case tcp(port: Int, starttls: Bool)

    /// The peer's port the path arrives at.
    public var inboundPort: InboundPort {
        if case .ssl = self { return .ssl }
        return .tcp
    }
}

/// How one server reaches one peer: the peer's address and the path used.
public struct SMTPConnection: Hashable, Sendable {
    public let peer: PeerID
    /// The peer's host name, when known.
    public let host: String?
    /// The peer's explicit addresses (empty: use `host`).
    public let addresses: [String]
    /// nil when the sender has no way to reach the peer at all.
    public let path: SMTPPath?
    /// True when the path arrives at a port the peer listens on.
    public let works: Bool
}

extension Model {
    /// The path `outbound` takes to a peer that offers `offer`.
    static func path(_ outbound: SMTPOutbound, to offer: PeerOffer) -> SMTPPath? {
        if outbound.ssl.enabled.value, offer.sslPort == outbound.ssl.port.value {
            return .ssl(port: outbound.ssl.port.value)
        }
        guard outbound.tcpMode.value != .disabled else { return nil }
        let negotiated = outbound.tcpMode.value == .starttls && offer.starttls != .disabled
        return .tcp(port: outbound.tcpPort.value, starttls: negotiated)
    }

    /// How `server` reaches `peer`: host, addresses and the path it takes.
    public func connection(from server: ServerID, to peer: PeerID) -> SMTPConnection {
        let offer = offer(of: peer)
        let path = Self.path(self[server].smtp.outbound, to: offer)
        let works: Bool
        switch path {
        case .ssl: works = true
        case .tcp(let port, _): works = offer.tcpPort == port
        case nil: works = false
        }
        switch peer {
        case .server(let id):
            let target = self[id]
            return SMTPConnection(
                peer: peer, host: target.host?.value, addresses: target.addresses.map(\.value), path: path, works: works)
        case .external(let id):
            return SMTPConnection(
                peer: peer, host: self[id].host?.value, addresses: self[id].addresses.map(\.value), path: path, works: works)
        }
    }
}
