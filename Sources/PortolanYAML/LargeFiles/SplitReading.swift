#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import PortolanDiagnostics
import PortolanScheduling

/// Reads a large file as two halves on two cores. A topology of one file is
/// mostly one long section (`servers:`): entry after entry at the same
/// indentation. The first line from the file's middle line on that opens a
/// top-level key, or such an entry, is where the file can be cut. The first
/// half is read up to that line; the second half from it, behind a stand-in
/// key line (`SplitReading.standIn`) that opens the section again, with every
/// position placed where it stands in the file. The two trees are then joined.
///
/// It is taken only when it gives exactly what reading the file whole gives.
/// Whenever that cannot be told for sure (a half reports any problem, uses an
/// alias or merges at the top, a name is in both halves, the root or the first
/// half's last section is not a block mapping whose entries start in the
/// cut's column, the file is over the node limit) `read()` returns nil and the file is read
/// whole, which then reports any problem itself. A file whose text may hold
/// an alias is read whole at once, without reading halves first: an alias
/// makes a half be thrown away after it was read.
struct SplitReading {
    /// Files from this size on are read in two halves.
    static let defaultThreshold = 512 * 1024
    /// The key line that stands for the section in the second half. Its name
    /// is never kept (a file that uses it as a top-level key is read whole).
    static let standIn = Array("section-continued-from-the-first-half:\n".utf8)

    let file: String
    let id: SourceFileID
    let bytes: [UInt8]
    let limits: ReaderLimits
    /// Runs the two halves, side by side or one after the other.
    let scheduler: any StageScheduler

    /// Where the file is cut: the first byte of the line that opens the second
    /// half, and the indentation of that line (0 for a top-level key; else the
    /// line opens an entry of the section it is in).
    struct Cut: Equatable {
        var offset: Int
        var indentation: Int
    }

    /// The file's tree and node count, or nil when it must be read whole.
    func read() -> ReadOutcome? {
        guard !Self.mayHoldAlias(bytes), let cut = Self.cut(bytes) else { return nil }
        let first = ArraySlice(bytes[..<cut.offset])
        let standIn = cut.indentation > 0 ? Self.standIn : []
        let second = standIn + bytes[cut.offset...]
        let file = self.file
        let id = self.id
        let bytes = self.bytes
        let limits = self.limits
        var halves = scheduler.both({
            Self.compose(first, file: file, id: id, bytes: bytes, limits: limits, mapper: PositionMapper(bytes: bytes))
        }, { () -> Half? in
            let mapper = PositionMapper(bytes: second, offsetShift: cut.offset - standIn.count)
            return Self.compose(second[...], file: file, id: id, bytes: bytes, limits: limits, mapper: mapper)
        })
        return join(&halves, at: cut)
    }

    /// One half's nodes, root and node count, when it was read without a
    /// problem, alias or top-level merge.
    private struct Half {
        var arena: NodeArena
        var root: UInt32
        var nodes: Int
    }

    private static func compose(
        _ text: ArraySlice<UInt8>, file: String, id: SourceFileID, bytes: [UInt8], limits: ReaderLimits, mapper: PositionMapper
    ) -> Half? {
        text.withUnsafeBufferPointer { buffer -> Half? in
            var composer = Composer(file: file, id: id, bytes: bytes, limits: limits, mapper: mapper)
            composer.parseAheadThreshold = .max
            composer.run(buffer)
            guard composer.sink.diagnostics.isEmpty, composer.aliasNodes == 0, !composer.mergedNearRoot,
                  let root = composer.root, composer.arena.records[Int(root)].kind == .mapping
            else { return nil }
            return Half(arena: composer.arena, root: root, nodes: composer.ownNodes)
        }
    }

