import NIOConcurrencyHelpers
import NIOCore

/// Events the server sends to every open connection.
public enum ListenerEvent: Sendable {
    /// The grace period after SIGTERM is over: answer 421 and close.
    case shutdownNow
}

/// The one place that knows every open connection: enforces the global and
/// per-client caps, hands each new connection the current configuration (so
/// a reload affects only new connections), and reaches every connection at
/// shutdown.
///
/// Connections live on several event loops, so the state is behind a lock.
/// Not an actor: admission is on the path of every connection, and the hop
/// to an actor and back to the event loop cost more than the rest of
/// accepting it. Nothing slow ever runs under the lock.
public final class ConnectionRegistry: Sendable {
    /// What a new connection gets.
    public struct Admission: Sendable {
        public var configuration: ServingConfiguration
        /// Over a cap: the connection is told so and closed, and not counted.
        public var tooMany: Bool
        public var number: Int
    }

    struct State {
        var configuration: ServingConfiguration
        var perClient: [String: Int] = [:]
        var open: [Int: Channel] = [:]
        var counted: Set<Int> = []
        var nextNumber = 1
    }

    private let state: NIOLockedValueBox<State>

    public init(configuration: ServingConfiguration) {
        state = NIOLockedValueBox(State(configuration: configuration))
    }

    public var configuration: ServingConfiguration { state.withLockedValue { $0.configuration } }

    public var openConnections: Int { state.withLockedValue { $0.open.count } }

    public func admit(_ channel: Channel, client: String) -> Admission {
        state.withLockedValue { state in
            let number = state.nextNumber
            state.nextNumber += 1
            state.open[number] = channel
            let limits = state.configuration.bundle.limits
            let tooMany =
                state.counted.count >= limits.maxConnections || state.perClient[client, default: 0] >= limits.maxConnectionsPerClient
            if !tooMany {
                state.counted.insert(number)
                state.perClient[client, default: 0] += 1
            }
            return Admission(configuration: state.configuration, tooMany: tooMany, number: number)
        }
    }

    public func release(_ number: Int, client: String) {
        state.withLockedValue { state in
            state.open[number] = nil
            guard state.counted.remove(number) != nil else { return }
            let remaining = state.perClient[client, default: 1] - 1
            state.perClient[client] = remaining > 0 ? remaining : nil
        }
    }

    public func replace(_ configuration: ServingConfiguration) {
        state.withLockedValue { $0.configuration = configuration }
    }

    public func broadcast(_ event: ListenerEvent) {
        let channels = state.withLockedValue { Array($0.open.values) }
        for channel in channels {
            channel.pipeline.fireUserInboundEventTriggered(event)
        }
    }
}
