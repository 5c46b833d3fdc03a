import NIOConcurrencyHelpers
import NIOCore
import PortolanBundle

/// Failed AUTH attempts per client address, across all its sessions, as
/// Postfix's anvil counts them: a client that opens a new session for every
/// guess, or many sessions at once, meets the same growing delay and, past
/// `limits.maxAuthFailuresPerClient`, a refusal without a check until
/// `limits.authPenaltyTime` seconds have passed since its last failure.
///
/// Invariant: an address is forgotten `authPenaltyTime` after its last
/// failure; forgotten addresses are dropped whenever the table has doubled
/// since it was last swept, so it holds little more than the addresses that
/// failed within that time (each failure costs a password check, which
/// bounds how fast it can grow). Shared by every event loop, so behind a
/// lock; nothing slow runs under it.
final class AuthFailureRegistry: Sendable {
    struct Record {
        var failures: Int
        var last: NIODeadline
    }

    struct State {
        var records: [String: Record] = [:]
        var sweepAt = 1_024
    }

    private let state = NIOLockedValueBox(State())

    /// True while `client` may not try a password.
    func isLockedOut(_ client: String, limits: Limits, now: NIODeadline = .now()) -> Bool {
        state.withLockedValue { state in
            guard let record = state.records[client] else { return false }
            guard now - record.last < .seconds(Int64(limits.authPenaltyTime)) else {
                state.records[client] = nil
                return false
            }
            return record.failures >= limits.maxAuthFailuresPerClient
        }
    }

    /// Counts a failure of `client`; returns its failures within the penalty
    /// time, this one included.
    func recordFailure(_ client: String, limits: Limits, now: NIODeadline = .now()) -> Int {
        let penalty = TimeAmount.seconds(Int64(limits.authPenaltyTime))
        return state.withLockedValue { state in
            var record = state.records[client].flatMap { now - $0.last < penalty ? $0 : nil } ?? Record(failures: 0, last: now)
            record.failures += 1
            record.last = now
            state.records[client] = record
            if state.records.count >= state.sweepAt {
                state.records = state.records.filter { now - $0.value.last < penalty }
                state.sweepAt = max(1_024, state.records.count * 2)
            }
            return record.failures
        }
    }
}
