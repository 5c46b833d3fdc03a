/// A stack of values shared by all the open collections of a document: the
/// entries of the innermost collection are the top ones, and when it closes
/// they are moved out, without copying them, into one exactly sized array.
/// This spares every collection the repeated growth of an array of its own.
struct EntryStack<Element>: ~Copyable {
    private var storage: UnsafeMutablePointer<Element>
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int = 64) {
        self.capacity = max(capacity, 1)
        storage = .allocate(capacity: self.capacity)
    }

    deinit {
        storage.deinitialize(count: count)
        storage.deallocate()
    }

    subscript(index: Int) -> Element {
        precondition(index >= 0 && index < count, "entry index out of range")
        return storage[index]
    }

    mutating func append(_ element: consuming Element) {
        if count == capacity { grow() }
        (storage + count).initialize(to: element)
        count += 1
    }

    mutating func removeLast() -> Element {
        precondition(count > 0, "no entry to remove")
        count -= 1
        return (storage + count).move()
    }

    /// Drops the entries from `base` to the top.
    mutating func truncate(to base: Int) {
        precondition(base >= 0 && base <= count, "entry base out of range")
        (storage + base).deinitialize(count: count - base)
        count = base
    }

    /// Moves the entries from `base` to the top into an array; `base` entries remain.
    mutating func pop(from base: Int) -> [Element] {
        precondition(base >= 0 && base <= count, "entry base out of range")
        let moved = count - base
        guard moved > 0 else { return [] }
        let source = storage + base
        count = base
        // Not Array(unsafeUninitializedCapacity:), which looks up the array's type
        // metadata at run time on every call: that costs more than it saves.
        var result: [Element] = []
        result.reserveCapacity(moved)
        for index in 0..<moved {
            result.append((source + index).move())
        }
        return result
    }

    private mutating func grow() {
        let larger = UnsafeMutablePointer<Element>.allocate(capacity: capacity * 2)
        larger.moveInitialize(from: storage, count: count)
        storage.deallocate()
        storage = larger
        capacity *= 2
    }
}
