import PortolanDiagnostics
import PortolanLanguage

/// PT403–PT406: whether a sender's session reaches a peer at all, and with which TLS.
extension PeerRules {
    static func transport(_ peer: PeerDescription) -> [Diagnostic] {
        let outbound = peer.sender.smtp.outbound
        switch Model.path(outbound, to: peer.target.offer) {
        case .ssl: return []
        case nil: return [sslOnly(peer)]
        case .tcp:
            guard peer.target.offer.tcpPort != nil else { return [closedTCP(peer)] }
            return startTLS(peer)
        }
    }

    // MARK: PT403

    /// PT403 at the sender's edge (nothing in the sender's TCP settings can fix
    /// it), a note at what closes the peer's TCP port.
    private static func closedTCP(_ peer: PeerDescription) -> Diagnostic {
        let ssl = peer.sender.smtp.outbound.ssl
        let closed = peer.tcpClosed
        let noSSL: String
        if !ssl.enabled.value {
            noSSL = "\(peer.senderName)'s outbound SSL is disabled"
        } else if let port = peer.target.offer.sslPort {
            noSSL = "\(peer.senderName) sends SSL to port \(ssl.port.value), \(peer.name) listens on \(port)"
        } else {
            noSSL = "\(peer.name) has no SSL port"
        }
        let help = peer.target.offer.sslPort.map {
            "enable smtp.outbound.ssl with port \($0) on \(peer.senderName), or let \(peer.name) listen on TCP"
        } ?? "let \(peer.name) listen on TCP (listener on, inbound TCP port enabled)"
        return Diagnostic(
            .noTCPOrSSLPath, "\(peer.senderName) sends SMTP \(peer.phrase) over TCP, but \(peer.name) \(closed.reason), "
                + "and there is no SSL path (\(noSSL))",
            at: peer.target.edgeSpan, notes: [closed.note], help: help)
    }

    // MARK: PT404

    /// PT404 when the sender's TCP mode is disabled and no SSL path works: at the
    /// sender's outbound SSL port when the peer has another SSL port, else at the
    /// sender's TCP mode.
    private static func sslOnly(_ peer: PeerDescription) -> Diagnostic {
        let outbound = peer.sender.smtp.outbound
        let code = DiagnosticCode.sslPortMismatch
        guard outbound.ssl.enabled.value else {
            return Diagnostic(
                code,
                "\(peer.senderName) has outbound TCP and SSL both disabled, so it cannot send SMTP \(peer.phrase)",
                at: outbound.tcpMode.span, notes: [peer.edgeNote],
                help: "set smtp.outbound.tcp.mode: enabled on \(peer.senderName), or enable smtp.outbound.ssl")
        }
        if let port = peer.target.offer.sslPort {
            return Diagnostic(
                code,
                "\(peer.senderName) sends SMTP \(peer.phrase) only over SSL, on port \(outbound.ssl.port.value), "
                    + "but \(peer.name)'s SSL port is \(port)",
                at: outbound.ssl.port.span, notes: [peer.sslNote(), peer.edgeNote],
                help: "set smtp.outbound.ssl.port: \(port) on \(peer.senderName), or enable its outbound TCP")
        }
        return Diagnostic(
            code,
            "\(peer.senderName) sends SMTP \(peer.phrase) only over SSL (outbound TCP disabled), but \(peer.name) has no SSL port",
            at: outbound.tcpMode.span, notes: [peer.sslNote(), peer.edgeNote],
            help: "set smtp.outbound.tcp.mode: enabled on \(peer.senderName), or enable \(peer.name)'s SSL port")
    }

    // MARK: PT405, PT406

    /// PT405 and PT406 at the sender's TCP mode, a note at the peer's STARTTLS.
    /// Checked whenever the sender uses TCP to a peer that listens on TCP, even on
    /// another port (PT401): once the port is fixed the session would fail here.
    private static func startTLS(_ peer: PeerDescription) -> [Diagnostic] {
        let mode = peer.sender.smtp.outbound.tcpMode
        let offered = peer.target.offer.starttls
        if offered == .required, mode.value != .starttls {
            return [Diagnostic(
                .peerRequiresStarttls, "\(peer.senderName) sends SMTP \(peer.phrase) without STARTTLS, but \(peer.name) requires STARTTLS "
                    + "and refuses the mail",
                at: mode.span, notes: [peer.startTLSNote(), peer.edgeNote],
                help: "set smtp.outbound.tcp.mode: starttls on \(peer.senderName)")]
        }
        if mode.value == .starttls, offered == .disabled {
            let fix = peer.isServer ? "enable STARTTLS on \(peer.name)" : "use a host that offers STARTTLS"
            return [Diagnostic(
                .starttlsNotOffered, "\(peer.senderName) uses STARTTLS \(peer.phrase), but \(peer.name) does not offer it: "
                    + "mail to \(peer.name) travels unencrypted",
                at: mode.span, notes: [peer.startTLSNote(), peer.edgeNote],
                help: "\(fix), or reach it over SSL (smtp.outbound.ssl)")]
        }
        return []
    }
}
