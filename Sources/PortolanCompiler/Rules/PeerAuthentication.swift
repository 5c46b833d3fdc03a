import PortolanDiagnostics
import PortolanLanguage

/// PT407 and PT411: whether the peer lets the sender in.
extension PeerRules {
    /// The peer's port the sender's session arrives at; nil when it arrives nowhere
    /// (PT403, PT404 report that).
    private static func portUsed(_ peer: PeerDescription) -> InboundPort? {
        switch Model.path(peer.sender.smtp.outbound, to: peer.target.offer) {
        case .ssl: return .ssl
        case .tcp: return peer.target.offer.tcpPort == nil ? nil : .tcp
        case nil: return nil
        }
    }

    static func authentication(_ peer: PeerDescription, in model: Model) -> [Diagnostic] {
        guard let port = portUsed(peer) else { return [] }
        let relayAuth = peer.sender.smtp.outbound.relayAuth
        if peer.target.kind == .relay, relayAuth.value != .disabled {
            guard let failed = relayAuthentication(peer, port: port, in: model) else { return [] }
            // `enabled` falls back to an anonymous session when authentication fails; `required` does not.
            let fallback = relayAuth.value == .enabled ? anonymous(peer, port: port, in: model) : nil
            return [failed] + (fallback.map { [$0] } ?? [])
        }
        return anonymous(peer, port: port, in: model).map { [$0] } ?? []
    }

    // MARK: PT407

    /// PT407 at the sender's `relay_auth` when the peer is its relay host (that is
    /// the setting to change), else at the route or `within_domain` (only a relay
    /// host is ever authenticated to); a note at the peer's authentication.
    private static func anonymous(_ peer: PeerDescription, port: InboundPort, in model: Model) -> Diagnostic? {
        let auth = peer.target.offer.auth(on: port)
        guard auth.refusesEveryone || !auth.anonymous else { return nil }
        let portName = port.rawValue.uppercased()
        let isRelay = peer.target.kind == .relay
        let problem = auth.refusesEveryone
            ? "but \(peer.name) answers every session on its \(portName) port with \(ServerRules.refusal)"
            : "but \(peer.name) refuses anonymous sessions on its \(portName) port"
        let help = isRelay
            ? "set smtp.outbound.relay_auth: required on \(peer.senderName), or allow anonymous sessions on \(peer.name)'s \(portName) port"
            : "allow anonymous sessions on \(peer.name)'s \(portName) port: \(peer.senderName) authenticates only to its relay host"
        return Diagnostic(
            DiagnosticCode("PT407"), nil,
            "\(peer.senderName) sends SMTP \(peer.phrase) without authenticating, \(problem)",
            at: isRelay ? peer.sender.smtp.outbound.relayAuth.span : peer.target.edgeSpan,
            notes: [peer.authNote(on: port, about: \.anonymous, "refuses anonymous sessions", in: model), peer.edgeNote],
            help: help)
    }

    // MARK: PT411

    /// PT411 at the sender's `relay_auth`: the relay host offers no name and
    /// password on the port the session arrives at, or (a Portolan listener)
    /// offers it on TCP where AUTH is accepted only after STARTTLS, which this
    /// session does not do.
    private static func relayAuthentication(
        _ peer: PeerDescription, port: InboundPort, in model: Model
    ) -> Diagnostic? {
        let outbound = peer.sender.smtp.outbound
        let auth = peer.target.offer.auth(on: port)
        let portName = port.rawValue.uppercased()
        let head = "\(peer.senderName) authenticates to its relay host \(peer.name) (relay_auth: \(outbound.relayAuth.value)), "
        if !auth.namePassword {
            return Diagnostic(
                DiagnosticCode("PT411"), nil,
                head + "but \(peer.name) offers no name and password authentication on its \(portName) port",
                at: outbound.relayAuth.span,
                notes: [peer.authNote(on: port, about: \.namePassword, "offers no name and password", in: model)],
                help: "allow name_password on \(peer.name)'s \(portName) port, or set relay_auth: disabled on \(peer.senderName)")
        }
        guard peer.isServer, case .tcp(_, let negotiated)? = Model.path(outbound, to: peer.target.offer), !negotiated
        else { return nil }
        return Diagnostic(
            DiagnosticCode("PT411"), nil,
            head + "but \(peer.name) accepts name and password on TCP only after STARTTLS, "
                + "and this session does not use STARTTLS",
            at: outbound.relayAuth.span, notes: [peer.startTLSNote()],
            help: "set smtp.outbound.tcp.mode: starttls on \(peer.senderName) and enable STARTTLS on \(peer.name)")
    }
}
