import Foundation
import PortolanBundle
import PortolanScheduling
import PortolanDiagnostics
import PortolanLanguage
import PortolanYAML

/// Lowers a checked model into one bundle per server: exactly what that host's
/// listener needs and nothing another server could change without being its peer,
/// so that a server's bundle changes only when something it uses changed.
public enum BundleLowering {
    /// Every server's bundle, in topology order, for an output folder `out`
    /// (relative key ring paths are written relative to `out/<server>/`). Call
    /// only on a model without errors.
    /// `scheduler` lowers the servers in parts, each part with folder caches
    /// of its own.
    public static func bundles(
        of model: Model, out: String, workingDirectory: String = FileManager.default.currentDirectoryPath,
        scheduler: any StageScheduler = SerialScheduler()
    ) -> [HostBundle] {
        let servers = model.serverIDs
        return scheduler.ranges(servers.count) { range in
            let lowering = Context(model: model, out: out, workingDirectory: workingDirectory)
            return servers[range].map(lowering.bundle(of:))
        }.flatMap { $0 }
    }

    /// What `bundles(of:out:workingDirectory:)` would lower the model's bundles
    /// from, worked out without lowering them: the manifest's `inputs`.
    public static func inputs(
        of model: Model, sourcesDigest: String, out: String,
        workingDirectory: String = FileManager.default.currentDirectoryPath
    ) -> BuildInputs {
        let lowering = Context(model: model, out: out, workingDirectory: workingDirectory)
        // The folder part of each relative path, per folder of the files that
        // wrote them: in a large topology, thousands of key rings share a few.
        var written: [String: Set<Substring>] = [:]
        func add(_ ring: KeyRing?) {
            guard let ring else { return }
            for path in [ring.certificate.value, ring.key.value] where !path.hasPrefix("/") {
                written[ring.baseDirectory, default: []].insert(Self.folderPart(of: path))
            }
        }
        let topology = model.topology
        for index in topology.servers.indices { add(topology.servers[index].tls) }
        for index in topology.sites.indices { add(topology.sites[index].tls) }
        let output = lowering.folder(out)
        let placements = written.flatMap { base, parts in
            parts.map { part in
                let folder = BundlePaths.appending(String(part), to: lowering.folder(base))
                var placement = [base, String(part), BundlePaths.relative(folder, from: output)]
                // A key ring path that names the folder on the way down to the
                // output folder would be stored as a path up to it.
                if output.count > folder.count && output.starts(with: folder) { placement.append(String(output[folder.count])) }
                return placement.joined(separator: "\0")
            }
        }
        return BuildInputs(sources: sourcesDigest, keyRingFolders: placements.sorted())
    }

    /// `path` without its last component, when that is a file name: `tls` for
    /// `tls/hub.pem`, empty for `hub.pem`, and `tls/..` for `tls/..` itself.
    static func folderPart(of path: String) -> Substring {
        let slash = path.utf8.lastIndex(of: UInt8(ascii: "/"))
        let name = slash.map { path[path.index(after: $0)...] } ?? path[...]
        guard !name.isEmpty && name != "." && name != ".." else { return path[...] }
        return slash.map { path[..<$0] } ?? ""
    }

    /// Standardized folders, worked out once per distinct folder: every key ring
    /// of a file shares the file's folder, every bundle folder the output folder.
    final class FolderCache {
        var components: [String: [Substring]] = [:]
    }

    struct Context {
        let model: Model
        let out: String
        let workingDirectory: String
        let folders = FolderCache()

        init(model: Model, out: String, workingDirectory: String) {
            self.model = model
            self.out = out
            self.workingDirectory = workingDirectory
        }

        func bundle(of id: ServerID) -> HostBundle {
            let server = model[id]
            let organization = model.topology.organizationName
            return HostBundle(
                compiler: PortolanVersion.current,
                server: ServerIdentity(
                    name: server.name.value, hierarchicalName: server.name.value + "/" + organization,
                    host: server.host?.value ?? "", organization: organization),
                localDomains: Self.sortedUnique(model.topology.internetDomains.map { $0.value.lowercased() }),
                listeners: listeners(of: id),
                internetSites: server.internetSites.value,
                sites: sites(of: id),
                auth: Model.authSpec(server.smtp.inbound.auth),
                authenticatedUsers: server.smtp.inbound.authenticatedUsers.value,
                access: AccessSpec(enforce: server.smtp.inbound.enforceServerAccess.value),
                relay: model.relayPolicy(of: id),
                users: model.userSpecs(of: id),
                mailboxes: mailboxes(of: id),
                tls: server.tls.map { files(of: $0, for: id) },
                limits: Limits(maxMessageSize: server.smtp.inbound.maxMessageSize.value),
                outbound: outbound(of: id))
        }

