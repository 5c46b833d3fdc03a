import PortolanLanguage

extension Model {
    /// The servers that relay through `server` or route mail for some
    /// non-local domain to it, in definition order, without itself. Their
    /// addresses and host names are `server`'s internal hosts.
    public func relaySenders(to server: ServerID) -> [ServerID] { relaySenders[server.index] }

    /// True for an edge that carries non-local mail: a relay edge, and a route
    /// with a domain outside the local Internet domains.
    static func carriesNonLocalMail(_ edge: SMTPEdge, localDomains: Set<String>) -> Bool {
        switch edge.kind {
        case .relay: return true
        case .route: return edge.domains.contains { !localDomains.contains(HostName.key($0)) }
        case .withinDomain: return false
        }
    }

    static func relaySenders(explicitEdges: [[SMTPEdge]], servers: Int, localDomains: Set<String>) -> [[ServerID]] {
        var senders = Array(repeating: [ServerID](), count: servers)
        for edges in explicitEdges {
            var added: Set<ServerID> = []
            for edge in edges where !edge.isSelfEdge && carriesNonLocalMail(edge, localDomains: localDomains) {
                guard case .server(let peer) = edge.to, added.insert(peer).inserted else { continue }
                senders[peer.index].append(edge.from)
            }
        }
        return senders
    }
}
