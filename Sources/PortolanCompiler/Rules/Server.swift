import PortolanDiagnostics
import PortolanLanguage

/// PT301–PT314: the rules about one server. Sites are in ServerSites.swift, TLS
/// and STARTTLS in ServerTLS.swift, access and authentication in ServerAccess.swift;
/// ports and host names are here.
enum ServerRules {
    static func check(_ model: Model) -> [Diagnostic] {
        var diagnostics = siteCoverage(model) + overlappingSites(model) + unservedPorts(model)
            + unsupportedSiteAuthentication(model)
        // Most servers pass every check: only what is found is appended.
        func report(_ found: [Diagnostic]) {
            if !found.isEmpty { diagnostics += found }
        }
        for server in model.serverIDs {
            report(ignoredServerAuth(model, server))
            report(unmappedAddresses(model, server))
            report(keyRings(model, server))
            report(startTLS(model, server))
            report(passwordsWithoutTLS(model, server))
            report(accessLists(model, server))
            report(unusablePasswords(model, server))
            report(portClashes(model, server))
            report(hostName(model, server))
        }
        return diagnostics
    }

    // MARK: PT308

    /// PT308 at the later of two ports with the same number, a note at the first.
    /// Every listener of a server binds all of the server's addresses, so any two
    /// enabled ports with one number clash. A server binds at most a port per
    /// protocol and transport, so the earlier ports are searched in turn.
    static func portClashes(_ model: Model, _ server: ServerID) -> [Diagnostic] {
        let ports = model.boundPorts(of: server)
        var diagnostics: [Diagnostic] = []
        for (position, port) in ports.enumerated() where !port.restsOnRefusedValue {
            guard let earlier = ports[..<position].first(where: { $0.number == port.number && !$0.restsOnRefusedValue }) else { continue }
            let name = model[server].name.value
            diagnostics.append(Diagnostic(
                .portClash, "\(name) binds port \(port.number) twice: \(earlier.label) and \(port.label)",
                at: port.span, notes: [DiagnosticNote("\(earlier.label) is on port \(port.number) here", at: earlier.span)],
                help: "move \(port.label) or \(earlier.label) to another port, or disable one of them"))
        }
        return diagnostics
    }

    // MARK: PT312

    /// True when `server` takes part in SMTP: it listens, or it sends.
    static func usesSMTP(_ server: Server) -> Bool {
        server.smtp.listener.value || server.smtp.withinDomain.value || server.smtp.outbound.relay != nil
            || !server.smtp.outbound.routes.isEmpty
    }

    /// PT312 at `host` when it is not fully qualified, at the server's name when absent.
    static func hostName(_ model: Model, _ server: ServerID) -> [Diagnostic] {
        let definition = model[server]
        guard usesSMTP(definition) else { return [] }
        let name = definition.name.value
        var help: String { "set host to \(name)'s fully qualified Internet host name, such as \(name).\(exampleDomain(model))" }
        guard let host = definition.host else {
            return [Diagnostic(
                .noQualifiedHostName, "\(name) uses SMTP but has no host name",
                at: definition.name.span, help: help)]
        }
        guard !HostName.isFullyQualified(host.value) else { return [] }
        return [Diagnostic(
            .noQualifiedHostName, "\(name) uses SMTP but its host '\(host.value)' is not a fully qualified host name",
            at: host.span, help: help)]
    }

    private static func exampleDomain(_ model: Model) -> String {
        model.topology.internetDomains.first?.value ?? "example.com"
    }
}
