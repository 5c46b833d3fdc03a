/// How a stage's independent pieces of work are run. A stage says which parts of its work are
/// independent (each element, each range of elements, two halves) and hands
/// them to the scheduler it was given; it never starts a thread itself. The
/// compiler's pipeline chooses the scheduler (`CompilerPipeline`), so the one
/// place that decides what runs in parallel is the pipeline. Every scheduler
/// returns results in order, so output never depends on timing.
public protocol StageScheduler: Sendable {
    /// `work` over the whole of `0..<count`, or over consecutive parts of it
    /// that together cover it: the results, in order.
    func ranges<Result: Sendable>(_ count: Int, _ work: @Sendable (Range<Int>) -> Result) -> [Result]

    /// `work` over the whole of `0..<weights.count`, or over consecutive
    /// parts of it of about the same total weight: the results, in order.
    /// A weight is what an element costs, in the caller's unit (a file's
    /// bytes, a document's nodes; never negative): a few large elements and
    /// many small ones are split by what they cost, not by their number.
    func ranges<Result: Sendable>(weights: [Int], _ work: @Sendable (Range<Int>) -> Result) -> [Result]

    /// Both results: `first` and `second` are independent of each other.
    func both<First: Sendable, Second: Sendable>(
        _ first: @Sendable () -> First, _ second: @Sendable () -> Second
    ) -> (First, Second)

    /// Starts `work` on a thread of its own, to run alongside the caller
    /// (a producer the caller consumes from), and returns what waits for it
    /// to end; nil when this scheduler runs nothing alongside, and the caller
    /// then does the work itself, in order.
    func alongside(_ work: @escaping @Sendable () -> Void) -> (@Sendable () -> Void)?
}

extension StageScheduler {
    /// `transform` of every element, in order.
    public func map<Element: Sendable, Result: Sendable>(
        _ elements: [Element], _ transform: @Sendable (Element) -> Result
    ) -> [Result] {
        let parts = ranges(elements.count) { range in elements[range].map(transform) }
        return parts.count == 1 ? parts[0] : parts.flatMap { $0 }
    }

    /// `transform` of every element, in order, split by what each element
    /// costs (`weight`) rather than by their number.
    public func map<Element: Sendable, Result: Sendable>(
        _ elements: [Element], weight: (Element) -> Int, _ transform: @Sendable (Element) -> Result
    ) -> [Result] {
        let parts = ranges(weights: elements.map(weight)) { range in elements[range].map(transform) }
        return parts.count == 1 ? parts[0] : parts.flatMap { $0 }
    }
}

/// Everything in order on the calling thread, and every value freed when it
/// is let go of: what a stage does when it is run on its own, as the tests
/// run most stages.
public struct SerialScheduler: StageScheduler {
    public init() {}

    public func ranges<Result: Sendable>(_ count: Int, _ work: @Sendable (Range<Int>) -> Result) -> [Result] {
        [work(0..<count)]
    }

    public func ranges<Result: Sendable>(weights: [Int], _ work: @Sendable (Range<Int>) -> Result) -> [Result] {
        [work(0..<weights.count)]
    }

    public func both<First: Sendable, Second: Sendable>(
        _ first: @Sendable () -> First, _ second: @Sendable () -> Second
    ) -> (First, Second) {
        (first(), second())
    }

    public func alongside(_ work: @escaping @Sendable () -> Void) -> (@Sendable () -> Void)? { nil }
}
