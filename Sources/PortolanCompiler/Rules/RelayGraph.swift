import PortolanDiagnostics
import PortolanLanguage

/// PT408 and PT409: relay loops and edges to oneself.
extension PeerRules {
    // MARK: PT408

    /// PT408 once per loop of relay hosts, at the `relay` of the loop's server
    /// with the smallest name, notes at the other servers' `relay`. Every server
    /// has at most one relay, so the relay graph is a functional graph: one walk
    /// per server with three colours finds each loop exactly once, in linear time.
    static func relayLoops(_ model: Model) -> [Diagnostic] {
        let next: [Int?] = model.serverIDs.map { server in
            guard let edge = model.explicitEdges(from: server).first(where: { $0.kind == .relay }),
                  case .server(let target) = edge.to, target != server else { return nil }
            return target.index
        }
        return cycles(next).map { describeLoop($0, model) }
    }

    /// The cycles of the functional graph `next`, each as the list of its nodes
    /// in edge order.
    static func cycles(_ next: [Int?]) -> [[Int]] {
        enum Colour { case unvisited, onPath, done }
        var colour = [Colour](repeating: .unvisited, count: next.count)
        var result: [[Int]] = []
        var path: [Int] = []
        for start in next.indices where colour[start] == .unvisited {
            path.removeAll(keepingCapacity: true)
            var node: Int? = start
            while let current = node, colour[current] == .unvisited {
                colour[current] = .onPath
                path.append(current)
                node = next[current]
            }
            if let current = node, colour[current] == .onPath, let entry = path.firstIndex(of: current) {
                result.append(Array(path[entry...]))
            }
            for visited in path { colour[visited] = .done }
        }
        return result
    }

    private static func describeLoop(_ cycle: [Int], _ model: Model) -> Diagnostic {
        let names = cycle.map { model.topology.servers[$0].name.value }
        let first = names.indices.min { names[$0] < names[$1] }!
        let ordered = Array(cycle[first...] + cycle[..<first])
        let relaySpan = { (index: Int) in model.topology.servers[index].smtp.outbound.relay!.span }
        let orderedNames = ordered.map { model.topology.servers[$0].name.value }
        let notes = ordered.indices.dropFirst().map { position in
            DiagnosticNote(
                "\(orderedNames[position]) relays to \(orderedNames[(position + 1) % ordered.count]) here",
                at: relaySpan(ordered[position]))
        }
        return Diagnostic(
            .relayLoop, "relay loop: \((orderedNames + [orderedNames[0]]).joined(separator: " → "))",
            at: relaySpan(ordered[0]), notes: notes,
            help: "mail for other domains circles between these servers: let one of them relay to a host outside the loop")
    }

    // MARK: PT409

    /// PT409 at the `relay` or route `to` that names the server itself (by name or host).
    static func selfEdges(_ model: Model) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for server in model.serverIDs {
            for edge in model.explicitEdges(from: server) where edge.isSelfEdge {
                let name = model[server].name.value
                let what = edge.kind == .relay ? "\(name) relays to itself" : "a route of \(name) goes to \(name) itself"
                diagnostics.append(Diagnostic(
                    .sendsToItself, "\(what): the mail never leaves",
                    at: edge.span,
                    help: edge.kind == .relay ? "set relay to another host, or remove it" : "remove the route, or point it at another host"))
            }
        }
        return diagnostics
    }
}
