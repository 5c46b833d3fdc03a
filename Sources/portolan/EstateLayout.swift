import Foundation
import PortolanBundle
import PortolanCompiler
import PortolanListener

/// Where every host of an estate runs under `portolan up`: its bundle, its
/// spool and its one loopback address, and the stand-ins of external hosts.
struct EstateLayout {
    struct Host {
        var name: String
        /// The server's or external host's name in the topology.
        var hostName: String
        var bundle: String
        var spool: String
        /// Where it runs: its first address, and its first loopback address
        /// for deliveries to leave from.
        var address: String
        /// Every address of the server to the loopback address its listeners bind.
        var addresses: [String: String] = [:]
        var standIn: Bool
    }

    /// The domain of the probes sent to a relay host: reserved, never a local one.
    static let outsideDomain = "outside.example"

    var hosts: [Host] = []
    /// Every host name to its loopback address, both ways: what the
    /// deliveries connect to and the listeners' reverse names.
    var hostsFile: HostsFile
    var hostsText: String
    var out: String
    /// What the topology names that is not on this machine (key rings,
    /// relay passwords) and what stands in for it, one sentence each.
    var made: [String] = []

    /// Lowers the topology's bundles into ROOT/out (errors allowed), maps
    /// the addresses and writes a stand-in bundle for every external host
    /// that is some server's peer.
    ///
    /// `built`: a folder `portolan build` wrote; its bundles are served
    /// instead of lowered anew (verified against its manifest, as `serve`
    /// does), so that the proof holds what would be deployed against what
    /// `check` says of these sources.
    init(_ pipeline: CompilerPipeline, model: Model, outcome: CheckOutcome, root: URL, built: String? = nil) throws {
        out = root.appendingPathComponent("out").path
        let inputs = pipeline.inputs(of: outcome, model: model, out: out)
        var bundles: [HostBundle]
        if let built {
            bundles = try Self.built(in: built, servers: model.serverIDs.map { model[$0].name.value }, sources: inputs.sources, made: &made)
        } else {
            bundles = pipeline.bundles(of: model, out: out)
        }
        made += try Self.standInKeyRings(&bundles, out: out, in: root.appendingPathComponent("keys"))
        let logins = try Self.relayPasswords(&bundles, out: out, in: root.appendingPathComponent("secrets"), made: &made)
        _ = try pipeline.emit(bundles, inputs: inputs, into: out)
        var used = Set<String>()
        for id in model.serverIDs {
            for address in model[id].addresses where Self.isLoopback(address.value) { used.insert(address.value) }
        }
        var next = 1
        func allocate(_ prefix: String) -> String {
            while used.contains("\(prefix).\(next)") { next += 1 }
            let address = "\(prefix).\(next)"
            used.insert(address)
            next += 1
            return address
        }
        var text = ""
        for id in model.serverIDs {
            let server = model[id]
            // Each address of the server on one of loopback, so that sites chosen by address stay apart.
            var mapped: [String: String] = [:]
            var order: [String] = []
            for address in server.addresses.map(\.value) where mapped[address] == nil {
                mapped[address] = Self.isLoopback(address) ? address : allocate("127.0.1")
                order.append(mapped[address]!)
            }
            let address = order.first ?? allocate("127.0.1")
            if let host = server.host?.value {
                for local in order.isEmpty ? [address] : order { text += "\(local) \(host)\n" }
            }
            hosts.append(
                Host(
                    name: server.name.value, hostName: server.host?.value ?? "", bundle: out + "/" + server.name.value,
                    spool: root.appendingPathComponent("spool/\(server.name.value)").path, address: address, addresses: mapped,
                    standIn: false))
        }
        next = 1
        var peers = Set<ExternalID>()
        for id in model.serverIDs {
            for edge in model.edges(from: id) { if case .external(let external) = edge.to { peers.insert(external) } }
        }
        for external in peers.sorted() {
            let definition = model[external]
            let own = definition.addresses.first.map(\.value).flatMap { Self.isLoopback($0) ? $0 : nil }
            let address = own ?? allocate("127.0.2")
            guard let host = definition.host?.value else { continue }
            text += "\(address) \(host)\n"
            let folder = root.appendingPathComponent("standin/\(definition.name.value)")
            // The senders' relay logins to it, with their passwords.
            var theirs: [String: String] = [:]
            for id in model.serverIDs {
                let sender = model[id].name.value
                guard let bundle = bundles.first(where: { $0.server.name == sender }), let relay = bundle.outbound.relay,
                    relay.kind == "external", relay.name == definition.name.value, let login = bundle.outbound.relayLogin
                else { continue }
                theirs[login.user] = logins[login.user]
            }
            try StandIn.write(external, of: model, host: host, logins: theirs, to: folder, pipeline: pipeline)
            hosts.append(
                Host(
                    name: definition.name.value, hostName: host, bundle: folder.appendingPathComponent("out/standin").path,
                    spool: folder.appendingPathComponent("spool").path, address: address, standIn: true))
        }
        hostsText = text
        hostsFile = HostsFile(text: text)
    }

