import PortolanDiagnostics
import PortolanLanguage

/// PT309 and PT310: who may access a server, and who can authenticate to it.
extension ServerRules {
    // MARK: PT309

    /// PT309 at the access list (at `enforce_server_access` when no list is
    /// written), with a note at `enforce_server_access`. Only for a listening server.
    static func accessLists(_ model: Model, _ server: ServerID) -> [Diagnostic] {
        let definition = model[server]
        let enforce = definition.smtp.inbound.enforceServerAccess
        guard enforce.value, listens(definition), model.admittedUsers(of: server).isEmpty,
              !model.admitsAServer(server) else { return [] }
        let name = definition.name.value
        return [Diagnostic(
            .nobodyPassesAccess, "\(name) enforces its access list for SMTP, but no defined user or server passes it",
            at: definition.access.span ?? enforce.span,
            notes: [DiagnosticNote("server access is enforced here", at: enforce.span)],
            help: "allow some users or servers in the access list of \(name), or set enforce_server_access: false")]
    }

    // MARK: PT310

    /// PT310 at the first `name_password: true` that applies to an enabled port,
    /// with a note at what keeps users out (the access list or `authenticated_users`).
    static func unusablePasswords(_ model: Model, _ server: ServerID) -> [Diagnostic] {
        let definition = model[server]
        guard definition.smtp.listener.value, !definition.smtp.listeningRestsOnRefusedValue,
              let offered = model.namePasswordOption(of: server), !offered.isRefused,
              !model.hasAuthenticatingUsers(server) else { return [] }
        let name = definition.name.value
        let inbound = definition.smtp.inbound
        var notes: [DiagnosticNote] = []
        if !inbound.authenticatedUsers.value {
            notes.append(DiagnosticNote("\(name) refuses authenticated users here", at: inbound.authenticatedUsers.span))
        } else if inbound.enforceServerAccess.value, model.topology.users.contains(where: { $0.hasPassword }) {
            notes.append(DiagnosticNote(
                "the access list of \(name) admits no user with a password", at: definition.access.span ?? inbound.enforceServerAccess.span))
        }
        return [Diagnostic(
            .noUserForPassword, "\(name) offers name and password authentication, but no user with a password may access it",
            at: offered.span, notes: notes,
            help: "give a user a password and let it pass the access list of \(name), or turn name_password off")]
    }
}
