import PortolanDiagnostics

/// The sections of a topology whose entries are named objects.
enum Section: CaseIterable {
    case servers, sites, users, groups, external

    /// The section's key in a file.
    var key: String {
        switch self {
        case .servers: return "servers"
        case .sites: return "sites"
        case .users: return "users"
        case .groups: return "groups"
        case .external: return "external"
        }
    }

    var noun: String {
        switch self {
        case .servers: return "server"
        case .sites: return "site"
        case .users: return "user"
        case .groups: return "group"
        case .external: return "external host"
        }
    }

    /// Servers, users, groups and external hosts are all named in access lists,
    /// group members, relays and routes, as in a Domino Directory: they share
    /// one namespace. Sites are never referred to by name.
    var namespace: Int { self == .sites ? 1 : 0 }
}

/// One named object as written in a file.
struct Definition {
    var section: Section
    var entry: NamedValue
}

/// Finds names defined twice (PT201, at the later definition, with a note at the
/// earlier one) and keeps the first definition of every name. Earlier means an
/// earlier file, or earlier in the same file. Linear in the number of names.
enum NameRegistry {
    /// The surviving definitions of each section, files in input order and
    /// entries in file order (files are visited in order, each in position
    /// order). `files` holds each file's definitions.
    static func register(_ files: [[Definition]], diagnostics: inout [Diagnostic]) -> [Section: [NamedValue]] {
        var survivors: [Section: [NamedValue]] = [:]
        // Each name's first definition, per namespace, as its place in `definitions`.
        var definitions: [Definition] = []
        definitions.reserveCapacity(files.reduce(0) { $0 + $1.count })
        var seen: [[String: Int]] = [[:], [:]]
        seen[0].reserveCapacity(definitions.capacity)
        for file in files {
            // A file's sections come one after another, so its definitions are
            // mostly in position order already.
            let isInFileOrder = zip(file, file.dropFirst()).allSatisfy {
                $0.entry.name.span.start.offset < $1.entry.name.span.start.offset
            }
            let inFileOrder = isInFileOrder ? file : file.sorted { $0.entry.name.span.start.offset < $1.entry.name.span.start.offset }
            for definition in inFileOrder {
                let namespace = definition.section.namespace
                let name = definition.entry.name.value
                // One lookup for the usual case, a name not seen before.
                if let first = seen[namespace].updateValue(definitions.count, forKey: name) {
                    seen[namespace][name] = first
                    diagnostics.append(duplicate(definition, first: definitions[first]))
                    continue
                }
                definitions.append(definition)
                survivors[definition.section, default: []].append(definition.entry)
            }
        }
        return survivors
    }

    private static func duplicate(_ second: Definition, first: Definition) -> Diagnostic {
        let name = second.entry.name
        let message = second.section == first.section
            ? "\(second.section.noun) '\(name.value)' is defined twice"
            : "\(second.section.noun) '\(name.value)' has the name of \(first.section.noun) '\(name.value)'"
        let help = second.section == first.section
            ? "remove or rename one of the two; this definition is ignored"
            : "servers, users, groups and external hosts share one namespace; rename one of them (this definition is ignored)"
        return Diagnostic(
            .duplicateName, message, at: name.span,
            notes: [DiagnosticNote("\(first.section.noun) '\(name.value)' is first defined here", at: first.entry.name.span)],
            help: help)
    }
}
