import Foundation

/// `address:port` (IPv4 or IPv6) as the `sockaddr` the socket calls take.
func withSocketAddress<Result>(
    address: String, port: Int, _ body: (UnsafePointer<sockaddr>, socklen_t) -> Result
) -> Result {
    if address.contains(":") {
        var v6 = sockaddr_in6()
        v6.sin6_family = sa_family_t(AF_INET6)
        v6.sin6_port = in_port_t(UInt16(port).bigEndian)
        _ = inet_pton(AF_INET6, address, &v6.sin6_addr)
        return withUnsafePointer(to: &v6) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
        }
    }
    var v4 = sockaddr_in()
    v4.sin_family = sa_family_t(AF_INET)
    v4.sin_port = in_port_t(UInt16(port).bigEndian)
    _ = inet_pton(AF_INET, address, &v4.sin_addr)
    return withUnsafePointer(to: &v4) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { body($0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
}

/// TCP sockets on loopback for the harnesses: whether something listens on
/// a port, whether a port is free, a socket that holds one.
public enum TCPProbe {
    /// A socket connected to `address:port`, or nil.
    public static func connected(address: String = "127.0.0.1", port: Int) -> Int32? {
        let socket = Foundation.socket(address.contains(":") ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return nil }
        guard withSocketAddress(address: address, port: port, { connect(socket, $0, $1) }) == 0 else {
            close(socket)
            return nil
        }
        return socket
    }

    /// True when something accepts connections on `address:port`.
    public static func canConnect(address: String = "127.0.0.1", port: Int) -> Bool {
        guard let socket = connected(address: address, port: port) else { return false }
        close(socket)
        return true
    }

    /// A socket bound to `address:port` with SO_REUSEADDR, as a server
    /// restarting on it would bind (connections may still be in TIME_WAIT),
    /// and listening unless `listens` is false; nil when the port is taken.
    public static func holding(address: String, port: Int, listens: Bool = true) -> Int32? {
        let socket = Foundation.socket(address.contains(":") ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { return nil }
        var one: Int32 = 1
        setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        guard withSocketAddress(address: address, port: port, { bind(socket, $0, $1) }) == 0, !listens || listen(socket, 1) == 0 else {
            close(socket)
            return nil
        }
        return socket
    }

    /// True when `address:port` could be bound now. On the wildcard address
    /// `0.0.0.0`: when nothing is bound to the port on any address.
    public static func canBind(address: String, port: Int, listens: Bool = false) -> Bool {
        guard let socket = holding(address: address, port: port, listens: listens) else { return false }
        close(socket)
        return true
    }
}