    /// The two halves as one tree, or nil when they do not fit together: a
    /// cut inside a section needs the first half to end in a section whose
    /// entries start in the cut's column (then the cut's line opens the next
    /// of them), and no name may be in both halves. The halves' arenas are
    /// moved out of `halves`, not copied.
    private func join(_ halves: inout (Half?, Half?), at cut: Cut) -> ReadOutcome? {
        guard let headRoot = halves.0?.root, let tailRootInTail = halves.1?.root,
              let headNodes = halves.0?.nodes, let tailNodes = halves.1?.nodes
        else { return nil }
        var arena = NodeArena()
        swap(&arena, &halves.0!.arena)
        var tailArena = NodeArena()
        swap(&tailArena, &halves.1!.arena)
        let tailRoot = tailRootInTail + arena.append(tailArena)
        tailArena = NodeArena()
        let headRecord = arena.records[Int(headRoot)]
        let tailRecord = arena.records[Int(tailRoot)]
        // Copies: the arena grows below, and a slice of its entries kept
        // alive meanwhile would make it copy them all.
        var pairs = Array(arena.entries(of: headRoot))
        var tailPairs = Array(arena.entries(of: tailRoot))
        // Nodes of the second half that the joined tree does not keep: its root
        // mapping and, for a cut inside a section, the stand-in key and its mapping.
        var dropped = 1
        // Both the root and the section must be block mappings: a block
        // mapping starts where its first key does, a flow mapping at its brace.
        guard let firstKey = pairs.first, headRecord.start == arena.records[Int(firstKey)].start else { return nil }
        if cut.indentation > 0 {
            guard pairs.count >= 2, tailPairs.count >= 2 else { return nil }
            let section = arena.records[Int(pairs[pairs.count - 1])]
            let continued = arena.records[Int(tailPairs[1])]
            guard section.kind == .mapping, section.count > 0, continued.kind == .mapping else { return nil }
            let entries = Array(arena.entries(of: pairs[pairs.count - 1])) + arena.entries(of: tailPairs[1])
            let firstEntry = arena.records[Int(entries[0])]
            guard Self.isIndented(at: Int(firstEntry.start), by: cut.indentation, in: bytes),
                  section.start == firstEntry.start,
                  disjoint(entries[..<(2 * Int(section.count))], entries[(2 * Int(section.count))...], in: arena)
            else { return nil }
            pairs[pairs.count - 1] = arena.addCollection(
                isMapping: true, start: Int(section.start), end: Int(continued.end), entries: entries[...])
            tailPairs.removeFirst(2)
            dropped += 2
        }
        guard disjoint(pairs[...], tailPairs[...], in: arena) else { return nil }
        pairs += tailPairs
        let nodes = headNodes + tailNodes - dropped
        guard nodes <= limits.maxNodes else { return nil }
        let root = arena.addCollection(isMapping: true, start: Int(headRecord.start), end: Int(tailRecord.end), entries: pairs[...])
        let document = YAMLDocument(arena: arena, bytes: bytes, file: id)
        return ReadOutcome(root: Node(document: document, index: root), diagnostics: [], nodeCount: nodes, aliasNodeCount: 0)
    }

    /// True when no key of the pairs `second` (key, value, key, value ...) is
    /// written as a key of `first`.
    private func disjoint(_ first: ArraySlice<UInt32>, _ second: ArraySlice<UInt32>, in arena: NodeArena) -> Bool {
        guard !first.isEmpty, !second.isEmpty else { return true }
        var names = Set<String>(minimumCapacity: first.count / 2)
        for position in stride(from: first.startIndex, to: first.endIndex, by: 2) {
            names.insert(name(first[position], in: arena))
        }
        return !stride(from: second.startIndex, to: second.endIndex, by: 2).contains { names.contains(name(second[$0], in: arena)) }
    }

    private func name(_ key: UInt32, in arena: NodeArena) -> String {
        let record = arena.records[Int(key)]
        return record.kind.isScalar ? arena.scalar(record, in: bytes).value : ""
    }

    /// True when the `indentation` bytes before `offset` are spaces that
    /// start a line (after LF or CR): what is at `offset` is then in column
    /// `indentation + 1`.
    static func isIndented(at offset: Int, by indentation: Int, in bytes: [UInt8]) -> Bool {
        let lineStart = offset - indentation
        guard lineStart >= 0, bytes[lineStart..<offset].allSatisfy({ $0 == 0x20 }) else { return false }
        return lineStart == 0 || bytes[lineStart - 1] == 0x0A || bytes[lineStart - 1] == 0x0D
    }

