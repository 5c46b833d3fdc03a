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
        let edges = model.explicitEdges(from: sender)
        var targets: [PeerTarget] = []
        targets.reserveCapacity(edges.count)
        // Nearly every sender has a few edges, and their peers are searched in
        // turn; a sender with many keeps its peers' positions in a table.
        let fewEdges = edges.count <= 8
        var position: [PeerID: Int] = [:]
        for edge in edges where !edge.isSelfEdge {
            let target = PeerTarget(
                peer: edge.to, alike: 0, kind: edge.kind, edgeSpan: edge.span, offer: model.offer(of: edge.to))
            let known = fewEdges ? targets.firstIndex { $0.peer == edge.to } : position[edge.to]
            guard let index = known else {
                if !fewEdges { position[edge.to] = targets.count }
                targets.append(target)
                continue
            }
            if edge.kind == .relay && targets[index].kind != .relay { targets[index] = target }
        }
        let withinDomain = model[sender].smtp.withinDomain
        if withinDomain.value {
            var excluded = Set(targets.compactMap { target -> ServerID? in
                if case .server(let id) = target.peer { return id }
                return nil
            })
            excluded.insert(sender)
            targets += withinDomainTargets(excluding: excluded, span: withinDomain.span, groups: groups)
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
