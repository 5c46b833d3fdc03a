import Foundation
import PortolanTestSupport
import PortolanBundle

/// The real `portolan serve` binary running one test's bundle on 127.0.0.1.
///
/// The binary is `PortolanBinary.url`. Ports are the bundle's plus a random
/// offset; a clash is retried with another.
final class ServerProcess: @unchecked Sendable {
    /// 14 Nov 2023 22:13:20 UTC: every Received header carries this date.
    static let fixedClock = 1_700_000_000
    static let fixedDate = "Tue, 14 Nov 2023 22:13:20 +0000"

    let root: URL
    let bundleFolder: URL
    let offset: Int
    /// False: the server runs with `--queue-only` (see `init`).
    let delivers: Bool
    let process: Process
    private let log = LockedText()

    let spool: URL
    func port(_ base: Int) -> Int { base + offset }
    var logText: String { log.value }

    static var binary: URL { PortolanBinary.url }

    /// Starts a server on `bundle` (by default the test estate) and waits until it is ready.
    /// The spool is in the test's folder unless `spool` says where.
    /// Unless `delivers`, the server runs with `--queue-only`: what it
    /// accepts stays in the queue for the test to read.
    static func start(
        limits: Limits = TestEstate.defaultLimits, spool: URL? = nil, extraArguments: [String] = [], delivers: Bool = false
    ) throws -> ServerProcess {
        let certificates = try Certificates.shared.get()
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("portolan-serve-\(UUID().uuidString)")
        let folder = try TestEstate.write(TestEstate.bundle(tls: certificates.server, siteTLS: certificates.site, limits: limits), to: root)
        var lastLog = ""
        for _ in 0..<8 {
            let server = try ServerProcess(
                root: root, bundleFolder: folder, spool: spool, offset: TestPorts.offset(), extra: extraArguments,
                delivers: delivers)
            if try server.waitFor(Self.readyLine) { return server }
            lastLog = server.logText
            server.kill()
        }
        throw ToolError("portolan serve did not start:\n\(lastLog)")
    }

    /// A server on `bundleFolder`; `address` replaces every bind address of
    /// the bundle (nil: bind the bundle's own, loopback, addresses). Unless
    /// `delivers`, it runs with `--queue-only`.
    init(
        root: URL, bundleFolder: URL, spool: URL? = nil, offset: Int, address: String? = "127.0.0.1", extra: [String],
        delivers: Bool = false
    ) throws {
        self.root = root
        self.bundleFolder = bundleFolder
        self.spool = spool ?? root.appendingPathComponent("spool")
        self.offset = offset
        self.delivers = delivers
        process = Process()
        process.executableURL = Self.binary
        // Clients' reverse names come from a hosts file, never from DNS.
        var names: [String] = []
        if !extra.contains("--hosts") {
            let hosts = root.appendingPathComponent("hosts")
            try Data("# no names: tests that relay by name bring their own\n".utf8).write(to: hosts)
            names = ["--hosts", hosts.path]
        }
        process.arguments = [
            "serve", bundleFolder.path, "--spool", self.spool.path, "--port-offset", "\(offset)",
        ] + (address.map { ["--address", $0] } ?? []) + names + extra + (delivers ? [] : ["--queue-only"])
        process.environment = ProcessInfo.processInfo.environment.merging(["PORTOLAN_FIXED_CLOCK": "\(Self.fixedClock)"]) { $1 }
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        let log = log
        stderr.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            if data.isEmpty { handle.readabilityHandler = nil } else { log.append(data) }
        }
        try process.run()
    }

    /// Waits until the log contains `text`; false when the server exited first.
    @discardableResult
    func waitFor(_ text: String, occurrences: Int = 1, timeout: TimeInterval = 15) throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if logText.components(separatedBy: text).count - 1 >= occurrences { return true }
            if !process.isRunning { return false }
            usleep(20_000)
        }
        throw ToolError("timed out waiting for '\(text)' in the log:\n\(logText)")
    }

    func signal(_ number: Int32) { Foundation.kill(process.processIdentifier, number) }

    func kill() {
        if process.isRunning { signal(SIGKILL) }
        process.waitUntilExit()
    }

    /// Stops the server with SIGTERM and returns its exit status.
    @discardableResult
    func stop() -> Int32 {
        if process.isRunning { signal(SIGTERM) }
        let deadline = Date().addingTimeInterval(15)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        kill()
        return process.terminationStatus
    }

    /// Rewrites the bundle (and manifest) the server was started on.
    func rewriteBundle(_ bundle: HostBundle) throws {
        _ = try TestEstate.write(bundle, to: root)
    }

    /// The spooled messages, by id, and their envelopes.
    func spooled() throws -> [(id: String, message: String, meta: String)] {
        let new = spool.appendingPathComponent("new")
        let ids = try FileManager.default.contentsOfDirectory(atPath: new.path).sorted()
        return try ids.map { id in
            let message = try String(contentsOf: new.appendingPathComponent(id), encoding: .utf8)
            let meta = try String(contentsOf: spool.appendingPathComponent("meta/\(id).json"), encoding: .utf8)
            return (id, message, meta)
        }
    }

    deinit { kill() }
}

final class LockedText: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    func append(_ more: Data) { lock.withLock { data.append(more) } }
    var value: String { lock.withLock { String(decoding: data, as: UTF8.self) } }
}
