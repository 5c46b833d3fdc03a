import PortolanDiagnostics
import PortolanLanguage

/// PT401–PT411: the consistency checks along the SMTP edges. Ports are here;
/// transport (PT403–PT406) is in PeerTransport.swift, authentication (PT407,
/// PT411) in PeerAuthentication.swift, the relay graph (PT408, PT409) in
/// RelayGraph.swift and unreached listeners (PT410) in UnreachedListeners.swift.
///
/// Every check is made once per sender and distinct peer; `within_domain` peers
/// are checked once per group of alike listeners (`ListenerGroups`), so the
/// work is linear in servers and edges.
enum PeerRules {
    /// The checks made per sender and peer, for the servers at `range`
    /// (positions in the topology), in order. Each range is independent of
    /// the others, so the checker runs them in parts (`Checker.check`, which
    /// adds `estateWide`).
    static func senders(_ range: Range<Int>, in model: Model, groups: ListenerGroups, admissions: Admissions) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        // Most senders and peers pass every check: only what is found is appended.
        func report(_ found: [Diagnostic]) {
            if !found.isEmpty { diagnostics += found }
        }
        for position in range {
            let sender = ServerID(position)
            let targets = PeerTarget.targets(of: sender, in: model, groups: groups)
            guard !targets.isEmpty else { continue }
            let definition = model[sender]
            // No advice built on a refused value: a sender whose outbound
            // settings, or a peer whose listening settings, hold a default in
            // place of a refused value is not judged on transport.
            let senderRefused = definition.smtp.outbound.transportRestsOnRefusedValue
            report(ports(senderRefused ? [] : targets.filter { !$0.offer.restsOnRefusedValue }, from: definition, in: model))
            for target in targets {
                let peer = PeerDescription(model: model, sender: definition, target: target)
                report(sessionDiagnostics(peer, from: sender, in: model, admissions: admissions))
            }
        }
        return diagnostics
    }

    /// The checks over the whole estate: relay loops, self edges, unreached
    /// listeners, the path to the Internet and the mail servers of users.
    static func estateWide(_ model: Model) -> [Diagnostic] {
        relayLoops(model) + selfEdges(model) + unreachedListeners(model) + internetPath(model) + mailServers(model)
    }

    /// Every diagnostic about one session of `sender` to one peer: transport,
    /// authentication and relaying. `check` reports them, `graph` marks the
    /// edge with their codes. When the path rests on a refused value (the
    /// sender's outbound settings or the peer's listening ones), only
    /// relaying is judged.
    static func sessionDiagnostics(
        _ peer: PeerDescription, from sender: ServerID, in model: Model, admissions: Admissions
    ) -> [Diagnostic] {
        let judgeTransport = !peer.sender.smtp.outbound.transportRestsOnRefusedValue && !peer.target.offer.restsOnRefusedValue
        let authentication = authentication(peer, in: model, admissions: admissions)
        var found = judgeTransport ? transport(peer) + authentication.diagnostics : []
        if peer.target.kind != .withinDomain, case .server(let server) = peer.target.peer,
            relaysThrough(sender, to: server, in: model),
            let relay = relaying(
                peer, from: sender, to: server, authenticates: authentication.authenticates, in: model, admissions: admissions)
        {
            found.append(relay)
        }
        return found
    }


    /// The TCP port a peer listens on when the sender reaches it over plain TCP
    /// (no working SSL path, TCP mode not disabled, the peer listens on TCP).
    static func tcpPort(of peer: PeerDescription) -> Int? {
        tcpPort(of: peer.target.offer, from: peer.sender.smtp.outbound)
    }

    /// `tcpPort(of:)` for a peer that offers `offer`, from a sender with `outbound`.
    private static func tcpPort(of offer: PeerOffer, from outbound: SMTPOutbound) -> Int? {
        guard case .tcp = Model.path(outbound, to: offer) else { return nil }
        return offer.tcpPort
    }

    // MARK: PT401, PT402

    /// PT401 per peer that listens on another TCP port than the sender's one
    /// outbound port, at the sender's `smtp.outbound.tcp.port`, a note at the
    /// peer's inbound port. When the sender's TCP peers listen on more than one
    /// port, no single outbound port can serve them: one PT402 instead, listing
    /// the peers by port, with a note per peer whose port differs from the sender's.
    /// `targets` are the peers of `sender`.
    static func ports(_ targets: [PeerTarget], from sender: Server, in model: Model) -> [Diagnostic] {
        let settings = sender.smtp.outbound
        let outbound = settings.tcpPort
        // Usually every peer reached over TCP listens on the outbound port.
        let elsewhere = targets.contains { tcpPort(of: $0.offer, from: settings).map { $0 != outbound.value } ?? false }
        guard elsewhere else { return [] }
        let peers = targets.map { PeerDescription(model: model, sender: sender, target: $0) }
        let reached = peers.compactMap { peer in tcpPort(of: peer).map { (peer, $0) } }
        let distinct = Set(reached.map(\.1))
        if distinct.count > 1 { return [differentPorts(sender, reached)] }
        return reached.filter { $0.1 != outbound.value }.map { peer, port in
            let back = outbound.value == 25 ? "back to 25" : "to \(outbound.value)"
            let other = peer.isServer ? "move \(peer.name)'s inbound TCP port \(back)" : "correct the tcp port of \(peer.name)"
            return Diagnostic(
                .outboundPortMismatch, "\(peer.senderName) sends SMTP \(peer.phrase) on port \(outbound.value), but \(peer.name) listens on \(port)",
                at: outbound.span, notes: [peer.tcpPortNote(port), peer.edgeNote],
                help: "set smtp.outbound.tcp.port: \(port) on \(peer.senderName), or \(other)")
        }
    }

    private static func differentPorts(_ sender: Server, _ reached: [(PeerDescription, Int)]) -> Diagnostic {
        let outbound = sender.smtp.outbound.tcpPort
        let byPort = Dictionary(grouping: reached, by: \.1).sorted { $0.key < $1.key }
        let listing = byPort.map { port, peers in "\(port) (\(peers.map(\.0.shortName).joined(separator: ", ")))" }
        let notes = reached.filter { $0.1 != outbound.value }.map { $0.0.tcpPortNote($0.1) }
        return Diagnostic(
            .peersOnDifferentPorts, "\(sender.name.value) sends to peers on different ports with one outbound port: \(listing.joined(separator: ", "))",
            at: outbound.span, notes: notes,
            help: "\(sender.name.value) uses one outbound TCP port (now \(outbound.value)) for every session: "
                + "move these peers to one inbound port, or reach some of them over SSL (smtp.outbound.ssl)")
    }
}
