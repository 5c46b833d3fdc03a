import Dispatch
import PortolanScheduling

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The pipeline's scheduler for a machine with cores to spare: work on large
/// inputs split in two, the second half on another core.
///
/// The stages after reading (decoding each server, the rules, lowering and
/// encoding each bundle) treat every server alone; small inputs stay on one
/// thread, where starting another would cost more than it saves. What a
/// stage no longer needs is freed where it is done with, by the stage: the
/// node arenas are a few large arrays, and each decoded object goes as its
/// part of the AST is built.
public struct TwoCoreScheduler: StageScheduler {
    /// From this many elements on, the work is split.
    public var threshold: Int
    /// From this total weight on (weights in bytes of input, or nodes), work
    /// that says what each element costs is split, whatever the number of
    /// elements: a quarter of a MiB of YAML takes a few milliseconds to read.
    public var weightThreshold: Int

    public init(threshold: Int = 1024, weightThreshold: Int = 1 << 18) {
        self.threshold = threshold
        self.weightThreshold = weightThreshold
    }

    public func ranges<Result: Sendable>(_ count: Int, _ work: @Sendable (Range<Int>) -> Result) -> [Result] {
        guard count >= threshold else { return [work(0..<count)] }
        return split(count, at: count / 2, work)
    }

    /// Split where the elements before weigh half of the total.
    public func ranges<Result: Sendable>(weights: [Int], _ work: @Sendable (Range<Int>) -> Result) -> [Result] {
        let total = weights.reduce(0, +)
        guard weights.count >= 2, total >= weightThreshold else { return [work(0..<weights.count)] }
        var middle = 0, before = 0
        while middle < weights.count - 1 && 2 * (before + weights[middle]) <= total {
            before += weights[middle]
            middle += 1
        }
        return split(weights.count, at: max(middle, 1), work)
    }

    private func split<Result: Sendable>(_ count: Int, at middle: Int, _ work: @Sendable (Range<Int>) -> Result) -> [Result] {
        let (first, second) = both({ work(0..<middle) }, { work(middle..<count) })
        return [first, second]
    }

    /// Runs `first` here and `second` on another thread.
    public func both<First: Sendable, Second: Sendable>(
        _ first: @Sendable () -> First, _ second: @Sendable () -> Second
    ) -> (First, Second) {
        let results = Results<First, Second>()
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 { results.first = first() } else { results.second = second() }
        }
        return (results.first!, results.second!)
    }

    /// Starts `work` on a new thread; `nil` when no thread could be made.
    public func alongside(_ work: @escaping @Sendable () -> Void) -> (@Sendable () -> Void)? {
        let context = Unmanaged.passRetained(Work(work)).toOpaque()
        #if canImport(Darwin)
        var handle: pthread_t?
        #else
        var handle = pthread_t()
        #endif
        let made = pthread_create(&handle, nil, { context in
            guard let context else { return nil }
            Unmanaged<Work>.fromOpaque(context).takeRetainedValue().run()
            return nil
        }, context)
        guard made == 0 else {
            Unmanaged<Work>.fromOpaque(context).release()
            return nil
        }
        #if canImport(Darwin)
        guard let thread = handle else { return nil }
        #else
        let thread = handle
        #endif
        return { pthread_join(thread, nil) }
    }

    /// Each result is written by one thread, and read once both have ended.
    private final class Results<First, Second>: @unchecked Sendable {
        var first: First?
        var second: Second?
    }

    private final class Work {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }
}
