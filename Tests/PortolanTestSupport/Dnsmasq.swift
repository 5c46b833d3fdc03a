import Foundation

/// dnsmasq on loopback and a port of its own (TestPorts), answering from the records its
/// options give and from nothing else: no upstream servers, no hosts file,
/// no system configuration. Stopped by its own PID.
public final class Dnsmasq: @unchecked Sendable {
    public let port: Int
    /// `127.0.0.1` or `::1`.
    public let address: String
    private let process: SpawnedProcess
    private let folder: URL

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// Starts `dnsmasq` in the foreground with `records` (options such as
    /// `--mx-host=...`), everything under `example` answered locally, and
    /// waits until it answers a query.
    public init(_ records: [String], address: String = "127.0.0.1") throws {
        guard let binary = ["/usr/sbin/dnsmasq", "/usr/bin/dnsmasq"].first(where: FileManager.default.isExecutableFile) else {
            throw Failure(description: "dnsmasq is not installed (it is in Debian's dnsmasq-base package; .ci/install-deps installs it)")
        }
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("portolan-dnsmasq-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        self.address = address
        var started: (SpawnedProcess, Int)?
        for _ in 0..<8 {
            let port = TestPorts.port()
            // Not Foundation's Process: dnsmasq closes every inherited
            // descriptor as it starts (see SpawnedProcess).
            let process = try SpawnedProcess(arguments: [
                binary, "--keep-in-foreground", "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--no-poll", "--bind-interfaces",
                "--listen-address=\(address)", "--port=\(port)", "--local=/example/", "--user=\(NSUserName())",
                "--pid-file=\(folder.appendingPathComponent("dnsmasq.pid").path)", "--log-facility=-",
            ] + records)
            if Self.waitUntilAnswering(address: address, port: port, while: process) {
                started = (process, port)
                break
            }
            Self.stop(process)
        }
        guard let (process, port) = started else {
            try? FileManager.default.removeItem(at: folder)
            throw Failure(description: "dnsmasq did not start")
        }
        self.process = process
        self.port = port
    }

    /// `ADDRESS:PORT`, as `serve --dns` takes it.
    public var server: String { address.contains(":") ? "[\(address)]:\(port)" : "\(address):\(port)" }

    public func stop() {
        Self.stop(process)
        try? FileManager.default.removeItem(at: folder)
    }

    deinit { Self.stop(process) }

    private static func stop(_ process: SpawnedProcess) {
        // SIGKILL: a server that answers from its options has nothing to flush.
        if process.isRunning { kill(process.pid, SIGKILL) }
        process.waitUntilExit()
    }

    private static func waitUntilAnswering(address: String, port: Int, while process: SpawnedProcess) -> Bool {
        let deadline = Date().addingTimeInterval(5)
        while Date() < deadline && process.isRunning {
            if UDPProbe.answers(address: address, port: port) { return true }
            usleep(20_000)
        }
        return false
    }
}

/// Plain UDP sockets on loopback, for the harness: a query that tells
/// whether a DNS server is up, and a socket that receives and never answers.
public enum UDPProbe {
    /// True when a DNS query for `example. SOA` sent to `address:port` gets any reply within 200 ms.
    public static func answers(address: String, port: Int) -> Bool {
        let socket = bound(address: address, port: 0)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        let query: [UInt8] = [0x12, 0x34, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, 7] + Array("example".utf8) + [0, 0, 6, 0, 1]
        let sent = withSocketAddress(address: address, port: port) { pointer, length in
            query.withUnsafeBytes { sendto(socket, $0.baseAddress, $0.count, 0, pointer, length) }
        }
        guard sent == query.count else { return false }
        var poll = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
        guard Foundation.poll(&poll, 1, 200) == 1 else { return false }
        var reply = [UInt8](repeating: 0, count: 512)
        return recv(socket, &reply, reply.count, 0) >= 12
    }

    /// A UDP socket bound to `address:port` (0: any free port), or -1.
    public static func bound(address: String, port: Int) -> Int32 {
        let family = address.contains(":") ? AF_INET6 : AF_INET
        let socket = Foundation.socket(family, Int32(SOCK_DGRAM.rawValue), 0)
        guard socket >= 0 else { return -1 }
        let status = withSocketAddress(address: address, port: port) { bind(socket, $0, $1) }
        guard status == 0 else {
            close(socket)
            return -1
        }
        return socket
    }

    /// The port `socket` is bound to.
    public static func port(of socket: Int32) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        _ = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        return withUnsafeBytes(of: &storage) { Int(UInt16($0[2]) << 8 | UInt16($0[3])) }
    }
}
