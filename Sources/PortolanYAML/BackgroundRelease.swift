#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Frees a large tree on a thread of its own. A topology of 100,000 servers is
/// millions of nodes and values; once a stage has no more use for its input,
/// tearing that input down (a release and a free per node) would take the
/// thread that goes on with the next stage a tenth of its time. Given here, the
/// tree is freed on another core while the caller carries on. On Linux the
/// thread runs at idle priority: the next stages split their work over the
/// cores (`InHalves`), and freeing must not take a core from them.
public enum BackgroundRelease {
    /// Takes `value` and lets go of it on a new detached thread. The caller must
    /// hold no other reference to what it should free (or only that part is
    /// freed when the caller lets go). When no thread can be started, `value`
    /// is freed here.
    public static func release<Value>(_ value: consuming Value) {
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
            _ = sched_setscheduler(0, BackgroundRelease.idlePolicy, &parameters)
            #endif
            Unmanaged<AnyObject>.fromOpaque(argument).release()
            return nil
        }, box)
        if started != 0 { Unmanaged<AnyObject>.fromOpaque(box).release() }
    }

    #if os(Linux)
    /// `SCHED_IDLE`, which the C headers give only to GNU sources: the thread
    /// runs only when a core would otherwise be idle.
    static let idlePolicy: Int32 = 5
    #endif

    private final class Box<Value> {
        let value: Value
        init(_ value: consuming Value) { self.value = value }
    }
}
