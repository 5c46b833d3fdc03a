import NIOCore

/// Events the server sends to every open connection.
public enum ListenerEvent: Sendable {
    /// The grace period after SIGTERM is over: answer 421 and close.
    case shutdownNow
}

/// The one place that knows every open connection: enforces the global and
/// per-client caps, hands each new connection the current configuration (so
/// a reload affects only new connections), and reaches every connection at
/// shutdown. An actor: connections live on several event loops.
public actor ConnectionRegistry {
    /// What a new connection gets.
    public struct Admission: Sendable {
        public var configuration: ServingConfiguration
        /// Over a cap: the connection is told so and closed, and not counted.
        public var tooMany: Bool
        public var number: Int
    }

    public private(set) var configuration: ServingConfiguration
    private var perClient: [String: Int] = [:]
    private var open: [Int: Channel] = [:]
    private var counted: Set<Int> = []
    private var nextNumber = 1

    public init(configuration: ServingConfiguration) {
        self.configuration = configuration
    }

    public var openConnections: Int { open.count }

    public func admit(_ channel: Channel, client: String) -> Admission {
        let number = nextNumber
        nextNumber += 1
        open[number] = channel
        let limits = configuration.bundle.limits
        let tooMany = counted.count >= limits.maxConnections || perClient[client, default: 0] >= limits.maxConnectionsPerClient
        if !tooMany {
            counted.insert(number)
            perClient[client, default: 0] += 1
        }
        return Admission(configuration: configuration, tooMany: tooMany, number: number)
    }

    public func release(_ number: Int, client: String) {
        open[number] = nil
        guard counted.remove(number) != nil else { return }
        let remaining = perClient[client, default: 1] - 1
        perClient[client] = remaining > 0 ? remaining : nil
    }

    public func replace(_ configuration: ServingConfiguration) {
        self.configuration = configuration
    }

    public func broadcast(_ event: ListenerEvent) {
        for channel in open.values {
            channel.pipeline.fireUserInboundEventTriggered(event)
        }
    }
}
