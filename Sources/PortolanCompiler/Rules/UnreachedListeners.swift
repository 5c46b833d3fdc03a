import PortolanDiagnostics
import PortolanLanguage

/// PT410: a listener on a non-standard port that nothing sends to.
extension PeerRules {
    /// PT410 at the inbound TCP port of a listening server on a port other than 25
    /// that no relay or route names and that no other server reaches through
    /// `within_domain` (which reaches every listener, so one count suffices).
    static func unreachedListeners(_ model: Model) -> [Diagnostic] {
        var targeted = [Bool](repeating: false, count: model.topology.servers.count)
        for server in model.serverIDs {
            for edge in model.explicitEdges(from: server) where !edge.isSelfEdge {
                if case .server(let target) = edge.to { targeted[target.index] = true }
            }
        }
        let withinDomainSenders = model.withinDomainSenders.count
        return model.smtpListeners.compactMap { server in
            let definition = model[server]
            let tcp = definition.smtp.inbound.tcp
            let othersWithinDomain = withinDomainSenders - (definition.smtp.withinDomain.value ? 1 : 0)
            guard tcp.enabled.value, tcp.port.value != 25, !targeted[server.index], othersWithinDomain == 0,
                  !definition.smtp.listeningRestsOnRefusedValue
            else { return nil }
            let name = definition.name.value
            return Diagnostic(
                .unusedNonStandardPort, "\(name) listens on port \(tcp.port.value), but nothing in the topology sends to it: "
                    + "outside clients try port 25",
                at: tcp.port.span,
                help: "point a relay or route at \(name) from a server whose outbound port is \(tcp.port.value), "
                    + "or move \(name)'s inbound TCP port back to 25")
        }
    }
}
