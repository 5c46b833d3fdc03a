import Foundation
import PortolanTestSupport

/// Postfix's `smtp-sink` on 127.0.0.1 and a port of its own (TestPorts), as a stand-in
/// peer that answers as its options say, dumping every message it accepts
/// into a folder of its own. Stopped by its own PID.
final class SMTPSink: @unchecked Sendable {
    let port: Int
    let dumps: URL
    /// What it prints with `-c`: `sess=N quit=N mesg=N`, updated as sessions and messages end.
    let counts: URL
    private let process: Process

    /// Starts `smtp-sink OPTIONS -d DUMPS/message. 127.0.0.1:PORT 10` and waits until it accepts connections.
    /// `port`: that port, else one from TestPorts.
    init(_ options: [String] = [], port fixedPort: Int? = nil) throws {
        guard let binary = ["/usr/sbin/smtp-sink", "/usr/bin/smtp-sink"].first(where: FileManager.default.isExecutableFile) else {
            throw ToolError("smtp-sink is not installed (it is in Debian's postfix package; .ci/install-deps installs it)")
        }
        dumps = FileManager.default.temporaryDirectory.appendingPathComponent("portolan-sink-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dumps, withIntermediateDirectories: true)
        counts = dumps.appendingPathExtension("counts")
        var started: (Process, Int)?
        for _ in 0..<8 {
            let port = fixedPort ?? TestPorts.port()
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = ["-u", NSUserName(), "-c"] + options + ["-d", dumps.appendingPathComponent("message.").path, "127.0.0.1:\(port)", "10"]
            FileManager.default.createFile(atPath: counts.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: counts)
            process.standardError = FileHandle.nullDevice
            try process.run()
            // The probe's session must show in this sink's counts: a port that
            // another test's listener holds accepts the probe too.
            if Self.waitUntilListening(port: port, while: process), Self.sawSession(counts, while: process) {
                started = (process, port)
                break
            }
            Self.stop(process)
        }
        guard let (process, port) = started else { throw ToolError("smtp-sink did not start") }
        self.process = process
        self.port = port
    }

    /// The messages it accepted, in no particular order, each with LF line ends.
    func messages() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dumps.path).sorted().map {
            try String(contentsOf: dumps.appendingPathComponent($0), encoding: .utf8)
        }
    }

    /// What `-c` printed so far, its lines joined by spaces (for a failure's message).
    var countsText: String {
        ((try? String(contentsOf: counts, encoding: .utf8)) ?? "").split(whereSeparator: { $0 == "\r" || $0 == "\n" }).joined(separator: " ")
    }

    /// The QUIT commands it had so far (`quit=` of `-c`).
    func quits() throws -> Int { try count("quit") }

    private func count(_ name: String) throws -> Int {
        let text = try String(contentsOf: counts, encoding: .utf8)
        guard let last = text.split(whereSeparator: { $0 == "\r" || $0 == "\n" }).last(where: { $0.contains("\(name)=") }) else { return 0 }
        let field = last.split(separator: " ").first { $0.hasPrefix("\(name)=") }
        return field.flatMap { Int($0.dropFirst(name.count + 1)) } ?? 0
    }

    func stop() {
        Self.stop(process)
        try? FileManager.default.removeItem(at: dumps)
        try? FileManager.default.removeItem(at: counts)
    }

    deinit { Self.stop(process) }

    private static func stop(_ process: Process) {
        // SIGKILL: a child of the test runner inherits its blocked SIGTERM,
        // and a stand-in has nothing to flush (each dump is complete at `.`).
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    private static func waitUntilListening(port: Int, while process: Process) -> Bool {
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline && process.isRunning {
            if TCPProbe.canConnect(port: port) { return true }
            usleep(20_000)
        }
        return false
    }

    /// Whether the counts file `-c` writes shows a session within 2 s.
    private static func sawSession(_ counts: URL, while process: Process) -> Bool {
        let deadline = Date().addingTimeInterval(2)
        while Date() < deadline && process.isRunning {
            if let text = try? String(contentsOf: counts, encoding: .utf8), text.contains("sess=") { return true }
            usleep(10_000)
        }
        return false
    }
}
