import PortolanDiagnostics

/// Turns the index of libyaml's marks (Unicode scalars counted after any
/// byte order mark) into byte offsets, which is all a `SourcePosition` keeps.
/// Marks arrive almost always in increasing order, so a cursor that walks
/// forward (over runs of ASCII bytes eight at a time) makes the
/// conversion linear in the file's size; pure-ASCII files need no walk at all.
struct PositionMapper {
    private let bytes: [UInt8]
    private let bomLength: Int
    private let isASCII: Bool
    private var cursorIndex = 0
    private var cursorOffset: Int
    /// Added to every byte offset: a part of a file read on its own
    /// (`SplitReading`) is placed where it stands in the file.
    private let offsetShift: Int

    init(bytes: [UInt8], offsetShift: Int = 0) {
        self.bytes = bytes
        self.offsetShift = offsetShift
        bomLength = SourceStore.textStart(of: bytes)
        isASCII = LineTable.asciiPrefixLength(bytes, from: bomLength) == bytes.count
        cursorOffset = bomLength
    }

    mutating func position(index: Int) -> SourcePosition {
        SourcePosition(offset: byteOffset(ofScalarIndex: index) + offsetShift)
    }

    /// The byte offset in the file of libyaml's mark index `index`.
    mutating func offset(index: Int) -> Int {
        byteOffset(ofScalarIndex: index) + offsetShift
    }

    private mutating func byteOffset(ofScalarIndex index: Int) -> Int {
        if isASCII { return min(bomLength + index, bytes.count) }
        if index < cursorIndex {
            cursorIndex = 0
            cursorOffset = bomLength
        }
        var scalars = cursorIndex
        var offset = cursorOffset
        bytes.withUnsafeBufferPointer { buffer in
            while scalars < index && offset < buffer.count {
                // A run of ASCII bytes is as many scalars: take up to eight at once.
                let run = offset + 8 <= buffer.count ? Self.asciiRunLength(buffer, at: offset) : 0
                if run > 0 {
                    let step = min(run, index - scalars)
                    scalars += step
                    offset += step
                } else {
                    offset += Self.sequenceLength(lead: buffer[offset])
                    scalars += 1
                }
            }
        }
        cursorIndex = scalars
        cursorOffset = offset
        return min(offset, bytes.count)
    }

    /// True when the eight bytes at `offset` (which must exist) are all ASCII.
    @inline(__always)
    static func isASCIIWord(_ buffer: UnsafeBufferPointer<UInt8>, at offset: Int) -> Bool {
        UnsafeRawPointer(buffer.baseAddress! + offset).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0
    }

    /// How many of the eight bytes at `offset` (which must exist) are ASCII before the first that is not.
    @inline(__always)
    static func asciiRunLength(_ buffer: UnsafeBufferPointer<UInt8>, at offset: Int) -> Int {
        let word = UInt64(littleEndian: UnsafeRawPointer(buffer.baseAddress! + offset).loadUnaligned(as: UInt64.self))
        return (word & 0x8080_8080_8080_8080).trailingZeroBitCount / 8
    }

    static func sequenceLength(lead: UInt8) -> Int {
        switch lead {
        case 0..<0x80: return 1
        case 0xC0..<0xE0: return 2
        case 0xE0..<0xF0: return 3
        case 0xF0...: return 4
        default: return 1
        }
    }

    /// Where the text from byte `start` to byte `end` ends once trailing
    /// spaces, tabs and line breaks are left out, never before the first character.
    static func endOfText(in bytes: [UInt8], start: Int, end: Int) -> Int {
        var offset = min(end, bytes.count)
        let floor = min(start + 1, offset)
        while offset > floor {
            let width = blankWidth(in: bytes, endingAt: offset)
            guard width > 0, offset - width >= floor else { break }
            offset -= width
        }
        return offset == min(end, bytes.count) ? end : offset
    }

    /// The byte length of the space, tab or line break that ends at `offset`, or 0.
    private static func blankWidth(in bytes: [UInt8], endingAt offset: Int) -> Int {
        switch bytes[offset - 1] {
        case 0x20, 0x09, 0x0A, 0x0D:
            return 1
        case 0x85:  // NEL is C2 85; C2 is never a continuation byte.
            return offset >= 2 && bytes[offset - 2] == 0xC2 ? 2 : 0
        case 0xA8, 0xA9:  // LS and PS are E2 80 A8 and E2 80 A9.
            return offset >= 3 && bytes[offset - 2] == 0x80 && bytes[offset - 3] == 0xE2 ? 3 : 0
        default:
            return 0
        }
    }

    /// The position of a raw byte offset (as libyaml's reader errors give it).
    static func position(ofByteOffset target: Int, in bytes: [UInt8]) -> SourcePosition {
        SourcePosition(offset: min(target, bytes.count))
    }
}