        func listeners(of id: ServerID) -> [ListenerSpec] {
            model.inboundListeners(of: id).flatMap { listener -> [ListenerSpec] in
                let addresses: [String?] = listener.addresses.isEmpty ? [nil] : listener.addresses.map(Optional.some)
                return addresses.map { address in
                    ListenerSpec(
                        address: address, port: listener.number,
                        security: listener.port == .ssl ? .implicitTLS : .plain,
                        starttls: listener.starttls.rawValue)
                }
            }.sorted { ($0.port, $0.address ?? "") < ($1.port, $1.address ?? "") }
        }

        func sites(of id: ServerID) -> [SiteSpec] {
            model.smtpSites(hostedOn: id).map { model.siteSpec($0, tls: model[$0].tls.map { files(of: $0, for: id) }) }
        }

        func outbound(of id: ServerID) -> OutboundSpec {
            let outbound = model[id].smtp.outbound
            let relay = outbound.relay.flatMap { model.peer(named: $0.value) }.map { peer(id, $0) }
            let routes = outbound.routes.compactMap { route -> RouteSpec? in
                guard let target = model.peer(named: route.to.value) else { return nil }
                return RouteSpec(domains: Self.sortedUnique(route.domains.map { $0.value.lowercased() }), peer: peer(id, target))
            }.sorted { ($0.domains.first ?? "", $0.peer.name) < ($1.domains.first ?? "", $1.peer.name) }
            return OutboundSpec(
                tcpPort: outbound.tcpPort.value, tcpMode: outbound.tcpMode.value.rawValue,
                sslPort: outbound.ssl.enabled.value ? outbound.ssl.port.value : nil,
                relay: relay, relayAuth: outbound.relayAuth.value.rawValue,
                relayLogin: outbound.relayLogin.flatMap { login in
                    model.user(named: login.user.value).map {
                        RelayLoginSpec(user: model.loginName(of: $0), passwordFile: login.passwordFile.value)
                    }
                },
                retry: RetrySpec(
                    initial: outbound.retry.initial.value, longest: outbound.retry.longest.value,
                    lifetime: outbound.retry.lifetime.value),
                routes: routes,
                withinDomain: model[id].smtp.withinDomain.value)
        }

        /// Every user's Internet address in a local domain, and where its
        /// mail goes from this server: the user's mail server when that is
        /// another server with an SMTP listener and this one sends within the
        /// domain; else a mailbox here (LANGUAGE.md, "Delivery at run time").
        func mailboxes(of id: ServerID) -> [MailboxSpec] {
            let withinDomain = model[id].smtp.withinDomain.value
            var seen: Set<String> = []
            var boxes: [MailboxSpec] = []
            for user in model.topology.users {
                guard let address = user.internetAddress?.value.lowercased(),
                    let domain = HostAdmission.domain(of: address), model.localDomainKeys.contains(domain),
                    seen.insert(address).inserted
                else { continue }
                var mailServer: PeerSpec?
                if withinDomain, let named = user.mailServer?.value, let server = model.server(named: named), server != id,
                    model[server].smtp.listener.value
                {
                    mailServer = peer(id, .server(server))
                }
                boxes.append(MailboxSpec(address: address, user: user.name.value, mailServer: mailServer))
            }
            return boxes.sorted { $0.address < $1.address }
        }

        func peer(_ from: ServerID, _ target: PeerID) -> PeerSpec {
            let connection = model.connection(from: from, to: target)
            let offer = model.offer(of: target)
            let kind: String
            if case .server = target { kind = "server" } else { kind = "external" }
            return PeerSpec(
                name: model.name(of: target), kind: kind, host: connection.host ?? "",
                address: connection.addresses.first, tcpPort: offer.tcpPort, sslPort: offer.sslPort,
                starttls: offer.starttls.rawValue)
        }

        /// Key ring paths as the bundle stores them: an absolute path as written; a
        /// relative one (taken from the folder of the file that wrote it) relative to
        /// the bundle's own folder, so the bundle names no path of the build machine.
        func files(of ring: KeyRing, for server: ServerID) -> TLSFiles {
            let bundleFolder = BundlePaths.appending(model[server].name.value, to: folder(out))
            return TLSFiles(certificate: stored(ring.certificate.value, ring.baseDirectory, bundleFolder),
                            key: stored(ring.key.value, ring.baseDirectory, bundleFolder))
        }

        func stored(_ path: String, _ base: String, _ bundleFolder: [Substring]) -> String {
            if path.hasPrefix("/") { return path }
            return BundlePaths.relative(BundlePaths.appending(path, to: folder(base)), from: bundleFolder)
        }

        /// The standardized components of the absolute form of `path`.
        func folder(_ path: String) -> [Substring] {
            if let known = folders.components[path] { return known }
            let parts = BundlePaths.standardComponents(absolute(path))
            folders.components[path] = parts
            return parts
        }

        func absolute(_ path: String) -> String {
            let full = path.hasPrefix("/") ? path : workingDirectory + "/" + path
            guard full.hasPrefix("/") else { return URL(fileURLWithPath: full).standardizedFileURL.path }
            return BundlePaths.standardized(full)
        }

        static func sortedUnique(_ values: [String]) -> [String] { Array(Set(values)).sorted() }
    }
}
