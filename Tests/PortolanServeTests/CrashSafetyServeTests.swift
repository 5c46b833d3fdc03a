import Foundation
import PortolanTestSupport
import PortolanBundle
import Testing

/// `kill -9` while a client sends thousands of messages: every message that
/// got its `250` is in `spool/new/`, byte for byte, and every file in `new/`
/// is a whole message with its envelope. And `kill -9` while a hub delivers
/// what it accepts to a peer: every acknowledged message reaches the peer,
/// none more than twice, and nothing stays queued.
@Suite(.serialized) struct CrashSafetyServeTests {
    /// How many messages and kills; `PORTOLAN_CRASH_MESSAGES` and
    /// `PORTOLAN_CRASH_ROUNDS` change them (Fuzz/crash-safety.sh does).
    static let messages = ProcessInfo.processInfo.environment["PORTOLAN_CRASH_MESSAGES"].flatMap(Int.init) ?? 5_000
    static let rounds = ProcessInfo.processInfo.environment["PORTOLAN_CRASH_ROUNDS"].flatMap(Int.init) ?? 5
    static let seed = ProcessInfo.processInfo.environment["PORTOLAN_CRASH_SEED"].flatMap(UInt64.init) ?? UInt64.random(in: 1...UInt64.max)

    @Test("acknowledged mail survives kill -9")
    func acknowledgedMailSurvivesKill() throws {
        var server = try ServerProcess.start()
        defer { server.stop() }
        let acks = server.root.appendingPathComponent("acks.txt")
        let client = Process()
        client.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        client.arguments = ["python3", Tool.clientsFolder.appendingPathComponent("bulk_send.py").path, "\(server.port(25))", "\(Self.messages)", acks.path]
        let output = Pipe()
        client.standardOutput = output
        client.standardError = output
        try client.run()

        var random = SplitMix64(seed: Self.seed)
        var kills: [String] = []
        for _ in 0..<Self.rounds where client.isRunning {
            // Let a random number of messages through, then kill the server wherever it is.
            let wait = 300_000 + Int(random.next() % 2_700_000)
            usleep(UInt32(wait))
            let acked = Self.lines(of: acks).count
            server.kill()
            kills.append("after \(wait / 1000) ms (\(acked) acknowledged)")
            server = try server.restarted()
        }
        let deadline = Date().addingTimeInterval(300)
        while client.isRunning && Date() < deadline { usleep(50_000) }
        if client.isRunning { client.terminate() }
        client.waitUntilExit()
        let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(client.terminationStatus == 0, "\(report)")

        let verdict = try Self.verify(spool: server.spool, acks: acks)
        print("crash safety: seed \(Self.seed), kills \(kills.joined(separator: ", ")); \(report.trimmingCharacters(in: .newlines)); "
            + "\(verdict.acknowledged) acknowledged, \(verdict.inNew) in new/, \(verdict.leftInTmp) left in tmp/")
        #expect(verdict.acknowledged == Self.messages)
        #expect(verdict.missing.isEmpty, "acknowledged but not spooled: \(verdict.missing.prefix(10))")
        #expect(verdict.damaged.isEmpty, "in new/ but not a message that was sent: \(verdict.damaged.prefix(10))")
        #expect(verdict.withoutEnvelope.isEmpty, "in new/ without an envelope: \(verdict.withoutEnvelope.prefix(10))")
        #expect(kills.count == Self.rounds)
    }

    struct Verdict {
        var acknowledged = 0
        var inNew = 0
        var leftInTmp = 0
        var missing: [String] = []
        var damaged: [String] = []
        var withoutEnvelope: [String] = []
    }

