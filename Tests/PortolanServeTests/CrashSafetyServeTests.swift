import Foundation
import PortolanTestSupport
import PortolanBundle
import Testing

/// `kill -9` while a client sends thousands of messages: every message that
/// got its `250` is in `spool/new/`, byte for byte, and every file in `new/`
/// is a whole message with its envelope.
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
    static func allMessageHashes() throws -> [String] {
        let script = """
            import hashlib, importlib.util, sys
            sys.argv = ["bulk_send.py", "0", "0", "/dev/null"]
            spec = importlib.util.spec_from_file_location("bulk", "\(Tool.clientsFolder.appendingPathComponent("bulk_send.py").path)")
            source = open(spec.origin).read().replace("\\nmain()\\n", "\\n")
            namespace = {}
            exec(compile(source, spec.origin, "exec"), namespace)
            for number in range(\(messages)):
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
