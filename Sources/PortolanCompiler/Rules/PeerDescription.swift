import PortolanDiagnostics
import PortolanLanguage

/// How the peer checks name a sender's peer in messages and point at the peer's
/// settings in notes.
struct PeerDescription {
    let sender: Server
    let target: PeerTarget
    /// The peer's name as the topology spells it.
    let name: String
    /// The peer's own definition.
    private let definition: Definition

    private enum Definition {
        case server(ServerID, Server)
        case external(ExternalHost)
    }

    init(model: borrowing Model, sender: Server, target: PeerTarget) {
        self.sender = sender
        self.target = target
        switch target.peer {
        case .server(let id):
            let server = model[id]
            definition = .server(id, server)
            name = server.name.value
        case .external(let id):
            let external = model[id]
            definition = .external(external)
            name = external.name.value
        }
    }

    var senderName: String { sender.name.value }

    var isServer: Bool {
        if case .server = target.peer { return true }
        return false
    }

    /// `to its relay host hub`, `to its route target hub`, `within the domain to
    /// hub`, `within the domain to hub and 3 more servers like it`.
    var phrase: String {
        switch target.kind {
        case .relay: return "to its relay host \(name)"
        case .route: return "to its route target \(name)"
        case .withinDomain:
            let more = target.alike == 0 ? "" : " and \(Wording.count(target.alike, "more server")) like it"
            return "within the domain to \(name)\(more)"
        }
    }

    /// `hub` or `hub and 3 more`, for lists of peers.
    var shortName: String { target.alike == 0 ? name : "\(name) and \(target.alike) more" }

    /// Where the sender's edge comes from.
    var edgeNote: DiagnosticNote {
        switch target.kind {
        case .relay: return DiagnosticNote("\(senderName) relays to \(name) here", at: target.edgeSpan)
        case .route: return DiagnosticNote("\(senderName) routes to \(name) here", at: target.edgeSpan)
        case .withinDomain:
            return DiagnosticNote("\(senderName) sends to every server with an SMTP listener here", at: target.edgeSpan)
        }
    }

    /// The peer's inbound TCP port.
    func tcpPortNote(_ port: Int) -> DiagnosticNote {
        switch definition {
        case .server(_, let server):
            return DiagnosticNote("\(name) listens on port \(port) here", at: server.smtp.inbound.tcp.port.span)
        case .external(let external):
            return DiagnosticNote("\(name) listens on port \(port) here", at: external.inbound.tcp?.span ?? external.inbound.span)
        }
    }

    /// Why nothing listens on the peer's TCP port, and where that is set.
    var tcpClosed: (reason: String, note: DiagnosticNote) {
        switch definition {
        case .server(_, let server) where !server.smtp.listener.value:
            return ("runs no SMTP listener", DiagnosticNote("\(name)'s SMTP listener is off here", at: server.smtp.listener.span))
        case .server(_, let server):
            return ("has its inbound TCP port disabled",
                    DiagnosticNote("\(name)'s inbound TCP port is disabled here", at: server.smtp.inbound.tcp.enabled.span))
        case .external(let external):
            return ("offers no TCP port", DiagnosticNote("\(name)'s inbound has no tcp port", at: external.inbound.span))
        }
    }

    /// The peer's SSL port, or why it has none.
    func sslNote() -> DiagnosticNote {
        switch definition {
        case .server(_, let server):
            let smtp = server.smtp
            if let port = target.offer.sslPort {
                return DiagnosticNote("\(name)'s SSL port is \(port) here", at: smtp.inbound.ssl.port.span)
            }
            if !smtp.listener.value { return DiagnosticNote("\(name)'s SMTP listener is off here", at: smtp.listener.span) }
            return DiagnosticNote("\(name)'s SSL port is disabled here", at: smtp.inbound.ssl.enabled.span)
        case .external(let external):
            guard let port = external.inbound.ssl else {
                return DiagnosticNote("\(name)'s inbound has no ssl port", at: external.inbound.span)
            }
            return DiagnosticNote("\(name)'s SSL port is \(port.value) here", at: port.span)
        }
    }

    /// The peer's STARTTLS setting.
    func startTLSNote() -> DiagnosticNote {
        switch definition {
        case .server(_, let server):
            let policy = server.smtp.inbound.starttls
            let text = policy.value == .required ? "requires STARTTLS" : "has STARTTLS \(policy.value)"
            return DiagnosticNote("\(name) \(text) here", at: policy.span)
        case .external(let external):
            let starttls = external.inbound.starttls
            return DiagnosticNote("\(name) \(starttls.value ? "offers" : "does not offer") STARTTLS here", at: starttls.span)
        }
    }

    /// Where the peer's authentication `option` on `port` is set: the serving
    /// site's security, the server's own, its defaults, or the external host's inbound.
    func authNote(
        on port: InboundPort, tls: Bool, about option: KeyPath<AuthOptions, Located<Bool>>, _ text: String, in model: Model
    ) -> DiagnosticNote {
        switch definition {
        case .external(let external):
            let span = option == \AuthOptions.anonymous ? external.inbound.anonymous.span : external.inbound.namePassword.span
            return DiagnosticNote("\(name) \(text) here", at: span)
        case .server(let id, let server):
            let auth = model.inboundAuth(of: id, port: port, tls: tls)
            switch auth.source {
            case .noSite:
                return DiagnosticNote(
                    "\(name) loads Internet Sites, and no SMTP site hosted on it serves \(server.host?.value ?? name)",
                    at: auth.options.anonymous.span)
            case .site(let site) where auth.refusesEveryone:
                return DiagnosticNote(
                    "SMTP site \(model[site].name.value) allows no authentication option on \(port.rawValue.uppercased())",
                    at: model[site].security.span)
            case .site(let site):
                return DiagnosticNote(
                    "SMTP site \(model[site].name.value), which serves \(name), \(text) here", at: auth.options[keyPath: option].span)
            case .server, .defaults:
                return DiagnosticNote("\(name) \(text) here", at: auth.options[keyPath: option].span)
            }
        }
    }
}
