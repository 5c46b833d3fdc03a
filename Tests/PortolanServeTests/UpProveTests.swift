import Foundation
import PortolanBundle
import PortolanTestSupport
import Testing

/// `portolan up --prove`: every edge of an example delivered and agreeing;
/// a broken edge refused on the wire at the stage its code predicts, and
/// agreeing; a wire that differs from check caught (exit 1, agree false).
@Suite(.serialized) struct UpProveTests {
    struct Edge: Decodable {
        struct Wire: Decodable {
            var delivered: Bool
            var stage: String
            var reply: String
            var tls: String?
        }
        var from: String
        var to: String
        var address: String?
        var kind: String
        var check: [String]
        var wire: Wire?
        var agree: Bool?
    }

    struct Report: Decodable { var edges: [Edge] }

    static func prove(_ path: String, offset: Int = TestPorts.offset(), _ more: [String] = []) throws -> (status: Int32, edges: [Edge], output: String) {
        let run = try Tool.run(
            executable: PortolanBinary.url,
            ["up", path, "--prove", "--format", "json", "--port-offset", "\(offset)", "--timeout", "10"] + more,
            in: Tool.repositoryRoot, timeout: 60)
        guard let report = try? JSONDecoder().decode(Report.self, from: run.outputData) else {
            throw ToolError("up printed no report (exit \(run.status)):\n\(run.output)\(run.error)")
        }
        return (run.status, report.edges, run.output + run.error)
    }

