import PortolanBundle
import PortolanDiagnostics
import PortolanLanguage

/// PT407, PT411 and PT414: whether the peer lets the sender in, and whether
/// the sender can authenticate to its relay host.
extension PeerRules {
    /// The port the sender's session arrives at and whether it runs over TLS
    /// when it sends mail (a STARTTLS session refused while plain never gets
    /// to TLS); nil when it arrives nowhere (PT403, PT404 report that).
    static func session(_ peer: PeerDescription) -> (port: InboundPort, tls: Bool)? {
        let offer = peer.target.offer
        switch Model.path(peer.sender.smtp.outbound, to: offer) {
        case .ssl: return (.ssl, true)
        case .tcp(_, let negotiated): return offer.tcpPort == nil ? nil : (.tcp, negotiated && !offer.tcpAuth.refusesEveryone)
        case nil: return nil
        }
    }

    /// What the authentication checks found, and whether the sender's
    /// session ends up authenticated (PT412 asks).
    struct AuthenticationOutcome {
        var diagnostics: [Diagnostic] = []
        var authenticates = false
    }

    static func authentication(_ peer: PeerDescription, in model: Model, admissions: Admissions) -> AuthenticationOutcome {
        guard let session = session(peer) else { return AuthenticationOutcome() }
        let auth = peer.target.offer.auth(on: session.port, tls: session.tls)
        // A peer that refuses every session: nothing the sender sets helps.
        if auth.refusesEveryone {
            return AuthenticationOutcome(diagnostics: anonymous(peer, session, in: model).map { [$0] } ?? [])
        }
        let relayAuth = peer.sender.smtp.outbound.relayAuth
        guard peer.target.kind == .relay, relayAuth.value != .disabled else {
            return AuthenticationOutcome(diagnostics: anonymous(peer, session, in: model).map { [$0] } ?? [])
        }
        guard let failed = relayAuthentication(peer, session, in: model, admissions: admissions) else {
            return AuthenticationOutcome(authenticates: true)
        }
        // `enabled` falls back to an anonymous session when authentication fails; `required` does not.
        let fallback = relayAuth.value == .enabled ? anonymous(peer, session, in: model) : nil
        return AuthenticationOutcome(diagnostics: [failed] + (fallback.map { [$0] } ?? []))
    }

    // MARK: PT407

    /// PT407 at the sender's `relay_auth` when the peer is its relay host and
    /// could authenticate it (that is the setting to change), else at the
    /// route or `within_domain` (only a relay host is ever authenticated to);
    /// a note at the peer's authentication. The help offers only fixes the
    /// next run accepts: `relay_auth` only where the peer offers name and password.
    private static func anonymous(
        _ peer: PeerDescription, _ session: (port: InboundPort, tls: Bool), in model: Model
    ) -> Diagnostic? {
        let auth = peer.target.offer.auth(on: session.port, tls: session.tls)
        guard auth.refusesEveryone || !auth.anonymous else { return nil }
        let portName = session.port.rawValue.uppercased()
        let isRelay = peer.target.kind == .relay
        let problem = auth.refusesEveryone
            ? "but \(peer.name) answers every session on its \(portName) port with \(ServerRules.refusal)"
            : "but \(peer.name) refuses anonymous sessions on its \(portName) port"
        let help: String
        if auth.refusesEveryone {
            help = peer.isServer
                ? "let an SMTP site hosted on \(peer.name) serve its address (or set internet_sites: false on \(peer.name)), "
                    + "and allow a way in on its \(portName) port"
                : "allow anonymous sessions on \(peer.name)'s \(portName) port"
        } else if isRelay && auth.namePassword {
            help = "set smtp.outbound.relay_auth: required and a relay_login on \(peer.senderName), "
                + "or allow anonymous sessions on \(peer.name)'s \(portName) port"
        } else if isRelay {
            help = "allow anonymous sessions on \(peer.name)'s \(portName) port"
        } else {
            help = "allow anonymous sessions on \(peer.name)'s \(portName) port: \(peer.senderName) authenticates only to its relay host"
        }
        let atRelayAuth = isRelay && auth.namePassword && !auth.refusesEveryone
        return Diagnostic(
            .peerRefusesAnonymous, "\(peer.senderName) sends SMTP \(peer.phrase) without authenticating, \(problem)",
            at: atRelayAuth ? peer.sender.smtp.outbound.relayAuth.span : peer.target.edgeSpan,
            notes: [peer.authNote(on: session.port, tls: session.tls, about: \.anonymous, "refuses anonymous sessions", in: model), peer.edgeNote],
            help: help)
    }

