/// The text of every file that was read, so that renderers can show source lines.
/// Files are kept as bytes; lines are found on demand.
public struct SourceStore: Sendable {
    private var storage: [String: [UInt8]] = [:]
    /// Per file, where every `checkpointStride`-th line starts (lines 1, 65, 129, ...),
    /// so that finding a line costs at most that many lines of scanning, not the
    /// whole file before it: a file with a million diagnostics stays linear.
    private var checkpoints: [String: [Int]] = [:]
    static let checkpointStride = 64

    public init() {}

    public mutating func add(file: String, bytes: [UInt8]) {
        storage[file] = bytes
        checkpoints[file] = Self.checkpoints(of: bytes)
    }

    public func bytes(of file: String) -> [UInt8]? { storage[file] }

    /// The paths of every file held.
    public var files: [String] { Array(storage.keys) }

    /// The text of line `line` (1-based) of `file`, without its line break, or nil.
    /// Line breaks are those libyaml knows: LF, CR, CRLF, NEL, LS and PS.
    public func line(_ line: Int, of file: String) -> String? {
        guard let bytes = storage[file], let marks = checkpoints[file], line >= 1 else { return nil }
        let mark = (line - 1) / Self.checkpointStride
        guard mark < marks.count else { return nil }
        var current = mark * Self.checkpointStride + 1
        var start = marks[mark]
        var index = start
        while index < bytes.count {
            let breakLength = LineBreaks.length(in: bytes, at: index)
            if breakLength > 0 {
                if current == line { return String(decoding: bytes[start..<index], as: UTF8.self) }
                current += 1
                index += breakLength
                start = index
            } else {
                index += 1
            }
        }
        if current == line { return String(decoding: bytes[start..<bytes.count], as: UTF8.self) }
        return nil
    }

    /// The start of lines 1, 1 + stride, 1 + 2 × stride, ... of `bytes`. A UTF-8
    /// byte order mark is not part of the first line's text.
    static func checkpoints(of bytes: [UInt8]) -> [Int] {
        var index = bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        var marks = [index]
        var line = 1
        while index < bytes.count {
            let breakLength = LineBreaks.length(in: bytes, at: index)
            if breakLength > 0 {
                index += breakLength
                line += 1
                if (line - 1) % checkpointStride == 0 { marks.append(index) }
            } else {
                index += 1
            }
        }
        return marks
    }
}

/// The line breaks of YAML 1.1 as libyaml counts them.
public enum LineBreaks {
    /// The byte length of the line break at `index`, or 0 when there is none.
    @inlinable
    public static func length(in bytes: [UInt8], at index: Int) -> Int {
        let byte = bytes[index]
        switch byte {
        case 0x0A: return 1
        case 0x0D: return index + 1 < bytes.count && bytes[index + 1] == 0x0A ? 2 : 1
        case 0xC2: return index + 1 < bytes.count && bytes[index + 1] == 0x85 ? 2 : 0
        case 0xE2:
            if index + 2 < bytes.count, bytes[index + 1] == 0x80, bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9 {
                return 3
            }
            return 0
        default: return 0
        }
    }
}
