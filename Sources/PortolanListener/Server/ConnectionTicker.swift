import NIOCore

/// One clock per event loop for the timeouts of every connection on it: a
/// tick a second, while the loop has connections, checks each of them (the
/// command timeout, the data rate). A connection joins and leaves by an
/// array update, with no timer of its own to schedule and cancel.
///
/// Confined to its event loop: every call but `init` is made on it.
final class ConnectionTicker: @unchecked Sendable {
    let eventLoop: any EventLoop
    private var members: [SMTPConnectionHandler] = []
    private var running = false

    init(eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    /// Starts ticking `handler` (at most a second from now).
    func add(_ handler: SMTPConnectionHandler) {
        eventLoop.assertInEventLoop()
        handler.tickerSlot = members.count
        members.append(handler)
        if !running {
            running = true
            schedule()
        }
    }

    /// Stops ticking `handler`; calling it twice is harmless.
    func remove(_ handler: SMTPConnectionHandler) {
        eventLoop.assertInEventLoop()
        guard let slot = handler.tickerSlot, slot < members.count, members[slot] === handler else { return }
        handler.tickerSlot = nil
        let last = members.removeLast()
        if slot < members.count {
            members[slot] = last
            last.tickerSlot = slot
        }
    }

    private func schedule() {
        eventLoop.scheduleTask(in: .seconds(1)) { [self] in
            // A copy: a tick may close a connection, which then leaves.
            let current = members
            for handler in current { handler.tick() }
            if members.isEmpty { running = false } else { schedule() }
        }
    }
}

/// The ticker of each event loop of a group, made once.
struct ConnectionTickers: Sendable {
    private let byLoop: [ObjectIdentifier: ConnectionTicker]

    init(group: any EventLoopGroup) {
        var byLoop: [ObjectIdentifier: ConnectionTicker] = [:]
        for loop in group.makeIterator() {
            byLoop[ObjectIdentifier(loop)] = ConnectionTicker(eventLoop: loop)
        }
        self.byLoop = byLoop
    }

    /// The ticker of `loop`; a loop outside the group gets one of its own.
    func ticker(for loop: any EventLoop) -> ConnectionTicker {
        byLoop[ObjectIdentifier(loop)] ?? ConnectionTicker(eventLoop: loop)
    }
}
