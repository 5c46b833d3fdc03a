import Foundation
import PortolanBundle
import PortolanJSON

/// Where one recipient of a queued message stands (DESIGN.md, "Delivery").
public struct RecipientState: Codable, Equatable, Sendable {
    public enum Status: String, Codable, Sendable {
        /// Not tried yet.
        case queued
        case delivered
        /// Tried, to be tried again at `nextAttempt`.
        case deferred
        /// Given up: a `5xx`, no way to reach it, or past the retry lifetime.
        case failed
    }

    public var address: String
    public var status: Status
    public var attempts: Int
    /// Seconds since 1970; set while deferred.
    public var nextAttempt: Int?
    /// The peer's last reply, or why there was none.
    public var lastReply: String?
    /// Who answered: the endpoint of the last attempt, or `mailbox <user>`.
    public var peer: String?

    public init(address: String, status: Status = .queued, attempts: Int = 0, nextAttempt: Int? = nil, lastReply: String? = nil, peer: String? = nil) {
        self.address = address
        self.status = status
        self.attempts = attempts
        self.nextAttempt = nextAttempt
        self.lastReply = lastReply
        self.peer = peer
    }

    /// Delivered or failed: nothing more is done for it.
    public var isFinal: Bool { status == .delivered || status == .failed }

    /// Whether it is to be tried at `now` (seconds since 1970).
    public func isDue(at now: Int) -> Bool {
        switch status {
        case .queued: return true
        case .deferred: return (nextAttempt ?? 0) <= now
        case .delivered, .failed: return false
        }
    }

    /// Records one attempt's result at `now`. A deferral waits `initial`,
    /// doubling with every attempt up to `longest`; the last try is at the
    /// end of `lifetime` from `arrival`, and a deferral after it fails the
    /// recipient (the queue gives up).
    public mutating func record(_ result: DeliveryResult, peer: String?, now: Int, arrival: Int, retry: RetrySpec) {
        attempts += 1
        self.peer = peer
        switch result {
        case .delivered(let reply):
            status = .delivered
            nextAttempt = nil
            lastReply = reply.description
        case .failed(_, let answer):
            status = .failed
            nextAttempt = nil
            lastReply = answer.description
        case .deferred(_, let answer):
            lastReply = answer.description
            let end = arrival + retry.lifetime
            if now >= end {
                status = .failed
                nextAttempt = nil
                lastReply = "\(answer.description) (given up after \(Self.duration(retry.lifetime)) in the queue)"
                return
            }
            status = .deferred
            nextAttempt = min(now + Self.wait(afterAttempt: attempts, retry: retry), end)
        }
    }

    /// The wait after attempt `n` (1-based) failed for the time being:
    /// `initial`, doubling, at most `longest`.
    public static func wait(afterAttempt n: Int, retry: RetrySpec) -> Int {
        var wait = max(1, retry.initial)
        for _ in 1..<max(1, n) {
            if wait >= retry.longest { break }
            wait *= 2
        }
        return min(wait, max(1, retry.longest))
    }

    /// `24 h`, `90 min`, `45 s`.
    static func duration(_ seconds: Int) -> String {
        if seconds % 3600 == 0 { return "\(seconds / 3600) h" }
        if seconds % 60 == 0 { return "\(seconds / 60) min" }
        return "\(seconds) s"
    }
}

/// The state file of a queued message: its recipients' states, in envelope order.
public struct QueueState: Codable, Equatable, Sendable {
    public var recipients: [RecipientState]

    public init(recipients: [RecipientState]) {
        self.recipients = recipients
    }

    /// A message not tried yet: every recipient queued.
    public init(envelope: Envelope) {
        recipients = envelope.recipients.map { RecipientState(address: $0) }
    }

    /// Every recipient delivered or failed.
    public var isFinished: Bool { recipients.allSatisfy(\.isFinal) }

    /// When the next recipient is due: nil when none is.
    public var nextAttempt: Int? {
        recipients.compactMap { state -> Int? in
            switch state.status {
            case .queued: return 0
            case .deferred: return state.nextAttempt ?? 0
            case .delivered, .failed: return nil
            }
        }.min()
    }
}

/// A message in the queue, as `portolan queue` lists it.
public struct QueuedMessage: Equatable, Sendable {
    public var id: String
    public var envelope: Envelope
    public var state: QueueState
    /// Seconds since 1970: when the message was accepted (from its id).
    public var arrival: Int
    public var size: Int
}

/// A message just stored: what `Spool.queued` and `Spool.message` would read
/// back at once. The listener hands it to the delivery agent, whose first
/// attempt then reads nothing from the disk.
public struct StoredMessage: Sendable {
    public let queued: QueuedMessage
    /// The message as spooled, its Received header first.
    public let bytes: [UInt8]
    public var id: String { queued.id }
}

extension RecipientState: JSONWritable {
    public func write<Sink: JSONSink>(to json: inout Sink) {
        json.beginObject()
        json.member(CodingKeys.address, address)
        json.member(CodingKeys.attempts, attempts)
        json.member(CodingKeys.lastReply, ifPresent: lastReply)
        json.member(CodingKeys.nextAttempt, ifPresent: nextAttempt)
        json.member(CodingKeys.peer, ifPresent: peer)
        json.member(CodingKeys.status, status)
        json.endObject()
    }
}

extension RecipientState.Status: JSONWritable {}

extension QueueState: JSONWritable {
    public func write<Sink: JSONSink>(to json: inout Sink) {
        json.beginObject()
        json.member(CodingKeys.recipients, recipients)
        json.endObject()
    }
}
