import NIOCore
import PortolanListener
import Testing

@Suite struct DataRateGuardTests {
    @Test func allowsAGraceThenWantsTheMinimumRate() {
        let start = NIODeadline.uptimeNanoseconds(1_000_000_000)
        var rate = DataRateGuard(minimumRate: 100, grace: .seconds(5), started: start)
        #expect(!rate.isTooSlow(now: start + .seconds(5)))
        #expect(rate.isTooSlow(now: start + .seconds(6)))
        rate.record(100)
        #expect(!rate.isTooSlow(now: start + .seconds(6)))
        #expect(rate.isTooSlow(now: start + .seconds(8)))
        #expect(!DataRateGuard(minimumRate: 0, started: start).isTooSlow(now: start + .hours(1)))
    }
}
