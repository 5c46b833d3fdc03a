import PortolanLanguage

extension Model {
    /// The relay and route edges of `server`: the relay first, then the routes in
    /// order; edges to itself included (PT409).
    public func explicitEdges(from server: ServerID) -> [SMTPEdge] { explicitEdges[server.index] }

    /// Every edge of `server`, `within_domain` ones materialised: one per other
    /// server with an SMTP listener. This is linear in the number of servers; the
    /// checks never call it, the bundle lowering and the graph output may.
    public func edges(from server: ServerID) -> [SMTPEdge] {
        var edges = explicitEdges[server.index]
        let definition = self[server]
        if definition.smtp.withinDomain.value {
            let span = definition.smtp.withinDomain.span
            for listener in smtpListeners where listener != server {
                edges.append(SMTPEdge(from: server, to: .server(listener), kind: .withinDomain, span: span))
            }
        }
        return edges
    }

    /// The distinct peers `server` sends to, in the order of its first edge to each.
    public func peers(of server: ServerID) -> [PeerID] {
        var seen: Set<PeerID> = []
        return edges(from: server).filter { !$0.isSelfEdge && seen.insert($0.to).inserted }.map(\.to)
    }
}
