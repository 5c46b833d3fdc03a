import Foundation
import Logging
import NIOCore
import NIOPosix
import PortolanBundle

/// Everything a connection needs besides its socket: the configuration it was
/// admitted under, the listener it arrived on, and the shared services.
struct ConnectionEnvironment: Sendable {
    let configuration: ServingConfiguration
    let listener: ListenerSpec
    let services: ListenerServices
    /// Failed logins by client address, across sessions.
    let authFailures: AuthFailureRegistry
    let tooManyConnections: Bool
    /// The timeouts' clock of the connection's event loop.
    let ticker: ConnectionTicker
    let log: ConnectionLog

    var limits: Limits { configuration.bundle.limits }
}

/// Services shared by every connection of a server. Each is safe to use from
/// any event loop.
public struct ListenerServices: Sendable {
    public let spool: Spool
    /// PBKDF2 runs here: its size bounds how many checks run at once.
    public let passwordPool: NIOThreadPool
    /// Spool writes (fsync) run here, apart from password checks.
    public let spoolPool: NIOThreadPool
    public let clock: @Sendable () -> Date
    /// Clients' reverse names, asked only when relaying depends on one.
    public let reverseNames: ReverseNames
    /// Told every message once it is durable: the delivery agent.
    public let spooled: @Sendable (StoredMessage) -> Void

    public init(
        spool: Spool, passwordPool: NIOThreadPool, spoolPool: NIOThreadPool, clock: @escaping @Sendable () -> Date,
        reverseNames: ReverseNames, spooled: @escaping @Sendable (StoredMessage) -> Void = { _ in }
    ) {
        self.spooled = spooled
        self.spool = spool
        self.passwordPool = passwordPool
        self.spoolPool = spoolPool
        self.clock = clock
        self.reverseNames = reverseNames
    }
}