    @Test(arguments: ["examples/minimal", "examples/relay-port-26", "examples/internet-sites", "examples/estate"])
    func everyEdgeOfAnExampleDelivers(_ example: String) throws {
        let (status, edges, output) = try Self.prove(example)
        #expect(status == 0, "\(output)")
        for edge in edges {
            #expect(edge.wire?.delivered == true && edge.agree == true, "\(edge.from) -> \(edge.to): \(output)")
        }
        let listeners = edges.filter { $0.kind == "listener" }
        // Every listener greets and takes a probe for postmaster.
        #expect(!listeners.isEmpty, "\(output)")
        if example.hasSuffix("relay-port-26") { #expect(edges.count == 5 && listeners.count == 1) }
        // Each of mx1's two addresses keeps its own site on both ports.
        if example.hasSuffix("internet-sites") {
            #expect(listeners.map { "\($0.to) \($0.address ?? "-")" }.sorted() == [
                "mx1 192.0.2.10", "mx1 192.0.2.10", "mx1 192.0.2.12", "mx1 192.0.2.12", "mx2 192.0.2.11", "mx2 192.0.2.11"])
            #expect(!output.contains("can no longer be told apart"), "\(output)")
        }
        // Key rings and relay passwords are not in the repository: up stands in for them, and says so.
        if example.hasSuffix("estate") {
            #expect(edges.count - listeners.count == 16)
            #expect(edges.filter { $0.kind != "listener" }.allSatisfy { $0.wire?.tls?.hasPrefix("TLSv1.") == true }, "every edge of the estate uses STARTTLS: \(output)")
            #expect(output.contains("portolan up: hub-east: the password file /etc/portolan/hub-east-relay.secret of relay_login hub-east-relay"))
            #expect(output.contains("portolan up: hub-east: examples/estate/tls/hub-east.pem is not on this machine: a throwaway self-signed key ring stands in for it"))
        }
    }

    /// Each code's explain text predicts where the wire refuses: no listener
    /// on the port (connect), STARTTLS or AUTH demanded before MAIL, AUTH
    /// impossible, relaying refused at RCPT.
    @Test(arguments: [
        ("PT301", "greeting", "554 5.7.0 This site is not enabled on the server."),
        ("PT302", "greeting", "554 5.7.0 This site is not enabled on the server."),
        ("PT401", "connect", "cannot connect to "), ("PT402", "connect", "cannot connect to "), ("PT403", "connect", "cannot connect to "),
        ("PT404", "connect", "cannot connect to "), ("PT405", "mail", "530 5.7.0 Must issue a STARTTLS command first"),
        ("PT407", "mail", "530 5.7.0 Authentication required"), ("PT411", "auth", "relay_auth is required"),
        ("PT412", "rcpt", "554 5.7.1 Relay access denied"), ("PT414", "auth", "relay_auth is required"),
    ])
    func aBrokenEdgeIsRefusedAtItsStage(_ row: (code: String, stage: String, reply: String)) throws {
        let (status, edges, output) = try Self.prove("examples/broken/\(row.code)")
        #expect(status == 0, "\(output)")
        let edge = try #require(edges.first { $0.check.contains(row.code) }, "\(output)")
        #expect(edge.wire?.delivered == false)
        #expect(edge.wire?.stage == row.stage, "\(output)")
        #expect(edge.wire?.reply.hasPrefix(row.reply) == true, "\(output)")
        #expect(edge.agree == true)
    }

    /// PT406 is a warning: the mail is delivered, but not encrypted,
    /// although the sender asks for STARTTLS (over the estate's STARTTLS
    /// edges it is encrypted).
    @Test func aWarnedEdgeDeliversUnencrypted() throws {
        let (status, edges, output) = try Self.prove("examples/broken/PT406")
        #expect(status == 0, "\(output)")
        let edge = try #require(edges.first, "\(output)")
        #expect(edge.check.isEmpty && edge.wire?.delivered == true && edge.wire?.tls == nil && edge.agree == true, "\(output)")
    }

    @Test func anEdgeOfAServerToItselfIsNotExercised() throws {
        let (status, edges, output) = try Self.prove("examples/broken/PT409")
        #expect(status == 0, "\(output)")
        let edge = try #require(edges.first, "\(output)")
        #expect(edge.check == ["PT409"] && edge.wire == nil && edge.agree == nil)
        #expect(output.contains("\"not_exercised\" : \"an edge to itself carries no mail\""), "\(output)")
    }

    /// Ten runs in a row: every one ends, and leaves no socket listening.
    @Test func runsLeaveNothingBehind() throws {
        let offset = TestPorts.offset()
        for _ in 0..<10 {
            let (status, edges, output) = try Self.prove("examples/relay-port-26", offset: offset)
            #expect(status == 0 && edges.count == 5, "\(output)")
        }
        // The hub listened on 127.0.1.1, port 26, and the stand-in on 127.0.2.1, port 25: both are free again.
        for (address, port) in [("127.0.1.1", offset + 26), ("127.0.2.1", offset + 25)] {
            #expect(TCPProbe.canBind(address: address, port: port, listens: true), "\(address):\(port) is still taken")
            #expect(!Self.listening(port: port), "something still listens on port \(port)")
        }
    }

    /// Whether /proc/net/tcp has a socket in LISTEN (state 0A) on `port`.
    static func listening(port: Int) -> Bool {
        let table = (try? String(contentsOfFile: "/proc/net/tcp", encoding: .utf8)) ?? ""
        let wanted = String(format: ":%04X", port)
        return table.split(separator: "\n").dropFirst().contains { line in
            let fields = line.split(separator: " ")
            return fields.count > 3 && fields[1].hasSuffix(wanted) && fields[3] == "0A"
        }
    }

    /// Without --prove: the host table, then a line per delivery as it
    /// happens, until SIGINT; the external relay host's stand-in keeps what
    /// it is sent in its queue.
    @Test func withoutProveEveryDeliveryIsPrintedUntilInterrupted() throws {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("portolan-up-state-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: state) }
        let output = state.path + ".out"
        defer { try? FileManager.default.removeItem(atPath: output) }
        let up = try SpawnedProcess(
            arguments: [PortolanBinary.url.path, "up", Tool.repositoryRoot.appendingPathComponent("examples/relay-port-26").path, "--port-offset", "\(TestPorts.offset())", "--state", state.path],
            output: output, errors: "/dev/null")
        defer { if up.isRunning { kill(up.pid, SIGKILL); up.waitUntilExit() } }
        func printed() -> String { (try? String(contentsOfFile: output, encoding: .utf8)) ?? "" }
        func wait(for text: String) {
            let deadline = Date().addingTimeInterval(30)
            while !printed().contains(text) && Date() < deadline && up.isRunning { usleep(50_000) }
        }
        wait(for: "isp (stand-in)")
        let sent = try Tool.run(
            executable: PortolanBinary.url, ["sendmail", "--spool", state.appendingPathComponent("spool/spoke-a").path, "-f", "alice@acme.example", "bob@example.net"],
            input: Data("Subject: live\n\nHello.\n".utf8))
        #expect(sent.status == 0, "\(sent.error)")
        wait(for: "hub: delivered")
        kill(up.pid, SIGINT)
        let deadline = Date().addingTimeInterval(20)
        while up.isRunning && Date() < deadline { usleep(50_000) }
        #expect(!up.isRunning && up.exitStatus == 0, "\(up.ending)")
        let lines = printed().split(separator: "\n")
        #expect(lines.contains { $0.hasPrefix("spoke-a: delivered (250 2.0.0 Ok: queued as ") && $0.contains("<bob@example.net> via hub.acme.example 127.0.1.1:") })
        #expect(lines.contains { $0.hasPrefix("hub: delivered (250 2.0.0 Ok: queued as ") && $0.contains("<bob@example.net> via smtp.isp.example 127.0.2.1:") })
        let kept = try Tool.run(executable: PortolanBinary.url, ["queue", state.appendingPathComponent("standin/isp/spool").path])
        #expect(kept.output.contains("  bob@example.net  queued\n"), "\(kept.output)")
    }

    /// A port of the estate that something else holds: up names the host
    /// and the socket at once and exits 1, with no report.
    @Test func aPortThatIsTakenIsNamed() throws {
        let offset = TestPorts.offset()
        let holder = try #require(TCPProbe.holding(address: "127.0.1.1", port: offset + 26))
        defer { close(holder) }
        let started = Date()
        let run = try Tool.run(
            executable: PortolanBinary.url, ["up", "examples/relay-port-26", "--prove", "--format", "json", "--port-offset", "\(offset)"],
            in: Tool.repositoryRoot, timeout: 60)
        #expect(run.status == 1)
        #expect(run.output == "")
        #expect(run.error == "portolan up: hub: cannot listen on 127.0.1.1:\(offset + 26): Address already in use (errno 98)\n")
        #expect(Date().timeIntervalSince(started) < 8, "the wait does not outlast the failure")
    }

    /// PT401 says the spoke's port 25 has no listener; something else
    /// listens there (smtp-sink, on the hub's address), so the wire delivers:
    /// check and wire disagree, and `up` says so.
    @Test func aDisagreementIsCaught() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("portolan-up-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let topology = """
            portolan: 1
            organization: Acme
            internet_domains: [acme.example]
            servers:
              hub:
                host: hub.acme.example
                addresses: [127.0.0.1]
                smtp:
                  inbound:
                    tcp: { port: 26, enabled: true }
              spoke:
                host: spoke.acme.example
                addresses: [127.0.0.42]
                smtp:
                  listener: false
                  outbound:
                    tcp: { port: 25, mode: enabled }
                    relay: hub

            """
        try Data(topology.utf8).write(to: root.appendingPathComponent("topology.yaml"))
        let offset = TestPorts.offset()
        let sink = try SMTPSink(port: offset + 25)
        defer { sink.stop() }
        let (status, edges, output) = try Self.prove(root.appendingPathComponent("topology.yaml").path, offset: offset)
        #expect(status == 1, "\(output)")
        let edge = try #require(edges.first, "\(output)")
        #expect(edge.check == ["PT401"])
        #expect(edge.wire?.delivered == true)
        #expect(edge.agree == false)
    }

    /// `up --bundles DIR` serves the bundles a build wrote. As built, they
    /// agree with check; then the hub's bundle is changed after the build
    /// (its listener moved from port 26 to 27, the manifest's SHA-256 made
    /// to match, as someone editing a deployed bundle would): check still
    /// says every spoke's edge to the hub is clean, the wire refuses it at
    /// connect, and up says they disagree and exits 1.
    @Test func aBundleChangedAfterTheBuildDisagrees() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("portolan-up-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("out").path
        let topology = "examples/relay-port-26/topology.yaml"
        let build = try Tool.run(executable: PortolanBinary.url, ["build", topology, "--out", out], in: Tool.repositoryRoot, timeout: 60)
        try #require(build.status == 0, "\(build.output)\(build.error)")

        let (status, edges, output) = try Self.prove(topology, offset: TestPorts.offset(), ["--bundles", out])
        #expect(status == 0, "\(output)")
        #expect(edges.count == 5 && edges.allSatisfy { $0.agree == true }, "\(output)")
        #expect(!output.contains("were not built from these sources"), "\(output)")

        var hub = try BundleLoader.load(directory: out + "/hub")
        try #require(hub.listeners.map(\.port) == [26])
        hub.listeners[0].port = 27
        let bytes = BundleCodec.encode(hub)
        try Data(bytes).write(to: URL(fileURLWithPath: out + "/hub/bundle.json"))
        let manifestPath = out + "/manifest.json"
        var manifest = try BundleLoader.decodeManifest(try BundleLoader.read(URL(fileURLWithPath: manifestPath)), at: manifestPath)
        let index = try #require(manifest.bundles.firstIndex { $0.server == "hub" })
        manifest.bundles[index].sha256 = BundleCodec.sha256(bytes)
        try Data(BundleCodec.encode(manifest)).write(to: URL(fileURLWithPath: manifestPath))

        let (broken, brokenEdges, brokenOutput) = try Self.prove(topology, offset: TestPorts.offset(), ["--bundles", out])
        #expect(broken == 1, "\(brokenOutput)")
        let toHub = brokenEdges.filter { $0.to == "hub" && $0.kind != "listener" }
        #expect(toHub.map(\.from).sorted() == ["spoke-a", "spoke-b", "spoke-c"], "\(brokenOutput)")
        for edge in toHub {
            #expect(edge.check == [] && edge.wire?.delivered == false && edge.wire?.stage == "connect" && edge.agree == false,
                    "\(edge.from) -> hub: \(brokenOutput)")
        }
        // The hub's own edge to the ISP is not touched by the change.
        #expect(brokenEdges.first { $0.from == "hub" && $0.to == "isp" }?.agree == true, "\(brokenOutput)")
    }

    /// Bundles of another topology are refused before anything runs, with
    /// the server that does not belong; bundles of other sources of the
    /// same servers are served, and up says so.
    @Test func bundlesOfAnotherTopologyAreNamed() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("portolan-up-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("out").path
        let build = try Tool.run(
            executable: PortolanBinary.url, ["build", "examples/minimal", "--out", out], in: Tool.repositoryRoot, timeout: 60)
        try #require(build.status == 0, "\(build.output)\(build.error)")
        let run = try Tool.run(
            executable: PortolanBinary.url,
            ["up", "examples/relay-port-26", "--prove", "--port-offset", "\(TestPorts.offset())", "--bundles", out],
            in: Tool.repositoryRoot, timeout: 60)
        #expect(run.status == 1)
        #expect(run.output == "")
        let servers = try BundleLoader.decodeManifest(
            try BundleLoader.read(URL(fileURLWithPath: out + "/manifest.json")), at: out + "/manifest.json").bundles.map(\.server)
        #expect(run.error == "portolan up: \(out)/manifest.json lists a bundle for server '\(servers[0])', which the topology does not have\n")

        let copy = root.appendingPathComponent("minimal.yaml")
        let text = try String(contentsOf: Tool.repositoryRoot.appendingPathComponent("examples/minimal/topology.yaml"), encoding: .utf8)
        try Data((text + "# a comment\n").utf8).write(to: copy)
        let (status, _, output) = try Self.prove(copy.path, offset: TestPorts.offset(), ["--bundles", out])
        #expect(status == 0, "\(output)")
        #expect(output.contains("portolan up: the bundles in \(out) were not built from these sources as given"), "\(output)")
    }
}
