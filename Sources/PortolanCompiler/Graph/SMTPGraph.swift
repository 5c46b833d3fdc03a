import PortolanDiagnostics
import PortolanLanguage

/// The SMTP edge graph of a model, ready to draw: every server and external host,
/// every edge (within-domain ones included) with how the sender reaches the peer,
/// and the PT4xx codes that fail on the edge, found by the same checks `check` runs.
public struct SMTPGraph: Sendable {
    public private(set) var nodes: [GraphNode] = []
    public private(set) var edges: [GraphEdge] = []

    public init(model: Model) {
        for id in model.serverIDs {
            let server = model[id]
            nodes.append(GraphNode(name: server.name.value, host: server.host?.value ?? "", isExternal: false))
        }
        for external in model.topology.externals {
            nodes.append(GraphNode(name: external.name.value, host: external.host?.value ?? "", isExternal: true))
        }
        let loops = Self.relayLoopEdges(model)
        let admissions = PeerRules.Admissions()
        for sender in model.serverIDs {
            edges += Self.edges(of: sender, in: model, loops: loops, admissions: admissions)
        }
    }

    static func edges(
        of sender: ServerID, in model: Model, loops: Set<ServerID>, admissions: PeerRules.Admissions
    ) -> [GraphEdge] {
        var seen = Set<PeerID>()
        var targets: [(PeerTarget, SMTPEdge)] = []
        for edge in model.edges(from: sender) where seen.insert(edge.to).inserted {
            targets.append((PeerTarget(peer: edge.to, alike: 0, kind: edge.kind, edgeSpan: edge.span, offer: model.offer(of: edge.to)), edge))
        }
        let peers = targets.filter { !$0.1.isSelfEdge }.map { PeerDescription(model: model, sender: model[sender], target: $0.0) }
        let differentPorts = Set(peers.compactMap(PeerRules.tcpPort(of:))).count > 1
        let outboundPort = model[sender].smtp.outbound.tcpPort.value
        return targets.map { target, edge in
            var codes: [DiagnosticCode] = []
            if edge.isSelfEdge {
                codes.append(.sendsToItself)
            } else {
                let peer = PeerDescription(model: model, sender: model[sender], target: target)
                if differentPorts, let port = PeerRules.tcpPort(of: peer), port != outboundPort { codes.append(.peersOnDifferentPorts) }
                let found = (differentPorts ? [] : PeerRules.ports([target], from: model[sender], in: model)) 
                    + PeerRules.sessionDiagnostics(peer, from: sender, in: model, admissions: admissions)
                codes += found.map(\.code)
                if edge.kind == .relay && loops.contains(sender) { codes.append(.relayLoop) }
            }
            return GraphEdge(
                from: model[sender].name.value, to: model.name(of: edge.to), kind: edge.kind == .withinDomain ? "within domain" : edge.kind.rawValue,
                transport: transport(model.connection(from: sender, to: edge.to)), codes: Array(Set(codes)).sorted())
        }
    }

    static func transport(_ connection: SMTPConnection) -> String {
        switch connection.path {
        case .ssl(let port)?: return "SSL :\(port)"
        case .tcp(let port, let starttls)?: return (starttls ? "STARTTLS :" : "plain :") + String(port)
        case nil: return "no path"
        }
    }

    /// Servers whose relay edge is part of a relay loop.
    static func relayLoopEdges(_ model: Model) -> Set<ServerID> {
        var relayOf: [ServerID: ServerID] = [:]
        for id in model.serverIDs {
            if let edge = model.explicitEdges(from: id).first(where: { $0.kind == .relay }), case .server(let target) = edge.to {
                relayOf[id] = target
            }
        }
        var inLoop = Set<ServerID>()
        var finished = Set<ServerID>()
        for start in model.serverIDs where !finished.contains(start) {
            var path: [ServerID] = []
            var position: [ServerID: Int] = [:]
            var current: ServerID? = start
            while let node = current, !finished.contains(node) {
                if let index = position[node] {
                    inLoop.formUnion(path[index...])
                    break
                }
                position[node] = path.count
                path.append(node)
                current = relayOf[node]
            }
            finished.formUnion(path)
        }
        return inLoop
    }
}
