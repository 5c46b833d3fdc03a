import PortolanDiagnostics
import PortolanLanguage

/// PT305–PT307 and PT313: TLS, STARTTLS and key rings on a server's inbound side.
extension ServerRules {
    // MARK: PT305

    /// PT305 at the SSL port's `enabled` when that is on, else at `starttls`. A
    /// server's key ring serves every site; without one, every SMTP site hosted
    /// by a server that loads Internet Sites needs its own.
    static func keyRings(_ model: Model, _ server: ServerID) -> [Diagnostic] {
        let definition = model[server]
        let inbound = definition.smtp.inbound
        let ssl = inbound.ssl.enabled.value, starttls = inbound.starttls.value != .disabled
        guard definition.smtp.listener.value, ssl || starttls, definition.tls == nil,
              !definition.smtp.listeningRestsOnRefusedValue else { return [] }
        let name = definition.name.value
        var owners = "has no key ring"
        if definition.internetSites.value {
            let lacking = model.smtpSites(hostedOn: server).map { model[$0] }.filter { $0.tls == nil }.map(\.name.value)
            guard !lacking.isEmpty else { return [] }
            owners = "neither it nor its SMTP site\(lacking.count == 1 ? "" : "s") \(Wording.list(lacking)) has a key ring"
        }
        let uses = [ssl ? "the SSL port \(inbound.ssl.port.value)" : nil, starttls ? "STARTTLS (\(inbound.starttls.value))" : nil]
        return [Diagnostic(
            .tlsWithoutKeyRing, "\(name) enables \(uses.compactMap { $0 }.joined(separator: " and ")) but \(owners)",
            at: ssl ? inbound.ssl.enabled.span : inbound.starttls.span,
            help: "add tls: { certificate: ..., key: ... } to \(name)")]
    }

    // MARK: PT306, PT307

    /// PT306 at `starttls` with a note at what is off; PT307 at `starttls: required`.
    static func startTLS(_ model: Model, _ server: ServerID) -> [Diagnostic] {
        let definition = model[server]
        let smtp = definition.smtp, starttls = smtp.inbound.starttls
        guard starttls.value != .disabled, !smtp.listeningRestsOnRefusedValue else { return [] }
        let name = definition.name.value
        let off: DiagnosticNote?
        if !smtp.listener.value {
            off = DiagnosticNote("\(name)'s SMTP listener is off here", at: smtp.listener.span)
        } else if !smtp.inbound.tcp.enabled.value {
            off = DiagnosticNote("\(name)'s inbound TCP port is disabled here", at: smtp.inbound.tcp.enabled.span)
        } else {
            off = nil
        }
        if let off {
            return [Diagnostic(
                .starttlsWithoutTCP, "\(name) sets STARTTLS to \(starttls.value) but does not listen on its TCP port",
                at: starttls.span, notes: [off],
                help: "enable the inbound TCP port and the listener of \(name), or set starttls: disabled")]
        }
        guard starttls.value == .required else { return [] }
        return [Diagnostic(
            .starttlsRequiredInbound, "\(name) requires STARTTLS on port \(smtp.inbound.tcp.port.value): senders that do not use STARTTLS "
                + "are refused and their mail is not delivered",
            at: starttls.span,
            help: "make sure every sender sets smtp.outbound.tcp.mode: starttls, or set starttls: enabled")]
    }

    // MARK: PT313

    /// PT313 at `starttls` (the setting that fixes it), a note at the name and
    /// password option offered on TCP: the server's own, or its SMTP sites'.
    static func passwordsWithoutTLS(_ model: Model, _ server: ServerID) -> [Diagnostic] {
        let definition = model[server]
        let smtp = definition.smtp
        guard smtp.listener.value, smtp.inbound.tcp.enabled.value, smtp.inbound.starttls.value == .disabled,
              !smtp.listeningRestsOnRefusedValue, let offered = tcpNamePassword(model, server), !offered.isRefused else { return [] }
        let name = definition.name.value
        return [Diagnostic(
            .passwordWithoutStarttls, "\(name) offers name and password on its TCP port \(smtp.inbound.tcp.port.value) without STARTTLS: "
                + "the listener accepts AUTH only after TLS, so nobody can authenticate there",
            at: smtp.inbound.starttls.span,
            notes: [DiagnosticNote("name and password are offered on TCP here", at: offered.span)],
            help: "set smtp.inbound.starttls: enabled on \(name), or turn name_password off on TCP")]
    }

    /// The `name_password: true` that applies to `server`'s TCP port, if any.
    private static func tcpNamePassword(_ model: Model, _ server: ServerID) -> Located<Bool>? {
        let definition = model[server]
        if definition.internetSites.value {
            return model.smtpSites(hostedOn: server).lazy.map { model[$0].security.tcp.namePassword }
                .first { $0.value }
        }
        guard let option = definition.smtp.inbound.auth?.tcp.namePassword, option.value else { return nil }
        return option
    }
}
