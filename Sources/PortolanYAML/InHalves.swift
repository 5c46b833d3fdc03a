import Dispatch

/// Work on large topologies split in two, the second half on another core.
/// The stages after reading (decoding each server, the rules) treat every
/// server alone and the machine running a check has cores to spare; small
/// inputs stay on one thread, where starting another would cost more than it
/// saves. Results come back in order, so output does not depend on timing.
public enum InHalves {
    /// From this many elements on, the work is split.
    public static let threshold = 1024

    /// `transform` of every element, in order.
    public static func map<Element: Sendable, Result: Sendable>(
        _ elements: [Element], _ transform: @Sendable (Element) -> Result
    ) -> [Result] {
        ranges(elements.count) { range in elements[range].map(transform) }.flatMap { $0 }
    }

    /// `work` on the whole of `0..<count`, or on its two halves (the second on
    /// another thread) from `threshold` on: the results, in order.
    public static func ranges<Result: Sendable>(_ count: Int, _ work: @Sendable (Range<Int>) -> Result) -> [Result] {
        guard count >= threshold else { return [work(0..<count)] }
        let middle = count / 2
        let (first, second) = both({ work(0..<middle) }, { work(middle..<count) })
        return [first, second]
    }

    /// Runs `first` here and `second` on another thread, and returns both results.
    public static func both<First: Sendable, Second: Sendable>(
        _ first: @Sendable () -> First, _ second: @Sendable () -> Second
    ) -> (First, Second) {
        let results = Results<First, Second>()
        DispatchQueue.concurrentPerform(iterations: 2) { part in
            if part == 0 { results.first = first() } else { results.second = second() }
        }
        return (results.first!, results.second!)
    }

    /// Each result is written by one thread, and read once both have ended.
    private final class Results<First, Second>: @unchecked Sendable {
        var first: First?
        var second: Second?
    }
}