    /// Compares the acknowledgements with the spool.
    static func verify(spool: URL, acks: URL) throws -> Verdict {
        var verdict = Verdict()
        let new = spool.appendingPathComponent("new")
        var sentHashes = Set<String>()
        var acknowledged: [(id: String, hash: String)] = []
        for line in lines(of: acks) {
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count == 3 else { continue }
            acknowledged.append((fields[1], fields[2]))
            sentHashes.insert(fields[2])
        }
        verdict.acknowledged = acknowledged.count
        // Everything that was ever sent, acknowledged or not: the client's messages are numbered and deterministic,
        // so a file in new/ must be one of them (a kill between rename and reply leaves an unacknowledged but whole one).
        let allSent = Set(try allMessageHashes())
        var contents: [String: String] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: new.path) {
            let bytes = try [UInt8](Data(contentsOf: new.appendingPathComponent(name)))
            let hash = sha256(withoutReceivedHeader(bytes))
            contents[name] = hash
            if !allSent.contains(hash) { verdict.damaged.append(name) }
            // The envelope sidecar: whole JSON that names this message and its size.
            let sidecar = try? Data(contentsOf: spool.appendingPathComponent("meta/\(name).json"))
            let envelope = sidecar.flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
            if envelope?["id"] as? String != name || envelope?["size"] as? Int != bytes.count {
                verdict.withoutEnvelope.append(name)
            }
        }
        verdict.inNew = contents.count
        for (id, hash) in acknowledged where contents[id] != hash { verdict.missing.append(id) }
        verdict.leftInTmp = ((try? FileManager.default.contentsOfDirectory(atPath: spool.appendingPathComponent("tmp").path)) ?? []).count
        return verdict
    }

    /// The SHA-256 of every message bulk_send.py can send, from the script itself.
    static func allMessageHashes(count: Int = messages) throws -> [String] {
        let script = """
            import hashlib, importlib.util, sys
            sys.argv = ["bulk_send.py", "0", "0", "/dev/null"]
            spec = importlib.util.spec_from_file_location("bulk", "\(Tool.clientsFolder.appendingPathComponent("bulk_send.py").path)")
            source = open(spec.origin).read().replace("\\nmain()\\n", "\\n")
            namespace = {}
            exec(compile(source, spec.origin, "exec"), namespace)
            for number in range(\(count)):
                print(hashlib.sha256(namespace["content"](number)).hexdigest())
            """
        let result = try Tool.run("python3", ["-c", script])
        guard result.status == 0 else { throw ToolError("cannot list the messages: \(result.error)") }
        return result.output.split(separator: "\n").map(String.init)
    }

    /// The message as the client sent it: the spool's first header
    /// (`Received:` and its folded lines) removed.
    static func withoutReceivedHeader(_ bytes: [UInt8]) -> [UInt8] {
        var index = 0
        var first = true
        while index < bytes.count, first || bytes[index] == 0x09 {
            first = false
            while index + 1 < bytes.count, !(bytes[index] == 0x0D && bytes[index + 1] == 0x0A) { index += 1 }
            index += 2
        }
        return Array(bytes[min(index, bytes.count)...])
    }

    static func sha256(_ bytes: [UInt8]) -> String { BundleCodec.sha256(bytes) }

    static func lines(of file: URL) -> [String] {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [] }
        // A line without its newline was being written when the client died: not an acknowledgement.
        return text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init).filter { $0.split(separator: " ").count == 3 }
    }

}

// MARK: kill -9 during delivery

extension CrashSafetyServeTests {
    /// How many messages and kills the delivery test sends and makes;
    /// `PORTOLAN_CRASH_DELIVERY_MESSAGES` and `PORTOLAN_CRASH_DELIVERY_ROUNDS`
    /// change them (Fuzz/crash-safety.sh does). `PORTOLAN_CRASH_SEED` is shared.
    static let deliveryMessages = ProcessInfo.processInfo.environment["PORTOLAN_CRASH_DELIVERY_MESSAGES"].flatMap(Int.init) ?? 300
    static let deliveryRounds = ProcessInfo.processInfo.environment["PORTOLAN_CRASH_DELIVERY_ROUNDS"].flatMap(Int.init) ?? 3