    /// How many line feeds come before `offset`.
    private static func lineFeeds(in buffer: UnsafeBufferPointer<UInt8>, before offset: Int) -> Int {
        var count = 0
        var position = 0
        while let next = lineAfterLineFeed(in: buffer, from: position, before: offset) {
            count += 1
            position = next
        }
        return count
    }

    /// The offset just past the first line feed from `position` on and before
    /// `end`, or nil.
    private static func lineAfterLineFeed(in buffer: UnsafeBufferPointer<UInt8>, from position: Int, before end: Int) -> Int? {
        guard position < end, let base = buffer.baseAddress, let found = memchr(base + position, 0x0A, end - position) else {
            return nil
        }
        return UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found)) + 1
    }

    /// The first byte of the middle line of the file: the halves have about
    /// as many lines, which is closer to as many nodes than as many bytes.
    private static func middleLine(_ buffer: UnsafeBufferPointer<UInt8>) -> Int {
        var remaining = lineFeeds(in: buffer, before: buffer.count) / 2
        var position = 0
        while remaining > 0, let next = lineAfterLineFeed(in: buffer, from: position, before: buffer.count) {
            position = next
            remaining -= 1
        }
        return position
    }

    /// True when a `*` stands where an alias may start: at the start of a
    /// line or after a space, tab, `[`, `{` or `,`. A `*` inside a quoted
    /// scalar (`"*/Acme"`) or a word is passed over; one in a comment or
    /// after a space inside quotes counts, and then the file is only read
    /// whole, as it would be without halves.
    static func mayHoldAlias(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            var position = 0
            while position < buffer.count, let found = memchr(base + position, Int32(UInt8(ascii: "*")), buffer.count - position) {
                let index = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found))
                if index == 0 { return true }
                switch buffer[index - 1] {
                case 0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: ","): return true
                default: position = index + 1
                }
            }
            return false
        }
    }

    // MARK: finding the cut

    /// How many lines past the middle are looked at for a cut.
    static let window = 400

    /// A cut from the middle line of `bytes` on: the first line that opens a
    /// top-level key, or else the first that opens a key at the least
    /// indentation of the lines looked at (the entries of the section the
    /// middle is in). Nil when the lines there are not shaped that way.
    static func cut(_ bytes: [UInt8]) -> Cut? {
        bytes.withUnsafeBufferPointer { buffer -> Cut? in
            let middle = middleLine(buffer)
            guard middle > 0 else { return nil }
            var line: Int? = middle
            var least = Int.max
            var candidate: Cut?
            var looked = 0
            while let start = line, looked < window {
                looked += 1
                var index = start
                while index < buffer.count && buffer[index] == 0x20 { index += 1 }
                guard index < buffer.count else { break }
                switch buffer[index] {
                case 0x0A, UInt8(ascii: "#"):
                    break
                default:
                    let indentation = index - start
                    if indentation < least {
                        // The first line this little indented is the candidate
                        // when it opens a key (not a list item, a tab, a
                        // document marker ...).
                        least = indentation
                        candidate = startsKey(buffer[index]) ? Cut(offset: start, indentation: indentation) : nil
                        if indentation == 0 { return candidate }
                    }
                }
                line = nextLine(in: buffer, after: index)
            }
            return candidate
        }
    }

    /// The first byte of the line after the one that holds `index`.
    private static func nextLine(in buffer: UnsafeBufferPointer<UInt8>, after index: Int) -> Int? {
        var index = index
        while index < buffer.count && buffer[index] != 0x0A { index += 1 }
        return index + 1 < buffer.count ? index + 1 : nil
    }

    /// True when `byte` can begin a plain or quoted key: a letter, a digit, an
    /// underscore or a quote. Anything else (`-`, `?`, `---`, `...`, `%`,
    /// `[`, `&`, `*`, `!`, a tab ...) is not cut at.
    private static func startsKey(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "_"), UInt8(ascii: "\""), UInt8(ascii: "'"):
            return true
        default:
            return false
        }
    }
}
