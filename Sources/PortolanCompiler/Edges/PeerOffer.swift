import PortolanLanguage

/// What a peer offers to the servers that send to it, reduced to the values the
/// peer checks compare. Two peers with equal offers look the same to every sender,
/// which lets the `within_domain` checks look at each distinct offer once.
public struct PeerOffer: Hashable, Sendable {
    /// The inbound TCP port, nil when nothing listens on TCP.
    public var tcpPort: Int?
    /// The implicit TLS port, nil when not offered.
    public var sslPort: Int?
    /// STARTTLS on the TCP port.
    public var starttls: StartTLSPolicy
    public var tcpAuth: PortAuth
    public var sslAuth: PortAuth
    /// A value the offer is made of (the listener, a port, STARTTLS) stands in
    /// for one the decoder refused: the transport checks do not judge it.
    public var restsOnRefusedValue: Bool = false

    public func auth(on port: InboundPort) -> PortAuth { port == .tcp ? tcpAuth : sslAuth }
}

/// The authentication a peer accepts on one port.
public struct PortAuth: Hashable, Sendable {
    public var anonymous: Bool
    public var namePassword: Bool
    /// The peer answers every session with "This site is not enabled on the server."
    public var refusesEveryone: Bool
}

extension Model {
    /// What `peer` offers to senders.
    public func offer(of peer: PeerID) -> PeerOffer {
        switch peer {
        case .server(let id): return serverOffers[id.index]
        case .external(let id): return externalOffers[id.index]
        }
    }

    /// Works out `offer(of:)`; the model does it once per peer when it is made.
    func computeOffer(ofServer id: ServerID) -> PeerOffer {
        let on = self[id].smtp.listener.value
        let inbound = self[id].smtp.inbound
        return PeerOffer(
            tcpPort: on && inbound.tcp.enabled.value ? inbound.tcp.port.value : nil,
            sslPort: on && inbound.ssl.enabled.value ? inbound.ssl.port.value : nil,
            starttls: inbound.starttls.value,
            tcpAuth: PortAuth(inboundAuth(of: id, port: .tcp)),
            sslAuth: PortAuth(inboundAuth(of: id, port: .ssl)),
            restsOnRefusedValue: self[id].smtp.listeningRestsOnRefusedValue)
    }

    func computeOffer(ofExternal id: ExternalID) -> PeerOffer {
        let inbound = self[id].inbound
        let auth = PortAuth(
            anonymous: inbound.anonymous.value, namePassword: inbound.namePassword.value, refusesEveryone: false)
        return PeerOffer(
            tcpPort: inbound.tcp?.value, sslPort: inbound.ssl?.value,
            starttls: inbound.starttls.value ? .enabled : .disabled, tcpAuth: auth, sslAuth: auth,
            restsOnRefusedValue: inbound.tcp?.isRefused == true || inbound.ssl?.isRefused == true || inbound.starttls.isRefused)
    }
}

extension PortAuth {
    init(_ auth: EffectiveAuth) {
        self.init(
            anonymous: auth.options.anonymous.value, namePassword: auth.options.namePassword.value,
            refusesEveryone: auth.refusesEveryone)
    }
}
