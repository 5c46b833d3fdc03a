import PortolanDiagnostics
import PortolanLanguage

/// PT413: a server without a relay host sends Internet mail to the
/// recipients' MX hosts, which listen on port 25 without implicit TLS; its
/// one outbound setting must reach them.
extension PeerRules {
    static func internetPath(_ model: Model) -> [Diagnostic] {
        model.serverIDs.compactMap { id -> Diagnostic? in
            let server = model[id]
            let outbound = server.smtp.outbound
            guard outbound.relay == nil else { return nil }
            let name = server.name.value
            if outbound.tcpMode.value == .disabled {
                return Diagnostic(
                    .mxPortMismatch, "\(name) has no relay host, so it sends Internet mail to the recipients' MX hosts, "
                        + "which take mail on TCP port 25; but \(name) sends over SSL only",
                    at: outbound.tcpMode.span,
                    help: "set smtp.outbound.tcp.mode: enabled on \(name), or give it a relay host (smtp.outbound.relay)")
            }
            guard outbound.tcpPort.value != 25 else { return nil }
            return Diagnostic(
                .mxPortMismatch, "\(name) has no relay host, so it sends Internet mail to the recipients' MX hosts, "
                    + "which listen on port 25; but \(name) sends on port \(outbound.tcpPort.value)",
                at: outbound.tcpPort.span,
                help: "give \(name) a relay host that listens on \(outbound.tcpPort.value) (smtp.outbound.relay), "
                    + "or set smtp.outbound.tcp.port: 25")
        }
    }
}