    static func isLoopback(_ address: String) -> Bool { address.hasPrefix("127.") }

    /// The bundle of every one of `servers` in `folder`, each loaded as
    /// `serve` loads it, its relative paths (key rings, relay passwords)
    /// made absolute from its own folder, since it is served from another.
    /// A server of the topology with no bundle there, or a bundle of a
    /// server the topology does not have, is refused; bundles built from
    /// other sources are served, and said so in `made`.
    static func built(in folder: String, servers: [String], sources: String, made: inout [String]) throws -> [HostBundle] {
        let manifestPath = PreviousBuild.manifestPath(in: folder)
        guard let manifest = try PreviousBuild.manifest(in: folder) else { throw BundleError("\(manifestPath) does not exist: give a folder that portolan build wrote") }
        let known = Set(servers)
        if let stranger = manifest.bundles.map(\.server).first(where: { !known.contains($0) }) {
            throw BundleError("\(manifestPath) lists a bundle for server '\(stranger)', which the topology does not have")
        }
        if manifest.sources != sources {
            made.append("the bundles in \(folder) were not built from these sources as given (their manifest's sources differ): "
                    + "each edge's check verdict is of these sources, its wire of those bundles")
        }
        let entries = Dictionary(manifest.bundles.map { ($0.server, $0) }, uniquingKeysWith: { first, _ in first })
        return try servers.map { name in
            guard entries[name] != nil else {
                throw BundleError("\(manifestPath) lists no bundle for server '\(name)' of the topology")
            }
            let directory = URL(fileURLWithPath: folder).appendingPathComponent(name)
            var bundle = try BundleLoader.load(directory: directory.path, manifestAt: manifestPath, entry: { entries[$0] })
            func absolute(_ path: String) -> String {
                path.hasPrefix("/") ? path : directory.appendingPathComponent(path).standardizedFileURL.path
            }
            func absolute(_ files: TLSFiles?) -> TLSFiles? {
                files.map { TLSFiles(certificate: absolute($0.certificate), key: absolute($0.key)) }
            }
            bundle.tls = absolute(bundle.tls)
            for site in bundle.sites.indices { bundle.sites[site].tls = absolute(bundle.sites[site].tls) }
            if let login = bundle.outbound.relayLogin {
                bundle.outbound.relayLogin = RelayLoginSpec(user: login.user, passwordFile: absolute(login.passwordFile))
            }
            return bundle
        }
    }

