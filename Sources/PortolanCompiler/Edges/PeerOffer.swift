import PortolanBundle
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
    /// A plain session on the TCP port (no SNI).
    public var tcpAuth: PortAuth
    /// A session on the TCP port after STARTTLS, the SNI name the peer's host.
    public var startTLSAuth: PortAuth
    /// A session on the SSL port, the SNI name the peer's host.
    public var sslAuth: PortAuth
    /// A value the offer is made of (the listener, a port, STARTTLS) stands in
    /// for one the decoder refused: the transport checks do not judge it.
    public var restsOnRefusedValue: Bool = false

    /// What a session on `port`, over TLS or not, may do.
    public func auth(on port: InboundPort, tls: Bool) -> PortAuth {
        switch port {
        case .ssl: return sslAuth
        case .tcp: return tls ? startTLSAuth : tcpAuth
        }
    }
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
        // The site other servers' sessions reach, chosen once for plain
        // sessions and once for sessions that name the host by SNI.
        let plain = SessionAccess(model: self, server: id, tls: false)
        let overTLS = SessionAccess(model: self, server: id, tls: true)
        return PeerOffer(
            tcpPort: on && inbound.tcp.enabled.value ? inbound.tcp.port.value : nil,
            sslPort: on && inbound.ssl.enabled.value ? inbound.ssl.port.value : nil,
            starttls: inbound.starttls.value,
            tcpAuth: plain.portAuth(.tcp), startTLSAuth: overTLS.portAuth(.tcp), sslAuth: overTLS.portAuth(.ssl),
            restsOnRefusedValue: self[id].smtp.listeningRestsOnRefusedValue)
    }

    func computeOffer(ofExternal id: ExternalID) -> PeerOffer {
        let inbound = self[id].inbound
        let auth = PortAuth(
            anonymous: inbound.anonymous.value, namePassword: inbound.namePassword.value, refusesEveryone: false)
        return PeerOffer(
            tcpPort: inbound.tcp?.value, sslPort: inbound.ssl?.value,
            starttls: inbound.starttls.value ? .enabled : .disabled, tcpAuth: auth, startTLSAuth: auth, sslAuth: auth,
            restsOnRefusedValue: inbound.tcp?.isRefused == true || inbound.ssl?.isRefused == true || inbound.starttls.isRefused)
    }
}

/// What sessions from other servers may do on a server, plain or over TLS:
/// the serving site (or the server's own settings), asked of `HostAdmission.terms`.
private struct SessionAccess {
    let internetSites: Bool
    let auth: PortAuthSpec
    let authenticatedUsers: Bool
    let site: SiteSpec?

    init(model: borrowing Model, server: ServerID, tls: Bool) {
        let definition = model[server]
        internetSites = definition.internetSites.value
        auth = Model.authSpec(definition.smtp.inbound.auth)
        authenticatedUsers = definition.smtp.inbound.authenticatedUsers.value
        site = internetSites ? model.peerServingSite(of: server, tls: tls).map { model.siteSpec($0, tls: nil) } : nil
    }

    func portAuth(_ port: InboundPort) -> PortAuth {
        let terms = HostAdmission.terms(
            internetSites: internetSites, auth: auth, authenticatedUsers: authenticatedUsers,
            security: port == .ssl ? .implicitTLS : .plain, site: site)
        // Whether name and password is offered at all: `authenticated_users`
        // is PT414's concern, not PT411's.
        let options = internetSites ? site?.security : auth
        let namePassword = (port == .ssl ? options?.ssl : options?.tcp)?.namePassword ?? false
        return PortAuth(anonymous: terms.anonymous, namePassword: namePassword, refusesEveryone: !terms.enabled)
    }
}
