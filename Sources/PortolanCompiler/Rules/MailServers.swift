import PortolanDiagnostics
import PortolanLanguage

/// PT416: a user's `mail_server` must be a server that takes SMTP: mail for
/// the user is sent there (with `within_domain`) or kept there.
extension PeerRules {
    static func mailServers(_ model: Model) -> [Diagnostic] {
        model.topology.users.compactMap { user -> Diagnostic? in
            guard let named = user.mailServer else { return nil }
            let userName = user.name.value
            if let external = model.external(named: named.value) {
                return Diagnostic(
                    .mailServerCannotTakeMail, "the mail server of \(userName) is \(named.value), an external host: a mailbox is held on a server of the topology",
                    at: named.span,
                    notes: [DiagnosticNote("\(named.value) is defined under external here", at: model[external].name.span)],
                    help: "set mail_server to a server of the topology with an SMTP listener, or leave it out")
            }
            guard let server = model.server(named: named.value), !model[server].smtp.listener.value else { return nil }
            let listener = model[server].smtp.listener
            return Diagnostic(
                .mailServerCannotTakeMail, "the mail server of \(userName) is \(named.value), which runs no SMTP listener: mail for \(userName) cannot reach it",
                at: named.span,
                notes: [DiagnosticNote("\(named.value)'s SMTP listener is off here", at: listener.span)],
                help: "set smtp.listener: true on \(named.value), or choose a mail server with an SMTP listener")
        }
    }
}
