import Foundation
import PortolanBundle
import PortolanCompiler
import PortolanTestSupport

/// A two-server topology on loopback (hub on 127.0.0.10, spoke on
/// 127.0.0.21, relaying through the hub), checked, built and served by the
/// real binary: the harness of the tests that hold the checker's verdict on
/// the spoke's edge against what the wire does.
struct EdgeEstate {
    /// Lines added under `servers.hub` (at its indentation), `hub.smtp.inbound`,
    /// `spoke.smtp.outbound`, and at the top level (users, sites, groups).
    var hub: [String] = []
    var hubInbound: [String] = []
    var spokeOutbound: [String] = []
    var topLevel: [String] = []

    /// alice's password, `secret`, in passlib's format.
    static let aliceHash = PasswordHashing.hash(password: "secret", rounds: 1_000, salt: Array("edge-salt".utf8))

    func yaml(certificate: TLSFiles, passwordFile: String) -> String {
        let lines = [
            "portolan: 1",
            "organization: Acme",
            "internet_domains: [acme.example]",
            "servers:",
            "  hub:",
            "    host: hub.acme.example",
            "    addresses: [127.0.0.10]",
            "    tls: { certificate: \(certificate.certificate), key: \(certificate.key) }",
        ] + hub.map { "    " + $0 } + [
            "    smtp:",
            "      inbound:",
            "        tcp: { port: 25, enabled: true }",
            "        starttls: enabled",
        ] + hubInbound.map { "        " + $0 } + [
            "  spoke:",
            "    host: spoke.acme.example",
            "    addresses: [127.0.0.21]",
            "    smtp:",
            "      listener: false",
            "      outbound:",
            "        tcp: { port: 25, mode: starttls }",
            "        relay: hub",
        ] + spokeOutbound.map { "        " + $0 } + topLevel
        return lines.joined(separator: "\n").replacingOccurrences(of: "PASSWORD_FILE", with: passwordFile) + "\n"
    }

    /// What `check` and the wire said about the spoke's edge.
    struct Outcome {
        /// The error codes of PT3xx and PT4xx: the topology has one edge, so
        /// each is about it.
        var codes: [String]
        var check: String
        var wire: Wire
    }

    struct Wire: Decodable {
        var delivered: Bool
        var stage: String
        var reply: String
        var port: Int
        var mode: String
    }

    /// Checks and builds the topology, serves the hub, and sends one message
    /// from `source` to `recipient` as the spoke's bundle says.
    func run(recipient: String = "dave@elsewhere.example", source: String = "127.0.0.21") throws -> Outcome {
        let certificate = try Certificates.shared.get().server
        return try Self.run(
            topology: { passwordFile in yaml(certificate: certificate, passwordFile: passwordFile) }, sender: "spoke",
            peer: "hub", peerAddress: "127.0.0.10", source: source, recipient: recipient, bindAddress: nil,
            hosts: "127.0.0.10 hub.acme.example\n127.0.0.21 spoke.acme.example\n")
    }

    /// Checks and builds `topology` (given the path of the sender's password
    /// file), serves `peer` on loopback (its own addresses, or `bindAddress`
    /// for all of them) with `hosts` as its names, and sends one message from
    /// `source` to `recipient` as `sender`'s bundle says.
    static func run(
        topology: (String) -> String, sender: String, peer: String, peerAddress: String, source: String, recipient: String,
        bindAddress: String?, hosts: String
    ) throws -> Outcome {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("portolan-edge-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let passwordFile = root.appendingPathComponent("relay.secret")
        try Data("secret\n".utf8).write(to: passwordFile)
        try Data(topology(passwordFile.path).utf8).write(to: root.appendingPathComponent("topology.yaml"))

        let check = try Tool.run(executable: PortolanBinary.url, ["check", "topology.yaml", "--format", "json"], in: root)
        let report = try JSONSerialization.jsonObject(with: check.outputData) as? [String: Any]
        let diagnostics = report?["diagnostics"] as? [[String: Any]] ?? []
        let codes = diagnostics.compactMap { item -> String? in
            guard let code = item["code"] as? String, item["severity"] as? String == "error",
                code.hasPrefix("PT3") || code.hasPrefix("PT4")
            else { return nil }
            return code
        }
        // A topology with errors is still run: that is how a broken edge is
        // shown failing. `build` refuses to write one, so the bundles come
        // from the same stages, called here.
        let out = root.appendingPathComponent("out").path
        let pipeline = CompilerPipeline()
        let outcome = pipeline.check(paths: [root.appendingPathComponent("topology.yaml").path])
        guard let model = outcome.model else { throw ToolError("the topology did not resolve: \(check.output)") }
        _ = try pipeline.emit(pipeline.bundles(of: model, out: out), inputs: pipeline.inputs(of: outcome, model: model, out: out), into: out)
        let hostsFile = root.appendingPathComponent("hosts")
        try Data(hosts.utf8).write(to: hostsFile)

        var lastLog = ""
        for _ in 0..<6 {
            let offset = TestPorts.offset()
            let server = try ServerProcess(
                root: root, bundleFolder: root.appendingPathComponent("out/\(peer)"), offset: offset, address: bindAddress,
                extra: ["--hosts", hostsFile.path])
            defer { server.stop() }
            guard try server.waitFor(ServerProcess.readyLine) else {
                lastLog = server.logText
                continue
            }
            let sent = try Tool.run(
                "python3",
                [Tool.clientsFolder.appendingPathComponent("edge_send.py").path,
                 root.appendingPathComponent("out/\(sender)/bundle.json").path, peerAddress, "\(offset)", source,
                 "carol@acme.example", recipient, passwordFile.path])
            guard sent.status == 0 else { throw ToolError("edge_send.py failed: \(sent.error)") }
            let wire = try JSONDecoder().decode(Wire.self, from: sent.outputData)
            return Outcome(codes: codes, check: check.output, wire: wire)
        }
        throw ToolError("portolan serve did not start:\n\(lastLog)")
    }
}
