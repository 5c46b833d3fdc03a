import NIOCore

/// The minimum data rate during DATA: after a grace period the client must
/// have sent at least `minimumRate` bytes for every further second, so that a
/// trickle cannot hold a connection for hours while staying under the
/// per-command timeout.
public struct DataRateGuard: Sendable {
    public let minimumRate: Int
    public let grace: TimeAmount
    let started: NIODeadline
    public private(set) var bytes = 0

    public init(minimumRate: Int, grace: TimeAmount = .seconds(5), started: NIODeadline) {
        self.minimumRate = minimumRate
        self.grace = grace
        self.started = started
    }

    public mutating func record(_ count: Int) { bytes += count }

    public func isTooSlow(now: NIODeadline) -> Bool {
        let required = (now - started - grace).nanoseconds
        guard minimumRate > 0, required > 0 else { return false }
        return Double(bytes) < Double(minimumRate) * Double(required) / 1e9
    }
}
