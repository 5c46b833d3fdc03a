import Foundation

/// Ports for the servers and peers the tests start on loopback, handed out
/// so that tests running at the same time do not take each other's: port
/// offsets in blocks of 1,000 from 3,000 to 24,999, single ports from
/// 25,000 to 32,767 (above every offset: a peer's port less the offset is a
/// port), each range taken in turn from a random start. Both lie
/// below Linux's ephemeral range (32,768 and up), so no client connection's
/// own port can hold a port a test is about to listen on. A block or port
/// that something still listens on (a test that runs long) is passed over.
public enum TestPorts {
    static let blocks = 22
    static let blockSize = 1_000
    static let singles = 25_000..<32_768

    private static let lock = NSLock()
    private nonisolated(unsafe) static var block = Int.random(in: 0..<blocks)
    private nonisolated(unsafe) static var single = Int.random(in: singles)

    /// A port offset: the ports `offset` to `offset + 999` are this caller's
    /// until 21 more offsets have been handed out.
    public static func offset() -> Int {
        lock.withLock {
            for _ in 0..<blocks {
                block = (block + 1) % blocks
                let offset = 3_000 + block * blockSize
                if probed.allSatisfy({ TCPProbe.canBind(address: "0.0.0.0", port: offset + $0) }) { return offset }
            }
            return 3_000 + block * blockSize
        }
    }

    /// A port of its own, for a peer on one port.
    public static func port() -> Int {
        lock.withLock {
            for _ in 0..<100 {
                single = single + 1 < singles.upperBound ? single + 1 : singles.lowerBound
                if TCPProbe.canBind(address: "0.0.0.0", port: single) { return single }
            }
            return single
        }
    }

    /// The ports of a block that tests listen on.
    static let probed = [25, 26, 27, 110, 143, 465, 466, 587, 993]
}
