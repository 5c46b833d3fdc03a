import PortolanDiagnostics
import PortolanLanguage

/// PT301–PT304, PT311 and PT314: a server that loads Internet Sites, and the sites it hosts.
extension ServerRules {
    static let refusal = "\"This site is not enabled on the server.\""

    /// True when the server answers SMTP at all: listener on and an inbound port enabled.
    static func listens(_ server: Server) -> Bool {
        server.smtp.listener.value && (server.smtp.inbound.tcp.enabled.value || server.smtp.inbound.ssl.enabled.value)
    }

    // MARK: PT301

    /// The servers that load Internet Sites and listen, but host no SMTP site.
    static func serversWithoutSite(_ model: Model) -> [ServerID] {
        model.serverIDs.filter { server in
            let definition = model[server]
            return definition.internetSites.value && listens(definition) && model.smtpSites(hostedOn: server).isEmpty
        }
    }

    /// PT301 at `internet_sites`.
    static func siteCoverage(_ model: Model) -> [Diagnostic] {
        serversWithoutSite(model).map { server in
            let definition = model[server]
            let name = definition.name.value
            return Diagnostic(
                .noSiteOnServer, "\(name) loads Internet Sites but hosts no SMTP site: every SMTP connection is refused with \(refusal)",
                at: definition.internetSites.span,
                help: "add \(name) to the servers of an SMTP site, or set internet_sites: false on \(name)")
        }
    }

    // MARK: PT302

    /// Per SMTP site that allows no authentication option on a port, those
    /// ports and, per port, the servers that refuse everyone there because of
    /// it (those that load Internet Sites, listen, and have the port enabled).
    static func sitesAllowingNothing(_ model: Model) -> [(site: SiteID, refusing: [(port: InboundPort, servers: [ServerID])])] {
        model.topology.sites.indices.map(SiteID.init).compactMap { id in
            let site = model[id]
            guard site.proto.value == .smtp else { return nil }
            var refusing: [(port: InboundPort, servers: [ServerID])] = []
            for port in InboundPort.allCases {
                let options = port == .tcp ? site.security.tcp : site.security.ssl
                guard !options.allowsAnything else { continue }
                let servers = model.servers(hosting: id).filter {
                    let server = model[$0]
                    return server.internetSites.value && server.smtp.listener.value
                        && (port == .tcp ? server.smtp.inbound.tcp : server.smtp.inbound.ssl).enabled.value
                }
                if !servers.isEmpty { refusing.append((port, servers)) }
            }
            return refusing.isEmpty ? nil : (id, refusing)
        }
    }

    /// PT302 at the site's `security`, once per site, naming the servers that
    /// refuse everyone because of it.
    static func unsupportedSiteAuthentication(_ model: Model) -> [Diagnostic] {
        sitesAllowingNothing(model).map { id, refusing in
            let site = model[id]
            var affected: [String] = []
            for (_, servers) in refusing { affected += servers.map { model[$0].name.value }.filter { !affected.contains($0) } }
            return Diagnostic(
                .siteAllowsNoAuthentication, "SMTP site \(site.name.value) allows no authentication option on \(refusing.map { $0.port.rawValue.uppercased() }.joined(separator: " and ")): "
                    + "\(Wording.list(affected)) \(affected.count == 1 ? "refuses" : "refuse") every connection there "
                    + "with \(refusal)",
                at: site.security.span,
                help: "allow anonymous, name_password or client_certificate in the security of \(site.name.value)")
        }
    }

    // MARK: PT303

    /// PT303 at `smtp.inbound.auth`, a note at the site whose Security tab applies.
    static func ignoredServerAuth(_ model: Model, _ server: ServerID) -> [Diagnostic] {
        let definition = model[server]
        guard definition.internetSites.value, let auth = definition.smtp.inbound.auth else { return [] }
        let name = definition.name.value
        let notes = model.peerServingSite(of: server, tls: false).map { site in
            [DiagnosticNote("the security of SMTP site \(model[site].name.value) applies instead", at: model[site].security.span)]
        } ?? []
        return [Diagnostic(
            .ignoredServerAuthentication, "\(name) loads Internet Sites, so its smtp.inbound.auth is ignored",
            at: auth.span, notes: notes,
            help: "remove smtp.inbound.auth from \(name) and set the security of its SMTP site, or set internet_sites: false")]
    }

    // MARK: PT311

    /// PT311 at the `enabled` of the protocol's first enabled port.
    static func unservedPorts(_ model: Model) -> [Diagnostic] {
        model.serverIDs.filter { model[$0].internetSites.value }.flatMap { server -> [Diagnostic] in
            let definition = model[server]
            let hosted = Set(model.sites(hostedOn: server).map { model[$0].proto.value.rawValue })
            return definition.ports.compactMap { ports in
                guard !hosted.contains(ports.proto.rawValue),
                      let port = [ports.tcp, ports.ssl].first(where: \.enabled.value) else { return nil }
                let proto = ports.proto.rawValue.uppercased()
                return Diagnostic(
                    .portWithoutSite, "\(definition.name.value) loads Internet Sites and enables \(proto) on port \(port.port.value), "
                        + "but hosts no \(proto) site: \(proto) connections are refused",
                    at: port.enabled.span,
                    help: "add \(definition.name.value) to the servers of a \(ports.proto.rawValue) site, or disable the port")
            }
        }
    }

    // MARK: PT314

    /// PT314 at each explicit address that no hosted SMTP site maps. An address is
    /// mapped when a site lists it or the server's host name; a site without
    /// `hosts` maps every address, and then nothing is reported.
    static func unmappedAddresses(_ model: Model, _ server: ServerID) -> [Diagnostic] {
        let definition = model[server]
        guard definition.internetSites.value, listens(definition), !definition.addresses.isEmpty else { return [] }
        let sites = model.smtpSites(hostedOn: server).map { model[$0] }
        guard let listing = sites.first, !sites.contains(where: \.hosts.isEmpty) else { return [] }
        let mapped = Set(sites.flatMap { $0.hosts.map { HostName.key($0.value) } })
        if let host = definition.host, mapped.contains(HostName.key(host.value)) { return [] }
        let name = definition.name.value
        return definition.addresses.filter { !mapped.contains(HostName.key($0.value)) }.map { address in
            Diagnostic(
                .listenerAddressWithoutSite, "\(name) listens on \(address.value), which no SMTP site hosted on \(name) maps: "
                    + "connections there get \(refusal)",
                at: address.span,
                notes: [DiagnosticNote("SMTP site \(listing.name.value) maps its hosts here", at: listing.hosts.first?.span ?? listing.span)],
                help: "add \(address.value) to the hosts of an SMTP site hosted on \(name)")
        }
    }
}

extension Model {
    /// The errors of `check` that say every connection to `server`'s inbound
    /// `port` is refused with "This site is not enabled on the server."
    /// (PT301, PT302): what a client reaching that listener must see. The
    /// same decisions the rules report.
    public func listenerRefusalCodes(server: ServerID, port: InboundPort) -> [DiagnosticCode] {
        var codes: [DiagnosticCode] = []
        if ServerRules.serversWithoutSite(self).contains(server) { codes.append(.noSiteOnServer) }
        let refused = ServerRules.sitesAllowingNothing(self).contains { _, refusing in
            refusing.contains { $0.port == port && $0.servers.contains(server) }
        }
        if refused { codes.append(.siteAllowsNoAuthentication) }
        return codes
    }
}
