import PortolanCompiler
import PortolanScheduling
import Synchronization
import Testing

/// Where the pipeline's scheduler splits work: by number for work of alike
/// elements, by weight for work whose elements differ in cost (files).
@Suite struct TwoCoreSchedulerTests {
    /// The ranges `scheduler` runs `weights` in.
    static func parts(_ weights: [Int], _ scheduler: TwoCoreScheduler) -> [Range<Int>] {
        scheduler.ranges(weights: weights) { $0 }
    }

    @Test func weightsAreSplitWhereHalfTheWeightLies() {
        let scheduler = TwoCoreScheduler(weightThreshold: 1)
        #expect(Self.parts([10, 1, 1, 1], scheduler) == [0..<1, 1..<4])
        #expect(Self.parts([1, 1, 1, 10], scheduler) == [0..<3, 3..<4])
        #expect(Self.parts([5, 5, 5, 5], scheduler) == [0..<2, 2..<4])
        #expect(Self.parts([0, 0, 7], scheduler) == [0..<2, 2..<3])
    }

    @Test func lightWorkAndASingleElementStayInOnePart() {
        let scheduler = TwoCoreScheduler(weightThreshold: 100)
        #expect(Self.parts([40, 40], scheduler) == [0..<2])
        #expect(Self.parts([1_000], scheduler) == [0..<1])
        #expect(Self.parts([], scheduler) == [0..<0])
    }

    /// A thousand files of 18 KiB are fewer elements than the split by
    /// number asks for, and were read on one core; by weight they are split.
    @Test func aThousandSmallFilesAreSplit() {
        let scheduler = TwoCoreScheduler()
        let files = Array(repeating: 18 * 1024, count: 1_000)
        #expect(scheduler.ranges(files.count) { $0 } == [0..<1_000])
        #expect(Self.parts(files, scheduler) == [0..<500, 500..<1_000])
    }

    /// Both parts run, and the results come in order.
    @Test func resultsComeInOrder() {
        let ran = Mutex(0)
        let results = TwoCoreScheduler(weightThreshold: 1).map([3, 1, 4, 1, 5, 9, 2, 6], weight: { $0 }) { value -> Int in
            ran.withLock { $0 += 1 }
            return value * 10
        }
        #expect(results == [30, 10, 40, 10, 50, 90, 20, 60])
        #expect(ran.withLock { $0 } == 8)
        #expect(SerialScheduler().ranges(weights: [1, 2, 3]) { $0 } == [0..<3])
    }
}
