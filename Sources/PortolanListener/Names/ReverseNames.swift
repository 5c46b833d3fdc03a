#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PortolanBundle

/// Clients' reverse DNS names, for relaying by name (LANGUAGE.md,
/// "Relaying"). Asked only when nothing else decides. With a hosts file
/// (`serve --hosts`) the names come from it alone, as on a loopback estate;
/// otherwise from the system resolver (glibc's `getnameinfo`), on a thread of
/// its own, answered within `timeout` (later answers still fill the cache),
/// and cached for `cacheLifetime`.
public final class ReverseNames: Sendable {
    let hosts: HostsFile?
    let pool: NIOThreadPool
    let timeout: TimeAmount
    let cacheLifetime: TimeAmount
    let cache = NIOLockedValueBox([String: (name: String?, expires: NIODeadline)]())

    public init(hosts: HostsFile?, pool: NIOThreadPool, timeout: TimeAmount = .seconds(3), cacheLifetime: TimeAmount = .minutes(10)) {
        self.hosts = hosts
        self.pool = pool
        self.timeout = timeout
        self.cacheLifetime = cacheLifetime
    }

    /// The name of `address`, or nil when it has none or the answer is late.
    public func name(of address: String, on eventLoop: EventLoop) -> EventLoopFuture<String?> {
        if let hosts { return eventLoop.makeSucceededFuture(hosts.name(of: address)) }
        let now = NIODeadline.now()
        if let cached = cache.withLockedValue({ $0[address] }), cached.expires > now {
            return eventLoop.makeSucceededFuture(cached.name)
        }
        let promise = eventLoop.makePromise(of: String?.self)
        let timer = eventLoop.scheduleTask(in: timeout) { promise.succeed(nil) }
        let lifetime = cacheLifetime
        pool.runIfActive(eventLoop: eventLoop) { Self.systemName(of: address) }.whenComplete { [cache] result in
            let name = (try? result.get()) ?? nil
            cache.withLockedValue { entries in
                if entries.count > 10_000 { entries.removeAll() }
                entries[address] = (name, .now() + lifetime)
            }
            timer.cancel()
            promise.succeed(name)
        }
        return promise.futureResult
    }

    /// `getnameinfo` with `NI_NAMEREQD`: nil for an address without a name.
    static func systemName(of address: String) -> String? {
        var storage = sockaddr_storage()
        var length: socklen_t
        if address.contains(":") {
            var v6 = sockaddr_in6()
            v6.sin6_family = sa_family_t(AF_INET6)
            guard inet_pton(AF_INET6, address, &v6.sin6_addr) == 1 else { return nil }
            length = socklen_t(MemoryLayout<sockaddr_in6>.size)
            withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: withUnsafeBytes(of: &v6) { UnsafeRawBufferPointer($0) }) }
        } else {
            var v4 = sockaddr_in()
            v4.sin_family = sa_family_t(AF_INET)
            guard inet_pton(AF_INET, address, &v4.sin_addr) == 1 else { return nil }
            length = socklen_t(MemoryLayout<sockaddr_in>.size)
            withUnsafeMutableBytes(of: &storage) { $0.copyMemory(from: withUnsafeBytes(of: &v4) { UnsafeRawBufferPointer($0) }) }
        }
        var host = [CChar](repeating: 0, count: Int(NI_MAXHOST))
        let status = withUnsafePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                getnameinfo($0, length, &host, socklen_t(host.count), nil, 0, NI_NAMEREQD)
            }
        }
        guard status == 0 else { return nil }
        return String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
