import Foundation
import PortolanTestSupport

/// Several servers of one or more topologies, each a real `portolan serve`
/// on its own loopback address with one shared port offset, delivering to
/// one another: built with `portolan build`, named to each other by one
/// hosts file, each with its own spool. Every process is stopped by its PID.
final class DeliveryEstate: @unchecked Sendable {
    let root: URL
    let offset: Int
    let hostsFile: URL
    /// Server name to the loopback address it serves on.
    let addresses: [String: String]
    /// Server name to the bundle folder it was built into.
    private let bundles: [String: URL]
    private(set) var servers: [String: ServerProcess] = [:]

    /// Builds every topology (file name to YAML text; one output folder
    /// each) and notes where its servers will run. `hosts` is the hosts
    /// file: every name the servers reach or are reached by.
    init(
        topologies: [String: String], addresses: [String: String], hosts: String, files: [String: String] = [:], offset: Int? = nil
    ) throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("portolan-estate-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: root.appendingPathComponent(name)) }
        var bundles: [String: URL] = [:]
        for (name, yaml) in topologies.sorted(by: { $0.key < $1.key }) {
            let folder = root.appendingPathComponent("src-\(name)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(yaml.utf8).write(to: folder.appendingPathComponent("topology.yaml"))
            let out = root.appendingPathComponent("out-\(name)")
            let built = try Tool.run(executable: PortolanBinary.url, ["build", folder.path, "--out", out.path])
            guard built.status == 0 else { throw ToolError("portolan build \(name) failed:\n\(built.output)\(built.error)") }
            for entry in try FileManager.default.contentsOfDirectory(atPath: out.path) where entry != "manifest.json" {
                bundles[entry] = out.appendingPathComponent(entry)
            }
        }
        self.bundles = bundles
        self.addresses = addresses
        hostsFile = root.appendingPathComponent("hosts")
        try Data(hosts.utf8).write(to: hostsFile)
        self.offset = offset ?? TestPorts.offset()
    }

    /// Builds `yaml` alone, as the topology `name`.
    convenience init(_ yaml: String, addresses: [String: String], hosts: String, files: [String: String] = [:], offset: Int? = nil) throws {
        try self.init(topologies: ["estate": yaml], addresses: addresses, hosts: hosts, files: files, offset: offset)
    }

    func spool(_ server: String) -> URL { root.appendingPathComponent("spool-\(server)") }

    /// Starts `server` (again, after `stop`), on its address, and waits until it is ready.
    @discardableResult
    func start(_ server: String, extra: [String] = []) throws -> ServerProcess {
        guard let folder = bundles[server], let address = addresses[server] else { throw ToolError("no server \(server) in the estate") }
        let process = try ServerProcess(
            root: root, bundleFolder: folder, spool: spool(server), offset: offset, address: address,
            extra: ["--hosts", hostsFile.path] + extra, delivers: true)
        guard try process.waitFor(ServerProcess.readyLine) else {
            throw ToolError("portolan serve \(server) did not start:\n\(process.logText)")
        }
        servers[server] = process
        return process
    }

    func stop(_ server: String) {
        servers[server]?.stop()
        servers[server] = nil
    }

    func stopAll() {
        for name in servers.keys { stop(name) }
    }

    /// `portolan sendmail --spool SPOOL -f SENDER RECIPIENT...` on `server`'s spool.
    @discardableResult
    func sendmail(on server: String, from sender: String, to recipients: [String], message: String, options: [String] = []) throws -> Tool.Result {
        let result = try Tool.run(
            executable: PortolanBinary.url, ["sendmail", "--spool", spool(server).path, "-f", sender] + options + recipients,
            input: Data(message.utf8))
        guard result.status == 0 else { throw ToolError("portolan sendmail failed (\(result.status)): \(result.error)") }
        return result
    }

    /// `portolan queue SPOOL --format json`, decoded.
    func queue(_ server: String) throws -> [[String: Any]] {
        let result = try Tool.run(executable: PortolanBinary.url, ["queue", spool(server).path, "--format", "json"])
        guard result.status == 0 else { throw ToolError("portolan queue failed: \(result.error)") }
        return try JSONSerialization.jsonObject(with: result.outputData) as? [[String: Any]] ?? []
    }

    func flush(_ server: String) throws {
        let result = try Tool.run(executable: PortolanBinary.url, ["queue", spool(server).path, "--flush"])
        guard result.status == 0 else { throw ToolError("portolan queue --flush failed: \(result.error)") }
    }

    /// The messages in `user`'s mailbox on `server`, oldest first; waits up
    /// to `timeout` seconds for at least `count` of them.
    func mailbox(_ server: String, _ user: String, count: Int = 1, timeout: TimeInterval = 15) throws -> [String] {
        let folder = spool(server).appendingPathComponent("mailboxes/\(user)/new")
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
            if names.count >= count || Date() >= deadline {
                return try names.map { try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }
            }
            usleep(50_000)
        }
    }

    /// Waits until `condition` holds for `server`'s queue, up to `timeout` seconds.
    @discardableResult
    func waitForQueue(_ server: String, timeout: TimeInterval = 15, _ condition: ([[String: Any]]) -> Bool) throws -> [[String: Any]] {
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let listing = try queue(server)
            if condition(listing) { return listing }
            if Date() >= deadline {
                let logs = servers.map { "--- \($0.key)\n\($0.value.logText)" }.joined(separator: "\n")
                throw ToolError("the queue of \(server) never got there: \(listing)\n\(logs)")
            }
            usleep(100_000)
        }
    }

    /// The recipients' states of the messages queued on `server`: address to status.
    static func states(_ listing: [[String: Any]]) -> [String: String] {
        var states: [String: String] = [:]
        for message in listing {
            for recipient in message["recipients"] as? [[String: Any]] ?? [] {
                if let address = recipient["address"] as? String { states[address] = recipient["status"] as? String }
            }
        }
        return states
    }

    func log(_ server: String) -> String { servers[server]?.logText ?? "" }

    deinit {
        for server in servers.values { server.stop() }
        try? FileManager.default.removeItem(at: root)
    }
}