    // MARK: PT411, PT414

    /// PT411 at the sender's `relay_auth` when the relay host offers no name
    /// and password on the port the session arrives at, or (a Portolan
    /// listener) offers it on TCP only after STARTTLS, which this session does
    /// not do; else PT414 when the sender has no `relay_login` or its user
    /// cannot log in at the relay host. nil when authentication succeeds.
    private static func relayAuthentication(
        _ peer: PeerDescription, _ session: (port: InboundPort, tls: Bool), in model: Model, admissions: Admissions
    ) -> Diagnostic? {
        let outbound = peer.sender.smtp.outbound
        let auth = peer.target.offer.auth(on: session.port, tls: session.tls)
        let portName = session.port.rawValue.uppercased()
        let head = "\(peer.senderName) authenticates to its relay host \(peer.name) (relay_auth: \(outbound.relayAuth.value)), "
        if !auth.namePassword {
            return Diagnostic(
                .relayAuthenticationWithoutPassword, head + "but \(peer.name) offers no name and password authentication on its \(portName) port",
                at: outbound.relayAuth.span,
                notes: [peer.authNote(on: session.port, tls: session.tls, about: \.namePassword, "offers no name and password", in: model)],
                help: "allow name_password on \(peer.name)'s \(portName) port, or set relay_auth: disabled on \(peer.senderName)")
        }
        if peer.isServer, session.port == .tcp, !session.tls {
            return Diagnostic(
                .relayAuthenticationWithoutPassword, head + "but \(peer.name) accepts name and password on TCP only after STARTTLS, "
                    + "and this session does not use STARTTLS",
                at: outbound.relayAuth.span, notes: [peer.startTLSNote()],
                help: "set smtp.outbound.tcp.mode: starttls on \(peer.senderName) and enable STARTTLS on \(peer.name)")
        }
        return loginProblem(peer, head: head, in: model, admissions: admissions)
    }

    /// PT414: no `relay_login`, or its user cannot log in at the relay host
    /// (the host's admission model has no such login: no password, outside
    /// an enforced access list, or the host takes no authenticated users).
    private static func loginProblem(
        _ peer: PeerDescription, head: String, in model: Model, admissions: Admissions
    ) -> Diagnostic? {
        let outbound = peer.sender.smtp.outbound
        guard let login = outbound.relayLogin else {
            return Diagnostic(
                .relayAuthenticationFails, head + "but has no relay_login to authenticate with",
                at: outbound.relayAuth.span, notes: [peer.edgeNote],
                help: "add smtp.outbound.relay_login: { user: USER, password_file: PATH } on \(peer.senderName), "
                    + "or set relay_auth: disabled")
        }
        // An undefined user is PT202: no advice built on it.
        guard case .server(let server) = peer.target.peer, let user = model.user(named: login.user.value) else { return nil }
        let definition = model[user]
        guard admissions.of(server, in: model, users: true).admission.user(login: model.loginName(of: user)) == nil else { return nil }
        let target = model[server]
        let reason: String
        let note: DiagnosticNote
        if !target.smtp.inbound.authenticatedUsers.value {
            reason = "\(peer.name) does not accept authenticated users"
            note = DiagnosticNote("\(peer.name)'s authenticated_users is off here", at: target.smtp.inbound.authenticatedUsers.span)
        } else if definition.password == nil {
            reason = "\(definition.name.value) has no password"
            note = DiagnosticNote("\(definition.name.value) is defined here", at: definition.name.span)
        } else {
            reason = "\(definition.name.value) does not pass \(peer.name)'s access list, which is enforced"
            note = DiagnosticNote("\(peer.name) enforces server access here", at: target.smtp.inbound.enforceServerAccess.span)
        }
        return Diagnostic(
            .relayAuthenticationFails, head + "as \(definition.name.value), who cannot log in there: \(reason); AUTH is answered 535 5.7.8",
            at: login.user.span, notes: [note],
            help: "log in as a user who may access \(peer.name) and has a password, or let \(definition.name.value) access it")
    }
}