    /// The password of every `relay_login`, by login: read from its file,
    /// or, when the file is not on this machine (secrets seldom are in a
    /// config repository), a throwaway one written under `folder`, which the
    /// sender is given and every host's user of that login is given too (its
    /// hash replaced), so that the estate authenticates as its topology says.
    static func relayPasswords(_ bundles: inout [HostBundle], out: String, in folder: URL, made: inout [String]) throws -> [String: String] {
        var passwords: [String: String] = [:]
        var throwaway: [String: String] = [:]
        for index in bundles.indices {
            guard let login = bundles[index].outbound.relayLogin else { continue }
            let base = URL(fileURLWithPath: out).appendingPathComponent(bundles[index].server.name)
            let path = login.passwordFile.hasPrefix("/") ? login.passwordFile : base.appendingPathComponent(login.passwordFile).standardizedFileURL.path
            if let data = FileManager.default.contents(atPath: path) {
                passwords[login.user] = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .newlines)
                continue
            }
            let password = throwaway[login.user] ?? (0..<24).map { _ in String("abcdefghijkmnpqrstuvwxyz23456789".randomElement()!) }.joined()
            throwaway[login.user] = password
            passwords[login.user] = password
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let file = folder.appendingPathComponent("\(bundles[index].server.name).secret")
            try Data((password + "\n").utf8).write(to: file)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
            bundles[index].outbound.relayLogin = RelayLoginSpec(user: login.user, passwordFile: file.path)
            made.append(
                "\(bundles[index].server.name): the password file \(login.passwordFile) of relay_login \(login.user) is not on this machine: "
                    + "a throwaway password stands in for it")
        }
        for (login, password) in throwaway {
            let hash = PasswordHashing.hash(password: password, rounds: 1_000, salt: Array(login.utf8))
            for index in bundles.indices {
                for user in bundles[index].users.indices where bundles[index].users[user].logins.contains(login) {
                    bundles[index].users[user].passwordHash = hash
                }
            }
        }
        return passwords
    }

    /// Replaces every key ring of `bundles` whose files are not on this
    /// machine (key rings are seldom in a config repository) by a throwaway
    /// self-signed one for the server's host name, made in `folder`, so that
    /// the estate runs with TLS as its topology says. Returns what it made.
    static func standInKeyRings(_ bundles: inout [HostBundle], out: String, in folder: URL) throws -> [String] {
        var made: [String] = []
        for index in bundles.indices {
            let server = bundles[index].server
            let base = URL(fileURLWithPath: out).appendingPathComponent(server.name)
            func resolved(_ path: String) -> String {
                path.hasPrefix("/") ? path : base.appendingPathComponent(path).standardizedFileURL.path
            }
            func present(_ files: TLSFiles) -> Bool {
                [files.certificate, files.key].allSatisfy { FileManager.default.fileExists(atPath: resolved($0)) }
            }
            // As the user wrote it: relative to the working directory when under it.
            func shown(_ path: String) -> String {
                let full = resolved(path), here = FileManager.default.currentDirectoryPath + "/"
                return full.hasPrefix(here) ? String(full.dropFirst(here.count)) : full
            }
            func replaced(_ files: TLSFiles?, named name: String) throws -> TLSFiles? {
                guard let files, !present(files) else { return files }
                let ring = folder.appendingPathComponent(name)
                try FileManager.default.createDirectory(at: ring, withIntermediateDirectories: true)
                try StandIn.keyRing(for: server.host.isEmpty ? server.name : server.host, in: ring)
                made.append("\(server.name): \(shown(files.certificate)) is not on this machine: a throwaway self-signed key ring stands in for it")
                return TLSFiles(certificate: ring.appendingPathComponent("standin.pem").path, key: ring.appendingPathComponent("standin.key").path)
            }
            bundles[index].tls = try replaced(bundles[index].tls, named: server.name)
            for site in bundles[index].sites.indices {
                bundles[index].sites[site].tls = try replaced(bundles[index].sites[site].tls, named: server.name + "-" + bundles[index].sites[site].name)
            }
        }
        return made
    }

    func host(named name: String) -> Host? { hosts.first { $0.name == name } }

    /// One line per host: name, host name, address, what it listens on.
    func table(served: [ServedHost], portOffset: Int) -> String {
        var rows = [["HOST", "NAME", "ADDRESS", "LISTENS ON"]]
        for (entry, host) in zip(hosts, served) {
            let configuration = host.configuration
            let listens = configuration.bindings.map { binding in
                let security = binding.listener.security == .implicitTLS ? "ssl" : (binding.listener.starttls == "disabled" ? "tcp" : "tcp+starttls")
                var text = "\(binding.host):\(binding.port) \(security)"
                // The site a connection there is served by, chosen by the bundle's address.
                if configuration.bundle.internetSites {
                    let reached = [binding.host] + (binding.listener.address.map { [$0] } ?? [])
                    text += " (\(configuration.admission.site(reached: reached, sni: nil)?.name ?? "no site"))"
                }
                return text
            }
            rows.append([entry.name + (entry.standIn ? " (stand-in)" : ""), entry.hostName, entry.address,
                         listens.isEmpty ? "-" : listens.joined(separator: ", ")])
        }
        return TextTable.render(rows)
    }
}

