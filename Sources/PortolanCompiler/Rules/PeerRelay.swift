import PortolanBundle
import PortolanDiagnostics
import PortolanLanguage
import PortolanScheduling

/// PT412 and PT415: whether the peer lets the sender relay, asked of the
/// peer's own admission model (`HostAdmission`, the one the listener asks)
/// with the sender's facts: its first address, its host name as the reverse
/// name DNS would give, and whether it authenticates.
extension PeerRules {
    /// Admission models of the peers checked so far: a hub is the relay host
    /// of every spoke, and its model is lowered once (with its users only
    /// when a login to it is checked). `relayed` holds the models of the
    /// servers that others relay through, made before the checks per sender
    /// run in parts, so that no part lowers them again.
    final class Admissions {
        /// One model, shared by reference: a `HostAdmission` is a dozen
        /// collections, and every check of an edge asks for its peer's.
        final class Shared: Sendable {
            let admission: HostAdmission
            init(_ admission: HostAdmission) { self.admission = admission }
        }

        private let relayed: [ServerID: Shared]
        private var known: [ServerID: Shared] = [:]
        private var withUsers: [ServerID: Shared] = [:]

        init(relayed: [ServerID: Shared] = [:]) {
            self.relayed = relayed
        }

        func of(_ server: ServerID, in model: Model, users: Bool = false) -> Shared {
            if !users, let shared = relayed[server] { return shared }
            if let shared = (users ? withUsers : known)[server] { return shared }
            let shared = Shared(model.admission(of: server, users: users))
            if users { withUsers[server] = shared } else { known[server] = shared }
            return shared
        }

        /// The admission model (without users) of every server that some
        /// server relays or routes non-local mail through.
        static func relayed(in model: Model, scheduler: any StageScheduler) -> [ServerID: Shared] {
            let peers = (0..<model.topology.servers.count).map(ServerID.init).filter { !model.relaySenders(to: $0).isEmpty }
            let admissions = scheduler.map(peers) { Shared(model.admission(of: $0, users: false)) }
            return Dictionary(uniqueKeysWithValues: zip(peers, admissions))
        }
    }

    /// True when some edge of `sender` to `peer` carries mail for a non-local domain.
    static func relaysThrough(_ sender: ServerID, to peer: ServerID, in model: Model) -> Bool {
        model.explicitEdges(from: sender).contains {
            $0.to == .server(peer) && Model.carriesNonLocalMail($0, localDomains: model.localDomainKeys)
        }
    }

    /// PT412 when the peer refuses to relay for the sender, PT415 when it
    /// relays only because of a reverse name the sender has no address to back.
    static func relaying(
        _ peer: PeerDescription, from sender: ServerID, to server: ServerID, authenticates: Bool, in model: Model,
        admissions: Admissions
    ) -> Diagnostic? {
        // Asked in place: the model is not copied for each edge.
        let shared = admissions.of(server, in: model)
        let address = peer.sender.addresses.first?.value
        let byAddress = shared.admission.relaying(
            client: ClientIdentity(address: address, reverseName: .none), authenticated: authenticates)
        if case .allowed = byAddress { return nil }
        let name = peer.sender.host.map { ClientIdentity.ReverseName.name($0.value) } ?? .none
        let byName = shared.admission.relaying(client: ClientIdentity(address: address, reverseName: name), authenticated: authenticates)
        if case .allowed(let grant) = byName {
            return peer.sender.addresses.isEmpty ? reverseNameOnly(peer, grant: grant, policy: shared.admission.relay, in: model) : nil
        }
        return relayDenied(peer, policy: shared.admission.relay, authenticates: authenticates, in: model, server: server)
    }

    // MARK: PT412

    private static func relayDenied(
        _ peer: PeerDescription, policy: RelayPolicy, authenticates: Bool, in model: Model, server: ServerID
    ) -> Diagnostic {
        let target = model[server]
        let sender = peer.senderName
        var reasons: [String] = []
        switch policy.enforce {
        case .all: reasons.append("\(peer.name) enforces anti-relay checks for every host, internal ones too")
        case .external: reasons.append("\(sender) is not an internal host of \(peer.name)")
        case .none: break
        }
        reasons.append("\(sender) is not in \(peer.name)'s allow_hosts")
        reasons.append(authenticates
            ? "and authenticated sessions are checked like the others (authenticated: check)"
            : "and \(sender) does not authenticate to it")
        var fixes = ["add \(sender) to \(peer.name)'s smtp.inbound.relay.allow_hosts"]
        if policy.enforce == .all { fixes.append("set smtp.inbound.relay.enforce: external on \(peer.name)") }
        let offersAuth = peer.target.offer.tcpAuth.namePassword || peer.target.offer.sslAuth.namePassword
        if peer.target.kind == .relay && !authenticates && offersAuth && policy.authenticated == .allow {
            fixes.append("let \(sender) authenticate (smtp.outbound.relay_auth: required with a relay_login)")
        }
        if authenticates { fixes.append("set smtp.inbound.relay.authenticated: allow on \(peer.name)") }
        let relay = target.smtp.inbound.relay
        return Diagnostic(
            .relayRefused, "\(sender) sends mail for other domains \(peer.phrase), but \(peer.name) does not let it relay: "
                + reasons.joined(separator: "; ") + ": RCPT is answered 554 5.7.1 Relay access denied",
            at: peer.target.edgeSpan,
            notes: [DiagnosticNote("\(peer.name)'s relay controls (enforce: \(policy.enforce.rawValue)) are here", at: relay.enforce.span)],
            help: fixes.joined(separator: ", or "))
    }

    // MARK: PT415

    private static func reverseNameOnly(
        _ peer: PeerDescription, grant: RelayGrant, policy: RelayPolicy, in model: Model
    ) -> Diagnostic? {
        guard let host = peer.sender.host else { return nil }
        return Diagnostic(
            .relayByReverseName, "\(peer.name) lets \(peer.senderName) relay only by its name \(host.value) (\(grant.rawValue)), "
                + "and \(peer.senderName) has no addresses: relaying depends on the reverse DNS name of the address it sends from",
            at: peer.target.edgeSpan, notes: [DiagnosticNote("\(peer.senderName)'s host name is here", at: host.span)],
            help: "give \(peer.senderName) its addresses (addresses: [...]), so that \(peer.name) knows it by address")
    }
}
