import PortolanDiagnostics
import PortolanLanguage

/// One peer (or one group of alike peers, for `within_domain`) that a sender
/// opens sessions to, as the peer checks see it.
struct PeerTarget: Sendable {
    /// The peer, or the first server of a `within_domain` group.
    let peer: PeerID
    /// How many more servers of the group look exactly like `peer`.
    let alike: Int
    /// The strongest reason for the edge: relay, then route, then within_domain.
    let kind: EdgeKind
    /// The sender's setting that makes the edge.
    let edgeSpan: SourceSpan
    let offer: PeerOffer

    /// Every distinct peer of `sender`: its relay and route targets first (self
    /// edges left out, they are PT409), then one target per listener group for
    /// `within_domain`, leaving out the sender and the peers already listed.
    static func targets(of sender: ServerID, in model: Model, groups: ListenerGroups) -> [PeerTarget] {
        var order: [PeerID] = []
        var strongest: [PeerID: SMTPEdge] = [:]
        for edge in model.explicitEdges(from: sender) where !edge.isSelfEdge {
            guard let existing = strongest[edge.to] else {
                order.append(edge.to)
                strongest[edge.to] = edge
                continue
            }
            if edge.kind == .relay && existing.kind != .relay { strongest[edge.to] = edge }
        }
        var targets = order.map { peer in
            let edge = strongest[peer]!
            return PeerTarget(peer: peer, alike: 0, kind: edge.kind, edgeSpan: edge.span, offer: model.offer(of: peer))
        }
        let smtp = model[sender].smtp
        if smtp.withinDomain.value {
            var excluded = Set(order.compactMap { peer -> ServerID? in
                if case .server(let id) = peer { return id }
                return nil
            })
            excluded.insert(sender)
            targets += withinDomainTargets(excluding: excluded, span: smtp.withinDomain.span, groups: groups)
        }
        return targets
    }

    /// One target per group that has a member not in `excluded`. Finding it skips
    /// at most `excluded.count` members in all, so this is O(groups + excluded).
    private static func withinDomainTargets(
        excluding excluded: Set<ServerID>, span: SourceSpan, groups: ListenerGroups
    ) -> [PeerTarget] {
        var excludedPerGroup = [Int](repeating: 0, count: groups.groups.count)
        for server in excluded {
            if let group = groups.groupOf[server.index] { excludedPerGroup[group] += 1 }
        }
        return groups.groups.enumerated().compactMap { index, group in
            let remaining = group.members.count - excludedPerGroup[index]
            guard remaining > 0, let first = group.members.first(where: { !excluded.contains($0) }) else { return nil }
            return PeerTarget(
                peer: .server(first), alike: remaining - 1, kind: .withinDomain, edgeSpan: span, offer: group.offer)
        }
    }
}