    /// A hub that delivers everything it accepts for bob@acme.example to his
    /// mail server, a second `portolan serve` in `--queue-only` (the peer),
    /// whose `new/` holds one file per message the hub handed over, with the
    /// hub's id in its `Received:` line. The client sends numbered messages
    /// to the hub, which only queues the first half of them: killed and
    /// restarted delivering, it finds a backlog, and hands it over in
    /// parallel sessions while the client sends the rest. Then it is killed
    /// with SIGKILL, each time the peer has received a random number of
    /// messages, and restarted.
    @Test("kill -9 during delivery loses nothing and sends no recipient more than twice")
    func killDuringDeliveryLosesNothingAndSendsNoRecipientMoreThanTwice() throws {
        let peer = try Self.startPeer()
        defer { peer.stop() }
        var hub = try Self.startHub(deliveringTo: peer, delivers: false)
        defer { hub.stop() }
        let count = Self.deliveryMessages
        let acks = hub.root.appendingPathComponent("acks.txt")
        let client = Process()
        client.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        client.arguments = ["python3", Tool.clientsFolder.appendingPathComponent("bulk_send.py").path, "\(hub.port(25))", "\(count)", acks.path]
        let output = Pipe()
        client.standardOutput = output
        client.standardError = output
        try client.run()
        defer {
            if client.isRunning { client.terminate() }
            client.waitUntilExit()
        }

        // The backlog: half the messages queued before the hub delivers.
        let backlogDeadline = Date().addingTimeInterval(60)
        while Self.lines(of: acks).count < count / 2 && client.isRunning && Date() < backlogDeadline { usleep(2_000) }
        hub.kill()
        let backlog = hub.spoolFolder("new").count
        hub = try hub.restarted(delivers: true)

        // Kill i happens once the peer holds a random number of messages from
        // the i-th of `rounds` equal stretches of the run, then a random
        // 0-20 ms later: always while messages are being handed over.
        var random = SplitMix64(seed: Self.seed)
        let rounds = Self.deliveryRounds
        var kills: [String] = []
        for round in 0..<rounds {
            let stretch = max(1, count * 8 / 10 / max(1, rounds))
            let target = count / 10 + round * stretch + Int(random.next() % UInt64(stretch))
            let jitter = Int(random.next() % 20_000)
            let deadline = Date().addingTimeInterval(60)
            while Self.peerFiles(peer).count < target {
                guard Date() < deadline else {
                    throw ToolError("the peer never got \(target) messages (\(Self.peerFiles(peer).count)); hub log:\n\(hub.logText)")
                }
                usleep(2_000)
            }
            usleep(UInt32(jitter))
            let acked = Self.lines(of: acks).count
            let arrived = Self.peerFiles(peer).count
            hub.kill()
            kills.append("at \(arrived) delivered, \(acked) acknowledged")
            hub = try hub.restarted()
        }
        let clientDeadline = Date().addingTimeInterval(120)
        while client.isRunning && Date() < clientDeadline { usleep(50_000) }
        if client.isRunning { client.terminate() }
        client.waitUntilExit()
        let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(client.terminationStatus == 0, "\(report)")

        // After the last restart the hub delivers the rest: its queue empties.
        let started = Date()
        let (left, flushes) = try Self.waitForEmptyQueue(hub, timeout: 60)
        let drained = Date().timeIntervalSince(started)
        let verdict = try Self.verifyDeliveries(peer: peer, acks: acks, count: count)
        let twice = verdict.copies.values.filter { $0 == 2 }.count
        let resent = verdict.copies.values.reduce(0) { $0 + $1 - 1 }
        // A crash leaves at most the messages in flight unrecorded: no more
        // than `maxDeliveries` sends per kill may be repeats.
        let inFlight = TestEstate.defaultLimits.maxDeliveries
        print("crash safety: delivery: seed \(Self.seed), kills \(kills.joined(separator: ", ")); \(report.trimmingCharacters(in: .newlines)); "
            + "backlog \(backlog); \(verdict.acknowledged) acknowledged, \(verdict.files) at the peer for \(verdict.copies.count) hub ids, \(twice) sent twice, "
            + "\(verdict.missing.count) lost, \(left.count) left queued (\(flushes) flushes, \(String(format: "%.1f", drained)) s to drain)")
        #expect(verdict.acknowledged == count)
        #expect(verdict.missing.count == 0, "acknowledged but never delivered: \(verdict.missing.prefix(10))")
        #expect(verdict.tooMany.count == 0, "delivered more than twice: \(verdict.tooMany.prefix(10))")
        #expect(resent <= inFlight * kills.count, "\(resent) sends were repeats after \(kills.count) kills")
        #expect(verdict.damaged.count == 0, "at the peer but not a message that was sent: \(verdict.damaged.prefix(10))")
        #expect(left.count == 0, "still queued on the hub: \(left.prefix(5))\n\(hub.logText.suffix(4_000))")
        #expect(hub.spoolFolder("new").isEmpty)
        #expect(kills.count == rounds)
    }

    struct DeliveryVerdict {
        var acknowledged = 0
        var files = 0
        /// The hub's queue id to how many times the peer got it.
        var copies: [String: Int] = [:]
        var missing: [String] = []
        var tooMany: [String] = []
        var damaged: [String] = []
    }

    /// Compares the client's acknowledgements (the hub's ids) with what the peer holds.
    static func verifyDeliveries(peer: ServerProcess, acks: URL, count: Int) throws -> DeliveryVerdict {
        var verdict = DeliveryVerdict()
        let hashes = try allMessageHashes(count: count)
        let new = peer.spool.appendingPathComponent("new")
        for name in peerFiles(peer) {
            let bytes = try [UInt8](Data(contentsOf: new.appendingPathComponent(name)))
            let text = String(decoding: bytes, as: UTF8.self)
            // The peer's Received line first, then the hub's, then the message as the client sent it.
            guard let hubID = Self.hubID(in: text), let number = Self.number(in: text), number < hashes.count,
                sha256(withoutReceivedHeader(withoutReceivedHeader(bytes))) == hashes[number]
            else {
                verdict.damaged.append(name)
                continue
            }
            verdict.copies[hubID, default: 0] += 1
        }
        verdict.files = peerFiles(peer).count
        for line in lines(of: acks) {
            let fields = line.split(separator: " ").map(String.init)
            verdict.acknowledged += 1
            if verdict.copies[fields[1], default: 0] == 0 { verdict.missing.append("message \(fields[0]) (\(fields[1]))") }
        }
        verdict.tooMany = verdict.copies.filter { $0.value > 2 }.map { "\($0.key): \($0.value) times" }.sorted()
        return verdict
    }