/// A recording stand-in for an external host: a Portolan listener from a
/// synthetic topology that listens as the host's `inbound` says, takes mail
/// for every domain a probe may be sent to it for into a mailbox, and keeps
/// any other mail in its queue (it relays for everyone and delivers nothing).
enum StandIn {
    /// `logins`: the relay logins senders authenticate to it with, and their passwords.
    static func write(
        _ external: ExternalID, of model: Model, host: String, logins: [String: String] = [:], to folder: URL, pipeline: CompilerPipeline
    ) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let inbound = model[external].inbound
        var domains = [EstateLayout.outsideDomain]
        for id in model.serverIDs {
            for edge in model.edges(from: id) where edge.to == .external(external) {
                for domain in edge.domains where !domains.contains(domain) { domains.append(domain) }
            }
        }
        let tls = inbound.starttls.value || inbound.ssl != nil
        var lines = [
            "portolan: 1", "organization: Stand-in", "internet_domains: [\(domains.joined(separator: ", "))]", "servers:", "  standin:",
            "    host: \(host)",
        ]
        if tls {
            try keyRing(for: host, in: folder)
            lines.append("    tls: { certificate: standin.pem, key: standin.key }")
        }
        let auth = "name_password: \(inbound.namePassword.value), anonymous: \(inbound.anonymous.value)"
        lines += [
            "    smtp:", "      listener: true", "      inbound:",
            "        tcp: { port: \(inbound.tcp?.value ?? 25), enabled: \(inbound.tcp != nil) }",
            "        ssl: { port: \(inbound.ssl?.value ?? 465), enabled: \(inbound.ssl != nil) }",
            "        starttls: \(inbound.starttls.value ? "enabled" : "disabled")",
            // The Internet behind a relay host, or a partner behind a route: it takes whatever it is sent.
            "        relay: { enforce: none }",
            "        auth:", "          tcp: { \(auth) }", "          ssl: { client_certificate: false, \(auth) }",
            "users:",
        ]
        for (index, domain) in domains.enumerated() { lines.append("  probe-\(index): { internet_address: probe@\(domain) }") }
        for (index, (login, password)) in logins.sorted(by: { $0.key < $1.key }).enumerated() {
            let hash = PasswordHashing.hash(password: password, rounds: 1_000, salt: Array(login.utf8))
            lines.append(
                login.contains("@")
                    ? "  login-\(index): { internet_address: \(login), password: \"\(hash)\" }" : "  \(login): { password: \"\(hash)\" }")
        }
        let topology = folder.appendingPathComponent("topology.yaml")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: topology)
        let outcome = pipeline.check(paths: [topology.path])
        guard let standIn = outcome.model else { throw BundleError("the stand-in of \(host) did not compile") }
        let out = folder.appendingPathComponent("out").path
        let inputs = pipeline.inputs(of: outcome, model: standIn, out: out)
        _ = try pipeline.emit(pipeline.bundles(of: standIn, out: out), inputs: inputs, into: out)
    }

    /// A self-signed key ring for `host`, made with openssl.
    static func keyRing(for host: String, in folder: URL) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=\(host)",
            "-keyout", folder.appendingPathComponent("standin.key").path, "-out", folder.appendingPathComponent("standin.pem").path,
        ]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw BundleError("openssl could not make a key ring for the stand-in of \(host)") }
    }
}

/// Columns padded to their widest cell.
enum TextTable {
    static func render(_ rows: [[String]]) -> String {
        guard let first = rows.first else { return "" }
        let widths = first.indices.map { column in rows.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { index, cell in
                index == row.count - 1 ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n")
    }
}
