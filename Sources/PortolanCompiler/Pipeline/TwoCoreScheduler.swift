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
/// inputs split in two, the second half on another core, and large trees
/// freed on a thread of their own.
///
/// The stages after reading (decoding each server, the rules, lowering and
/// encoding each bundle) treat every server alone; small inputs stay on one
/// thread, where starting another would cost more than it saves. A topology
/// of 100,000 servers is millions of nodes and values: tearing a stage's
/// input down (a release and a free per node) would take the thread that goes
/// on with the next stage a tenth of its time, so it is freed on another
/// thread, at idle priority on Linux, so that it never takes a core from the
/// halves of the next stage.
public struct TwoCoreScheduler: StageScheduler {
    /// From this many elements on, the work is split.
    public var threshold: Int

    public init(threshold: Int = 1024) {
        self.threshold = threshold
    }

    public func ranges<Result: Sendable>(_ count: Int, _ work: @Sendable (Range<Int>) -> Result) -> [Result] {
        guard count >= threshold else { return [work(0..<count)] }
        let middle = count / 2
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

    /// Takes `value` and lets go of it on a new detached thread; when no
    /// thread can be started, `value` is freed here.
    public func release<Value>(_ value: consuming Value) {
        let box = Unmanaged.passRetained(Box(value)).toOpaque()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        #if canImport(Darwin)
        var thread: pthread_t?
        #else
        var thread = pthread_t()
        #endif
        let started = pthread_create(&thread, &attributes, { argument in
            guard let argument else { return nil }
            #if os(Linux)
            var parameters = sched_param()
            _ = sched_setscheduler(0, TwoCoreScheduler.idlePolicy, &parameters)
            #endif
            Unmanaged<AnyObject>.fromOpaque(argument).release()
            return nil
        }, box)
        if started != 0 { Unmanaged<AnyObject>.fromOpaque(box).release() }
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

    #if os(Linux)
    /// `SCHED_IDLE` of `<sched.h>`, which Glibc's module map gives only to
    /// GNU sources: the thread runs only when a core would otherwise be idle.
    static let idlePolicy: Int32 = 5
    #endif

    /// Each result is written by one thread, and read once both have ended.
    private final class Results<First, Second>: @unchecked Sendable {
        var first: First?
        var second: Second?
    }

    private final class Work {
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    private final class Box<Value> {
        let value: Value
        init(_ value: consuming Value) { self.value = value }
    }
}