    /// The id in the hub's Received line.
    static func hubID(in text: String) -> String? {
        let marker = "\tby hub.acme.example (Portolan) with ESMTP id "
        guard let range = text.range(of: marker) else { return nil }
        return String(text[range.upperBound...].prefix { !$0.isNewline })
    }

    /// N of `Subject: bulk N`.
    static func number(in text: String) -> Int? {
        guard let range = text.range(of: "\r\nSubject: bulk ") else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isNumber })
    }

    static func peerFiles(_ peer: ServerProcess) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: peer.spool.appendingPathComponent("new").path)) ?? [])
            .filter { !$0.hasPrefix(".") }
    }

    /// Polls `portolan queue SPOOL --format json` until it lists nothing.
    /// A deferred recipient (the test clock stands still, so its next try
    /// never comes by itself) is retried with `--flush`. Returns what was
    /// still listed at the deadline and how many flushes it took.
    static func waitForEmptyQueue(_ hub: ServerProcess, timeout: TimeInterval) throws -> ([[String: Any]], Int) {
        let deadline = Date().addingTimeInterval(timeout)
        var flushes = 0
        var lastFlush = Date.distantPast
        while true {
            let result = try Tool.run(executable: PortolanBinary.url, ["queue", hub.spool.path, "--format", "json"])
            guard result.status == 0 else { throw ToolError("portolan queue failed: \(result.error)") }
            let listing = try JSONSerialization.jsonObject(with: result.outputData) as? [[String: Any]] ?? []
            if listing.isEmpty || Date() >= deadline { return (listing, flushes) }
            let deferred = listing.contains { message in
                (message["recipients"] as? [[String: Any]] ?? []).contains { $0["status"] as? String == "deferred" }
            }
            if deferred && Date().timeIntervalSince(lastFlush) > 1 {
                _ = try Tool.run(executable: PortolanBinary.url, ["queue", hub.spool.path, "--flush"])
                flushes += 1
                lastFlush = Date()
            }
            usleep(100_000)
        }
    }

    /// The peer: the test estate with the host name `peer.acme.example`
    /// (the bundle is still the one of server `hub`), in `--queue-only`.
    static func startPeer() throws -> ServerProcess {
        let certificates = try Certificates.shared.get()
        var bundle = TestEstate.bundle(tls: certificates.server, siteTLS: certificates.site)
        bundle.server = ServerIdentity(name: "hub", hierarchicalName: "hub/Acme", host: "peer.acme.example", organization: "Acme")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("portolan-serve-\(UUID().uuidString)")
        let folder = try TestEstate.write(bundle, to: root)
        var lastLog = ""
        for _ in 0..<8 {
            let server = try ServerProcess(root: root, bundleFolder: folder, offset: TestPorts.offset(), extra: [])
            if try server.waitFor(ServerProcess.readyLine) { return server }
            lastLog = server.logText
            server.kill()
        }
        throw ToolError("the peer did not start:\n\(lastLog)")
    }

    /// The hub: the test estate with bob's mail server the peer, delivering
    /// or (`delivers` false) only queueing. Outbound ports move by the hub's port offset, so the bundle
    /// names the peer's port less that offset.
    static func startHub(deliveringTo peer: ServerProcess, delivers: Bool) throws -> ServerProcess {
        let certificates = try Certificates.shared.get()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("portolan-serve-\(UUID().uuidString)")
        var lastLog = ""
        for attempt in 0..<8 {
            // Well below the peer's ports, so that neither's listeners clash with the other's.
            let offset = peer.offset - 1_000 - 10 * attempt
            let port = peer.port(25) - offset
            var bundle = TestEstate.bundle(tls: certificates.server, siteTLS: certificates.site)
            let server = PeerSpec(name: "peer", kind: "server", host: "peer.acme.example", address: "127.0.0.1", tcpPort: port, sslPort: nil, starttls: "disabled")
            bundle.mailboxes = bundle.mailboxes.map { $0.user == "bob" ? MailboxSpec(address: $0.address, user: $0.user, mailServer: server) : $0 }
            bundle.outbound.tcpPort = port
            let folder = try TestEstate.write(bundle, to: root)
            let hub = try ServerProcess(root: root, bundleFolder: folder, offset: offset, extra: [], delivers: delivers)
            if try hub.waitFor(ServerProcess.readyLine) { return hub }
            lastLog = hub.logText
            hub.kill()
        }
        throw ToolError("the hub did not start:\n\(lastLog)")
    }
}
