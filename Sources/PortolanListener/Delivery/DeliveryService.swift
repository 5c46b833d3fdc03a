import ServiceLifecycle

/// The delivery agent as a service of `portolan serve`: it runs beside the
/// listener until graceful shutdown (SIGTERM), then lets the attempts under
/// way end for up to `grace` seconds; what they leave undecided stays queued.
public struct DeliveryService: Service {
    let agent: DeliveryAgent
    let grace: @Sendable () -> Int

    public init(agent: DeliveryAgent, grace: @escaping @Sendable () -> Int) {
        self.agent = agent
        self.grace = grace
    }

    public func run() async throws {
        let agent = agent
        let running = Task { await agent.run() }
        try? await gracefulShutdown()
        await agent.stop(grace: grace())
        running.cancel()
        await running.value
    }
}
