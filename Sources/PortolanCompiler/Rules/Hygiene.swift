import PortolanBundle
import PortolanDiagnostics
import PortolanLanguage

/// PT501–PT503: definitions that do nothing, and routes that go nowhere.
enum HygieneRules {
    static func check(_ model: Model) -> [Diagnostic] {
        unhostedSites(model) + unusedUsers(model) + unusedGroups(model) + unusedExternals(model) + localRoutes(model)
    }

    // MARK: PT501

    /// PT501 at the site's name when its `servers` is empty or absent (a list of
    /// undefined names is PT202 instead).
    static func unhostedSites(_ model: Model) -> [Diagnostic] {
        model.topology.sites.filter(\.servers.isEmpty).map { site in
            Diagnostic(
                .unhostedSite, "site \(site.name.value) is hosted by no server",
                at: site.name.span,
                help: "list the servers that host \(site.name.value) in its servers (\"*\" for all), or remove it")
        }
    }

    // MARK: PT502

    /// PT502 at a user's name when no access list, group or `relay_login`
    /// names it (directly or by its hierarchical name), it has no mailbox (no
    /// mail server, no Internet address in a local domain: mail for such an
    /// address is delivered to it), and it cannot authenticate anywhere: it
    /// has no password, or no listening server that offers name and password
    /// lets it in.
    static func unusedUsers(_ model: Model) -> [Diagnostic] {
        let authenticating = authenticatingUsers(model)
        let logins = Set(model.topology.servers.compactMap { $0.smtp.outbound.relayLogin.flatMap { model.user(named: $0.user.value) } })
        return model.topology.users.indices.map(UserID.init).compactMap { id in
            guard !model.referencedUsers.contains(id), !authenticating.contains(id), !logins.contains(id),
                model[id].mailServer == nil, !model.hasLocalAddress(id)
            else { return nil }
            let user = model[id]
            return Diagnostic(
                .neverUsed, "user \(user.name.value) is never used: no access list or group names it, "
                    + "and it cannot authenticate to any server",
                at: user.name.span,
                help: "remove \(user.name.value), or give it a password and a server that offers name and password")
        }
    }

    /// Every user who can authenticate to some server. Servers that share an
    /// access list are looked at once, so this is linear in servers plus users
    /// times distinct access lists.
    private static func authenticatingUsers(_ model: Model) -> Set<UserID> {
        let withPassword = model.topology.users.indices.map(UserID.init).filter { model[$0].hasPassword }
        var result: Set<UserID> = []
        var seenLists: Set<Int> = []
        for server in model.smtpListeners where model.namePasswordOption(of: server) != nil {
            let inbound = model[server].smtp.inbound
            guard inbound.authenticatedUsers.value else { continue }
            guard inbound.enforceServerAccess.value else { return Set(withPassword) }
            guard seenLists.insert(model.accessIndex[server.index]).inserted else { continue }
            result.formUnion(model.admittedUsers(of: server).filter { model[$0].hasPassword })
        }
        return result
    }

    /// PT502 at a group's name when no access list or other group names it.
    static func unusedGroups(_ model: Model) -> [Diagnostic] {
        model.topology.groups.indices.map(GroupID.init).filter { !model.referencedGroups.contains($0) }.map { id in
            let group = model[id]
            return Diagnostic(
                .neverUsed, "group \(group.name.value) is never used: no access list or group names it",
                at: group.name.span, help: "name \(group.name.value) in an access list, or remove it")
        }
    }

    /// PT502 at an external host's name when no relay or route goes to it.
    static func unusedExternals(_ model: Model) -> [Diagnostic] {
        var targeted = [Bool](repeating: false, count: model.topology.externals.count)
        for server in model.serverIDs {
            for edge in model.explicitEdges(from: server) {
                if case .external(let target) = edge.to { targeted[target.index] = true }
            }
        }
        return model.topology.externals.indices.filter { !targeted[$0] }.map(ExternalID.init).map { id in
            let external = model[id]
            return Diagnostic(
                .neverUsed, "external host \(external.name.value) is never used: no relay or route goes to it",
                at: external.name.span, help: "name \(external.name.value) as a relay or route target, or remove it")
        }
    }

    // MARK: PT503

    /// PT503 at the route's domain, a note at the local domain it matches. A
    /// route written once in `defaults` is reported once.
    static func localRoutes(_ model: Model) -> [Diagnostic] {
        var local: [String: Located<String>] = [:]
        for domain in model.topology.internetDomains where local[HostName.key(domain.value)] == nil {
            local[HostName.key(domain.value)] = domain
        }
        var seen: Set<SourceSpan> = []
        var diagnostics: [Diagnostic] = []
        for server in model.topology.servers {
            for route in server.smtp.outbound.routes {
                for domain in route.domains {
                    guard let match = local[HostName.key(domain.value)], seen.insert(domain.span).inserted else { continue }
                    diagnostics.append(Diagnostic(
                        .routeToLocalDomain, "a route of \(server.name.value) to \(route.to.value) carries \(domain.value), "
                            + "which is a local Internet domain: mail for it never leaves",
                        at: domain.span,
                        notes: [DiagnosticNote("\(match.value) is a local Internet domain here", at: match.span)],
                        help: "remove \(domain.value) from the route, or from internet_domains"))
                }
            }
        }
        return diagnostics
    }
}

extension Model {
    /// Whether the user's Internet address is in a local Internet domain:
    /// then `serve` delivers mail for it to a mailbox.
    func hasLocalAddress(_ id: UserID) -> Bool {
        guard let domain = self[id].internetAddress.flatMap({ HostAdmission.domain(of: $0.value) }) else { return false }
        return localDomainKeys.contains(domain)
    }
}
