import PortolanDiagnostics
import PortolanLanguage

/// PT304: two SMTP sites for the same server and organization that map the same host.
extension ServerRules {
    private struct Overlap {
        let earlier: SiteID
        let later: SiteID
        /// The later site's host entry; nil when both sites list no hosts.
        let host: Located<String>?
        let server: String
    }

    private struct Pair: Hashable {
        let earlier: SiteID
        let later: SiteID
    }

    /// PT304 at the later site's overlapping host (at its name when both sites map
    /// every address), with a note at the earlier site's. Sites overlap when they
    /// list one host, or when neither lists any. A site with hosts next to one
    /// without is not an overlap: the listed hosts go to the first, the rest to the
    /// second. Checked on servers that load Internet Sites; reported once per pair.
    static func overlappingSites(_ model: Model) -> [Diagnostic] {
        var seen: Set<Pair> = []
        var overlaps: [Overlap] = []
        for server in model.serverIDs where model[server].internetSites.value {
            var byOrganization: [String: [SiteID]] = [:]
            for site in model.smtpSites(hostedOn: server) {
                byOrganization[model[site].organization.value.lowercased(), default: []].append(site)
            }
            for sites in byOrganization.values.sorted(by: { $0[0] < $1[0] }) {
                for overlap in findOverlaps(among: sites, on: model[server].name.value, model)
                where seen.insert(Pair(earlier: overlap.earlier, later: overlap.later)).inserted {
                    overlaps.append(overlap)
                }
            }
        }
        return overlaps.map { describe($0, model) }
    }

    private static func findOverlaps(among sites: [SiteID], on server: String, _ model: Model) -> [Overlap] {
        var firstByHost: [String: SiteID] = [:]
        var firstCatchAll: SiteID?
        var result: [Overlap] = []
        for site in sites {
            let hosts = model[site].hosts
            if hosts.isEmpty {
                if let earlier = firstCatchAll {
                    result.append(Overlap(earlier: earlier, later: site, host: nil, server: server))
                } else {
                    firstCatchAll = site
                }
            }
            for host in hosts {
                let key = HostName.key(host.value)
                if let earlier = firstByHost[key], earlier != site {
                    result.append(Overlap(earlier: earlier, later: site, host: host, server: server))
                } else if firstByHost[key] == nil {
                    firstByHost[key] = site
                }
            }
        }
        return result
    }

    private static func describe(_ overlap: Overlap, _ model: Model) -> Diagnostic {
        let earlier = model[overlap.earlier], later = model[overlap.later]
        let organization = later.organization.value
        guard let host = overlap.host else {
            return Diagnostic(
                .overlappingSites, "SMTP sites \(earlier.name.value) and \(later.name.value) both map every address of \(overlap.server) "
                    + "(organization \(organization), no hosts): only \(earlier.name.value) is used",
                at: later.name.span,
                notes: [DiagnosticNote("\(earlier.name.value) maps every address too", at: earlier.name.span)],
                help: "list the hosts each site serves, or remove one of the sites")
        }
        let earlierHost = earlier.hosts.first { HostName.key($0.value) == HostName.key(host.value) }
        return Diagnostic(
            .overlappingSites, "SMTP sites \(earlier.name.value) and \(later.name.value) both map \(host.value) on \(overlap.server) "
                + "(organization \(organization)): only \(earlier.name.value) is used",
            at: host.span,
            notes: [DiagnosticNote("\(earlier.name.value) maps \(earlierHost?.value ?? host.value) here", at: earlierHost?.span ?? earlier.name.span)],
            help: "remove \(host.value) from one of the two sites")
    }
}
