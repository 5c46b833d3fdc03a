#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import PortolanDiagnostics

/// One node in 20 bytes: where it is written (byte offsets), and what it
/// holds. A scalar whose value is its text as written (most of them) points
/// into the file's bytes; any other keeps its value in the arena's `strings`.
/// A collection points at its entries: item after item, or key and value
/// after key and value.
struct NodeRecord {
    enum Kind: UInt8 {
        /// A scalar whose value is the file's bytes at `first`.
        case textScalar
        /// A scalar whose value is the arena's `strings` at `first`.
        case storedScalar
        case sequence
        case mapping

        var isScalar: Bool { self == .textScalar || self == .storedScalar }
    }

    var start: UInt32
    var end: UInt32
    /// A scalar: where its value's bytes begin. A collection: its first entry.
    var first: UInt32
    /// A scalar: its value's length in bytes. A sequence: its items. A mapping: its pairs.
    var count: UInt32
    var kind: Kind
    var style: Scalar.Style
    var tag: Scalar.CoreTag
}

/// The nodes of one document: records, the entries of collections as node
/// numbers, and the values that are not the file's text. An alias adds no
/// node: the collection it is written in lists the anchored node's number.
struct NodeArena {
    var records: [NodeRecord] = []
    var entries: [UInt32] = []
    var strings: [UInt8] = []

    /// Room for the nodes of a text of `expectedBytes`, at most `maxNodes`.
    init(expectedBytes: Int = 0, maxNodes: Int = .max) {
        // About one node for every 6 bytes of a topology, and as many entries.
        let nodes = min(expectedBytes / 6, maxNodes)
        records.reserveCapacity(nodes)
        entries.reserveCapacity(nodes)
    }

    var nextIndex: UInt32 { UInt32(truncatingIfNeeded: records.count) }

    /// Adds a scalar written from `start` to `end` whose value is `value`.
    /// `textStart` is where its text would begin in `bytes` (past a quote).
    mutating func addScalar(
        _ value: UnsafeBufferPointer<UInt8>, start: Int, end: Int, textStart: Int, in bytes: [UInt8], style: Scalar.Style,
        tag: Scalar.CoreTag
    ) -> UInt32 {
        let index = nextIndex
        let length = value.count
        var kind = NodeRecord.Kind.storedScalar
        var first = 0
        if length == 0 || (textStart >= 0 && textStart + length <= bytes.count
            && bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress! + textStart, value.baseAddress!, length) == 0 }))
        {
            kind = .textScalar
            first = length == 0 ? 0 : textStart
        } else {
            first = strings.count
            strings.append(contentsOf: value)
        }
        records.append(NodeRecord(
            start: UInt32(clamping: start), end: UInt32(clamping: end), first: UInt32(clamping: first),
            count: UInt32(clamping: length), kind: kind, style: style, tag: tag))
        return index
    }

    /// Adds a collection whose entries are `items` (a mapping: key, value, key, value ...).
    mutating func addCollection(isMapping: Bool, start: Int, end: Int, entries items: ArraySlice<UInt32>) -> UInt32 {
        let index = nextIndex
        let first = entries.count
        entries.append(contentsOf: items)
        records.append(NodeRecord(
            start: UInt32(clamping: start), end: UInt32(clamping: end), first: UInt32(clamping: first),
            count: UInt32(clamping: isMapping ? items.count / 2 : items.count), kind: isMapping ? .mapping : .sequence,
            style: .plain, tag: .none))
        return index
    }

    /// The node numbers of a collection's entries.
    func entries(of index: UInt32) -> ArraySlice<UInt32> {
        let record = records[Int(index)]
        let count = Int(record.count) * (record.kind == .mapping ? 2 : 1)
        return entries[Int(record.first)..<Int(record.first) + count]
    }

    /// Runs `body` over the bytes of a scalar's value.
    func withValue<Result>(of record: NodeRecord, in bytes: [UInt8], _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let first = Int(record.first)
        let count = Int(record.count)
        if record.kind == .textScalar {
            return bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[first..<first + count])) }
        }
        return strings.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[first..<first + count])) }
    }

    /// The scalar a record stands for, its value made into a string.
    func scalar(_ record: NodeRecord, in bytes: [UInt8]) -> Scalar {
        let value = withValue(of: record, in: bytes) { String(decoding: $0, as: UTF8.self) }
        return Scalar(value, style: record.style, coreTag: record.tag)
    }

    /// True when two scalars have the same value.
    func sameValue(_ first: UInt32, _ second: UInt32, in bytes: [UInt8]) -> Bool {
        let one = records[Int(first)]
        let other = records[Int(second)]
        guard one.kind.isScalar, other.kind.isScalar, one.count == other.count else { return false }
        return withValue(of: one, in: bytes) { a in
            withValue(of: other, in: bytes) { b in a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0 }
        }
    }

    /// Appends the nodes of `other` (read from another part of the same
    /// file) and returns what its node numbers became: they are shifted by
    /// `shift`.
    mutating func append(_ other: NodeArena) -> UInt32 {
        let shift = nextIndex
        let entryShift = UInt32(clamping: entries.count)
        let stringShift = UInt32(clamping: strings.count)
        records.reserveCapacity(records.count + other.records.count)
        for var record in other.records {
            switch record.kind {
            case .sequence, .mapping: record.first += entryShift
            case .storedScalar: record.first += stringShift
            case .textScalar: break
            }
            records.append(record)
        }
        entries.reserveCapacity(entries.count + other.entries.count)
        for entry in other.entries { entries.append(entry + shift) }
        strings.append(contentsOf: other.strings)
        return shift
    }
}

/// A read document: its nodes and the file's text they point into.
/// Immutable once read, so its nodes can be shared by any thread.
final class YAMLDocument: Sendable {
    let arena: NodeArena
    let bytes: [UInt8]
    let file: SourceFileID

    init(arena: NodeArena, bytes: [UInt8], file: SourceFileID) {
        self.arena = arena
        self.bytes = bytes
        self.file = file
    }

    func scalar(_ record: NodeRecord) -> Scalar { arena.scalar(record, in: bytes) }
}
