import CYAML
import PortolanScheduling

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// libyaml's events, parsed ahead alongside the caller (on a thread the
/// scheduler starts) while the caller
/// builds nodes from the ones already parsed: on a large file the two halves
/// of reading overlap, and reading takes little longer than libyaml's parse.
///
/// The parser thread fills fixed batches of events in a ring of `slots`; the
/// reading thread takes them in order and hands each batch back once it has
/// read it. The parser thread deletes a batch's events before it fills the slot
/// again, so that libyaml's memory is allocated and freed on one thread (freeing
/// it on the other costs more than the parse). The parser never runs more than `slots` batches ahead,
/// so memory stays bounded whatever the input; the reader may stop it at any
/// time (`cancel()`), and `join()` waits for it to end. Only the parser thread
/// touches the parser until `join()` returns.
final class EventPipe: @unchecked Sendable {
    /// How a batch ends: full, at the end of the stream, or at a parse error
    /// (the parser holds the error; read it after `join()`).
    enum End { case more, streamEnd, error }

    static let batchSize = 4096
    static let slots = 8

    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let events: UnsafeMutablePointer<yaml_event_t>
    /// The events each slot holds and that are not yet deleted.
    private var counts = [Int](repeating: 0, count: EventPipe.slots)
    private var ends = [End](repeating: .more, count: EventPipe.slots)
    /// Batches published by the parser thread, and batches handed back by the reader.
    private var produced = 0
    private var consumed = 0
    private var cancelled = false
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let changed: UnsafeMutablePointer<pthread_cond_t>
    /// Waits for the parser's thread to end; nil when none runs.
    private var waitForParser: (@Sendable () -> Void)?

    init(parser: UnsafeMutablePointer<yaml_parser_t>) {
        self.parser = parser
        events = .allocate(capacity: Self.batchSize * Self.slots)
        events.initialize(repeating: yaml_event_t(), count: Self.batchSize * Self.slots)
        mutex = .allocate(capacity: 1)
        changed = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(changed, nil)
    }

    deinit {
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(mutex)
        changed.deallocate()
        mutex.deallocate()
        events.deallocate()
    }

    /// Starts the parser alongside the caller; false when the scheduler runs
    /// nothing alongside (the caller then parses on its own thread).
    func start(on scheduler: any StageScheduler) -> Bool {
        guard let wait = scheduler.alongside({ self.produce() }) else { return false }
        waitForParser = wait
        return true
    }

    /// The parser thread: fills batches until the stream ends, libyaml fails or
    /// the reader cancels.
    private func produce() {
        while true {
            pthread_mutex_lock(mutex)
            while produced - consumed == Self.slots && !cancelled { pthread_cond_wait(changed, mutex) }
            let stop = cancelled
            let slot = produced % Self.slots
            pthread_mutex_unlock(mutex)
            if stop { return }

            let batch = events + slot * Self.batchSize
            // The reader is done with this slot: delete what it held.
            pthread_mutex_lock(mutex)
            let stale = counts[slot]
            counts[slot] = 0
            pthread_mutex_unlock(mutex)
            for index in 0..<stale { yaml_event_delete(batch + index) }
            var count = 0
            var end = End.more
            while count < Self.batchSize {
                guard yaml_parser_parse(parser, batch + count) == 1 else {
                    end = .error
                    break
                }
                count += 1
                if batch[count - 1].type == YAML_STREAM_END_EVENT {
                    end = .streamEnd
                    break
                }
            }

            pthread_mutex_lock(mutex)
            counts[slot] = count
            ends[slot] = end
            produced += 1
            pthread_cond_broadcast(changed)
            pthread_mutex_unlock(mutex)
            if end != .more { return }
        }
    }

    /// Waits for the next batch and lends its events to `body` (the pipe
    /// deletes them); returns how the batch ended.
    func nextBatch(_ body: (UnsafeMutableBufferPointer<yaml_event_t>) -> Void) -> End {
        pthread_mutex_lock(mutex)
        while consumed == produced { pthread_cond_wait(changed, mutex) }
        let slot = consumed % Self.slots
        let count = counts[slot]
        let end = ends[slot]
        pthread_mutex_unlock(mutex)

        body(UnsafeMutableBufferPointer(start: events + slot * Self.batchSize, count: count))

        pthread_mutex_lock(mutex)
        consumed += 1
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
        return end
    }

    /// Tells the parser thread to stop after its current batch.
    func cancel() {
        pthread_mutex_lock(mutex)
        cancelled = true
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
    }

    /// Waits for the parser thread to end, then deletes the events still held
    /// in every slot, read or not.
    func join() {
        guard let wait = waitForParser else { return }
        waitForParser = nil
        wait()
        for slot in 0..<Self.slots {
            let batch = events + slot * Self.batchSize
            for index in 0..<counts[slot] { yaml_event_delete(batch + index) }
            counts[slot] = 0
        }
        consumed = produced
    }
}
