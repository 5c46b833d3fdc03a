import Foundation

/// Ports for the servers and peers the tests start on loopback, handed out
/// so that tests running at the same time do not take each other's: port
/// offsets in blocks of 1,000 from 10,000 to 31,999, single ports from
/// 3,000 to 9,999, each range taken in turn from a random start. Both lie
/// below Linux's ephemeral range (32,768 and up), so no client connection's
/// own port can hold a port a test is about to listen on. A block or port
/// that something still listens on (a test that runs long) is passed over.
public enum TestPorts {
    static let blocks = 22
    static let blockSize = 1_000
    static let singles = 3_000..<10_000

    private static let lock = NSLock()
    private nonisolated(unsafe) static var block = Int.random(in: 0..<blocks)
    private nonisolated(unsafe) static var single = Int.random(in: singles)

    /// A port offset: the ports `offset` to `offset + 999` are this caller's
    /// until 21 more offsets have been handed out.
    public static func offset() -> Int {
        lock.withLock {
            for _ in 0..<blocks {
                block = (block + 1) % blocks
                let offset = 10_000 + block * blockSize
                if probed.allSatisfy({ isFree(offset + $0) }) { return offset }
            }
            return 10_000 + block * blockSize
        }
    }

    /// A port of its own, for a peer on one port.
    public static func port() -> Int {
        lock.withLock {
            for _ in 0..<100 {
                single = single + 1 < singles.upperBound ? single + 1 : singles.lowerBound
                if isFree(single) { return single }
            }
            return single
        }
    }

    /// The ports of a block that tests listen on.
    static let probed = [25, 26, 27, 110, 143, 465, 466, 587, 993]

    /// Whether nothing is bound to `port` on any address: a bind to the
    /// wildcard address fails while any address has a listener there.
    static func isFree(_ port: Int) -> Bool {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return true }
        defer { close(socket) }
        var one: Int32 = 1
        setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = INADDR_ANY
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
