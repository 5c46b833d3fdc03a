import PortolanDiagnostics
import PortolanLanguage

/// PT202–PT204: references to undefined names, and what servers claim across the
/// estate (host names, addresses and ports).
enum ReferenceRules {
    static func check(_ model: Model) -> [Diagnostic] {
        undefinedNames(model) + sharedHostNames(model) + sharedAddresses(model)
    }

    // MARK: PT202

    /// PT202 at the reference itself. A reference written once in `defaults` and
    /// merged into many servers is reported once, for the first server.
    static func undefinedNames(_ model: Model) -> [Diagnostic] {
        var seen: Set<SourceSpan> = []
        return model.unresolved.compactMap { reference in
            guard seen.insert(reference.name.span).inserted else { return nil }
            let (message, candidates) = describe(reference, in: model)
            let help = Suggestion.didYouMean(reference.name.value, among: candidates, .names)
                ?? definitionHelp(reference)
            return Diagnostic(.undefinedReference, message, at: reference.name.span, help: help)
        }
    }

    private static func describe(_ reference: UnresolvedReference, in model: Model) -> (String, [String]) {
        let name = reference.name.value
        let peers = model.topology.servers.map(\.name.value) + model.topology.externals.map(\.name.value)
        let principals = "which is not a defined user, group or server"
        switch reference.context {
        case .relay(let server):
            return ("\(server)'s relay host '\(name)' is not a defined server or external host", peers)
        case .route(let server):
            return ("a route of \(server) goes to '\(name)', which is not a defined server or external host", peers)
        case .siteServer(let site):
            return ("site \(site) is hosted on '\(name)', which is not a defined server",
                    model.topology.servers.map(\.name.value))
        case .access(let server, let list) where name.hasPrefix("*/"):
            return ("the access list of \(server) (\(list)) names '\(name)', but no user or server is in \(name.dropFirst(2))",
                    model.directory.wildcardCandidates)
        case .access(let server, let list):
            return ("the access list of \(server) (\(list)) names '\(name)', \(principals)", model.directory.candidates)
        case .groupMember(let group) where name.hasPrefix("*/"):
            return ("group \(group) has member '\(name)', but no user or server is in \(name.dropFirst(2))",
                    model.directory.wildcardCandidates)
        case .groupMember(let group):
            return ("group \(group) has member '\(name)', \(principals)", model.directory.candidates)
        case .relayLogin(let server):
            return ("\(server) authenticates to its relay host as '\(name)', which is not a defined user",
                    model.topology.users.map(\.name.value))
        case .mailServer(let user):
            return ("the mail server of \(user) is '\(name)', which is not a defined server", model.topology.servers.map(\.name.value))
        case .allowHost(let server):
            return ("the allow_hosts of \(server) names '\(name)', which is not a defined server, and not a host name or address",
                    model.topology.servers.map(\.name.value))
        }
    }

    private static func definitionHelp(_ reference: UnresolvedReference) -> String {
        switch reference.context {
        case .relay, .route: return "define '\(reference.name.value)' under servers or external"
        case .siteServer: return "define '\(reference.name.value)' under servers, or use \"*\" for every server"
        case .access, .groupMember: return "define '\(reference.name.value)' under users, groups or servers"
        case .relayLogin: return "define '\(reference.name.value)' under users"
        case .mailServer: return "define '\(reference.name.value)' under servers"
        case .allowHost: return "name a server of the topology, a fully qualified host name, an address or a CIDR range"
        }
    }

    // MARK: PT203

    /// PT203 at the later server's `host`, with a note at the first claim.
    static func sharedHostNames(_ model: Model) -> [Diagnostic] {
        model.tables.sharedServerHosts.compactMap { id, earlierID in
            let server = model[id], earlier = model[earlierID]
            guard let host = server.host, let earlierHost = earlier.host else { return nil }
            return Diagnostic(
                .duplicateHostName, "servers \(earlier.name.value) and \(server.name.value) both claim the host name \(host.value)",
                at: host.span,
                notes: [DiagnosticNote("\(earlier.name.value) claims \(earlierHost.value) here", at: earlierHost.span)],
                help: "give \(server.name.value) a host name of its own")
        }
    }

    // MARK: PT204

    private struct Binding {
        let server: ServerID
        let address: Located<String>
    }

    private struct ClashKey: Hashable {
        let later: ServerID
        let earlier: ServerID
        let address: String
    }

    private struct AddressPort: Hashable {
        let address: String
        let port: Int
    }

    /// PT204 at the later server's address, once per pair of servers and address,
    /// listing the ports they share. Only addresses written in `addresses` count:
    /// a server without addresses binds every address of its own host, and which
    /// servers share a machine is not part of the topology. Only an address that
    /// two servers list can clash: a first pass finds those, and only their
    /// bindings are looked at port by port.
    static func sharedAddresses(_ model: Model) -> [Diagnostic] {
        var listers: [String: (last: ServerID, shared: Bool)] = [:]
        listers.reserveCapacity(model.topology.servers.count)
        for server in model.serverIDs {
            for address in model[server].addresses {
                func claim(_ listed: inout (last: ServerID, shared: Bool)?) {
                    if let known = listed {
                        if known.last != server { listed = (server, true) }
                    } else {
                        listed = (server, false)
                    }
                }
                claim(&listers[HostName.key(address.value)])
            }
        }
        var firstBinding: [AddressPort: Binding] = [:]
        // The last server to list each shared address: a server that lists one twice binds it once.
        var listedBy: [String: ServerID] = [:]
        var clashes: [(later: Binding, earlier: Binding, ports: [Int])] = []
        var clashIndex: [ClashKey: Int] = [:]
        for server in model.serverIDs {
            var ports: [Int]?
            for address in model[server].addresses {
                let addressKey = HostName.key(address.value)
                guard listers[addressKey]?.shared == true,
                      listedBy.updateValue(server, forKey: addressKey) != server else { continue }
                let numbers = ports ?? distinctPortNumbers(model, server)
                ports = numbers
                let binding = Binding(server: server, address: address)
                for port in numbers {
                    guard let earlier = firstBinding.insertIfAbsent(AddressPort(address: addressKey, port: port), binding)
                    else { continue }
                    let pair = ClashKey(later: server, earlier: earlier.server, address: addressKey)
                    if let index = clashIndex[pair] {
                        clashes[index].ports.append(port)
                    } else {
                        clashIndex[pair] = clashes.count
                        clashes.append((binding, earlier, [port]))
                    }
                }
            }
        }
        return clashes.map { clash in
            let later = model[clash.later.server].name.value, earlier = model[clash.earlier.server].name.value
            let address = clash.later.address.value
            return Diagnostic(
                .duplicateBinding, "servers \(earlier) and \(later) both bind \(address) on \(Wording.ports(clash.ports))",
                at: clash.later.address.span,
                notes: [DiagnosticNote("\(earlier) binds \(clash.earlier.address.value) here", at: clash.earlier.address.span)],
                help: "give \(later) an address of its own, or move one of the listeners to another port")
        }
    }

    /// The numbers of the ports `server` binds, each once, in ascending order. A
    /// server binds a handful of ports, so the numbers already taken are searched in turn.
    private static func distinctPortNumbers(_ model: Model, _ server: ServerID) -> [Int] {
        let ports = model.boundPorts(of: server)
        var numbers: [Int] = []
        numbers.reserveCapacity(ports.count)
        for port in ports where !numbers.contains(port.number) {
            numbers.append(port.number)
        }
        numbers.sort()
        return numbers
    }
}
