import PortolanDiagnostics

/// Turns libyaml's marks (0-based line and column, and an index that counts
/// Unicode scalars after any byte order mark) into `SourcePosition`s with byte
/// offsets. Marks arrive almost always in increasing order, so a cursor that
/// walks forward makes the conversion linear in the file's size; pure-ASCII
/// files need no walk at all.
struct PositionMapper {
    private let bytes: [UInt8]
    private let bomLength: Int
    private let isASCII: Bool
    private var cursorIndex = 0
    private var cursorOffset: Int

    init(bytes: [UInt8]) {
        self.bytes = bytes
        bomLength = Self.hasBOM(bytes) ? 3 : 0
        isASCII = !bytes.contains { $0 >= 0x80 } || (Self.hasBOM(bytes) && !bytes.dropFirst(3).contains { $0 >= 0x80 })
        cursorOffset = bomLength
    }

    static func hasBOM(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF
    }

    mutating func position(line: Int, column: Int, index: Int) -> SourcePosition {
        SourcePosition(line: line + 1, column: column + 1, offset: byteOffset(ofScalarIndex: index))
    }

    private mutating func byteOffset(ofScalarIndex index: Int) -> Int {
        if isASCII { return min(bomLength + index, bytes.count) }
        if index < cursorIndex {
            cursorIndex = 0
            cursorOffset = bomLength
        }
        while cursorIndex < index && cursorOffset < bytes.count {
            cursorOffset += Self.sequenceLength(lead: bytes[cursorOffset])
            cursorIndex += 1
        }
        return min(cursorOffset, bytes.count)
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

    /// The position of a raw byte offset (as libyaml's reader errors give it).
    static func position(ofByteOffset target: Int, in bytes: [UInt8]) -> SourcePosition {
        var line = 1
        var column = 1
        var offset = hasBOM(bytes) && target >= 3 ? 3 : 0
        let end = min(target, bytes.count)
        while offset < end {
            let breakLength = LineBreaks.length(in: bytes, at: offset)
            if breakLength > 0 {
                line += 1
                column = 1
                offset += breakLength
            } else {
                column += 1
                offset += sequenceLength(lead: bytes[offset])
            }
        }
        return SourcePosition(line: line, column: column, offset: end)
    }
}
