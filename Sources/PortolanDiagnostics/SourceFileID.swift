#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A source file's path, kept once per process and named by a 32-bit number.
/// Two `SourceFileID`s are equal exactly when their paths are: a path is given
/// its number the first time it is seen and keeps it.
public struct SourceFileID: Hashable, Sendable {
    let number: UInt32

    /// The file at `path` (the same number for the same path, on any thread).
    public init(_ path: String) {
        number = SourceFileTable.shared.number(of: path)
    }

    /// The path as it was given.
    public var name: String { SourceFileTable.shared.name(of: number) }
}

/// Every path named so far, in the order they were first seen. Paths are never
/// removed: a process reads a bounded set of files.
final class SourceFileTable: @unchecked Sendable {
    static let shared = SourceFileTable()

    private var names: [String] = []
    private var numbers: [String: UInt32] = [:]
    private let lock: UnsafeMutablePointer<pthread_mutex_t> = {
        let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
        return lock
    }()

    func number(of path: String) -> UInt32 {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        if let number = numbers[path] { return number }
        let number = UInt32(names.count)
        names.append(path)
        numbers[path] = number
        return number
    }

    func name(of number: UInt32) -> String {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return names[Int(number)]
    }
}
