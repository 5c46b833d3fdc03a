import PortolanBundle

/// Where one recipient goes from this host (LANGUAGE.md, "Delivery at run
/// time"), decided from the bundle alone: a local mailbox, a peer of the
/// topology (a route, the relay host, a user's mail server), or the MX
/// hosts of the recipient's domain.
public enum NextHop: Hashable, Sendable, CustomStringConvertible {
    case mailbox(user: String)
    case peer(PeerSpec)
    case exchangers(domain: String)

    /// Why a recipient has nowhere to go.
    public struct Refusal: Error, Equatable, Sendable {
        public var reply: Reply
    }

    /// The next hop of `recipient`:
    ///
    /// 1. a local Internet domain: the user's mailbox here, or the user's
    ///    mail server (which the bundle names only when this host sends
    ///    there, `within_domain`); no such user: refused (`5.1.1`);
    /// 2. any other domain: the first route whose domains contain it, else
    ///    the relay host, else the domain's MX hosts.
    public static func of(_ recipient: String, bundle: HostBundle, admission: HostAdmission) -> Result<NextHop, Refusal> {
        let domain = HostAdmission.domain(of: recipient)
        if admission.isLocal(domain: domain) {
            switch admission.localDelivery(of: recipient) {
            case .mailbox(let user): return .success(.mailbox(user: user))
            case .mailServer(_, let peer): return .success(.peer(peer))
            case nil: return .failure(Refusal(reply: Reply(550, "5.1.1 <\(recipient)>: no such user here")))
            }
        }
        guard let domain else { return .failure(Refusal(reply: Reply(550, "5.1.3 <\(recipient)>: no domain"))) }
        if let route = bundle.outbound.routes.first(where: { $0.domains.contains(domain) }) { return .success(.peer(route.peer)) }
        if let relay = bundle.outbound.relay { return .success(.peer(relay)) }
        return .success(.exchangers(domain: domain))
    }

    /// One next hop, one key: recipients with equal keys share a transaction.
    public var description: String {
        switch self {
        case .mailbox(let user): return "mailbox \(user)"
        case .peer(let peer): return "\(peer.kind) \(peer.name)"
        case .exchangers(let domain): return "MX of \(domain)"
        }
    }
}
