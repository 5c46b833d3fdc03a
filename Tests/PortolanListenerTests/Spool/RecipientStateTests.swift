import PortolanBundle
@testable import PortolanListener
import Testing

/// One recipient's way through the queue: the back-off between attempts,
/// the end of its lifetime, and what each result leaves in its state file.
@Suite struct RecipientStateTests {
    /// 15 min, doubling up to 1 h, given up after 6 h.
    static let retry = RetrySpec(initial: 900, longest: 3_600, lifetime: 21_600)
    static let arrival = 1_700_000_000
    static let later = DeliveryResult.deferred(.rcpt, .reply(Reply(451, "4.3.0 Try again later")))

    @Test func theWaitStartsAtInitialAndDoublesUpToLongest() {
        #expect((1...6).map { RecipientState.wait(afterAttempt: $0, retry: Self.retry) } == [900, 1_800, 3_600, 3_600, 3_600, 3_600])
        // A longest that is no power of two of initial is still the ceiling.
        let odd = RetrySpec(initial: 600, longest: 1_000, lifetime: 86_400)
        #expect((1...3).map { RecipientState.wait(afterAttempt: $0, retry: odd) } == [600, 1_000, 1_000])
        // Domino's defaults: 15 min, 30 min, 1 h, 2 h, then 4 h for ever.
        #expect((1...7).map { RecipientState.wait(afterAttempt: $0, retry: .dominoDefault) } == [900, 1_800, 3_600, 7_200, 14_400, 14_400, 14_400])
        // A wait of zero would spin: it is at least a second.
        #expect(RecipientState.wait(afterAttempt: 1, retry: RetrySpec(initial: 0, longest: 0, lifetime: 60)) == 1)
    }

    @Test func deferralsFollowTheBackOffAndTheLastTryIsAtTheEndOfTheLifetime() {
        var state = RecipientState(address: "dave@elsewhere.example")
        var now = Self.arrival
        var schedule: [Int] = []
        while state.status != .failed, schedule.count < 20 {
            state.record(Self.later, peer: "sink.example 127.0.0.1:25 (tcp)", now: now, arrival: Self.arrival, retry: Self.retry)
            guard let next = state.nextAttempt else { break }
            schedule.append(next - Self.arrival)
            #expect(state.status == .deferred)
            #expect(state.isDue(at: next) && !state.isDue(at: next - 1))
            now = next
        }
        // 15 min, +30 min, +1 h, +1 h ... and the last wait cut short at 6 h.
        #expect(schedule == [900, 2_700, 6_300, 9_900, 13_500, 17_100, 20_700, 21_600])
        #expect(state.status == .failed)
        #expect(state.attempts == 9)
        #expect(state.nextAttempt == nil)
        #expect(state.lastReply == "451 4.3.0 Try again later (given up after 6 h in the queue)")
        #expect(state.isFinal && !state.isDue(at: now + 100_000))
    }

    @Test func aDeliveryOrAFailureIsFinal() {
        var delivered = RecipientState(address: "dave@elsewhere.example", status: .deferred, attempts: 2, nextAttempt: Self.arrival + 2_700)
        delivered.record(.delivered(Reply(250, "2.0.0 Ok")), peer: "sink.example 127.0.0.1:25 (tcp)", now: Self.arrival + 2_700, arrival: Self.arrival, retry: Self.retry)
        #expect(delivered == RecipientState(
            address: "dave@elsewhere.example", status: .delivered, attempts: 3, nextAttempt: nil, lastReply: "250 2.0.0 Ok", peer: "sink.example 127.0.0.1:25 (tcp)"))

        var failed = RecipientState(address: "erin@elsewhere.example")
        failed.record(.failed(.rcpt, .reply(Reply(550, "5.1.1 No such user"))), peer: "sink.example", now: Self.arrival, arrival: Self.arrival, retry: Self.retry)
        #expect(failed.status == .failed && failed.attempts == 1 && failed.nextAttempt == nil)
        #expect(failed.lastReply == "550 5.1.1 No such user")

        var unreached = RecipientState(address: "erin@elsewhere.example")
        unreached.record(.deferred(.connect, .noReply("cannot connect to 127.0.0.30:25: Connection refused")), peer: nil, now: Self.arrival, arrival: Self.arrival, retry: Self.retry)
        #expect(unreached.status == .deferred && unreached.nextAttempt == Self.arrival + 900)
        #expect(unreached.lastReply == "cannot connect to 127.0.0.30:25: Connection refused")
    }

    @Test func aMessageIsFinishedWhenEveryRecipientIsAndDueWithItsEarliestRecipient() {
        var state = QueueState(recipients: [
            RecipientState(address: "a@x.example", status: .delivered),
            RecipientState(address: "b@x.example", status: .deferred, nextAttempt: 500),
            RecipientState(address: "c@x.example", status: .deferred, nextAttempt: 300),
        ])
        #expect(!state.isFinished && state.nextAttempt == 300)
        state.recipients[2].status = .failed
        #expect(state.nextAttempt == 500)
        state.recipients.append(RecipientState(address: "d@x.example"))
        #expect(state.nextAttempt == 0)
        state.recipients[1].status = .delivered
        state.recipients[3].status = .delivered
        #expect(state.isFinished && state.nextAttempt == nil)
    }
}
