/// The text of every file that was read, so that renderers can show source lines.
/// Files are kept as bytes; lines are found on demand.
public struct SourceStore: Sendable {
    private var storage: [String: [UInt8]] = [:]

    public init() {}

    public mutating func add(file: String, bytes: [UInt8]) {
        storage[file] = bytes
    }

    public func bytes(of file: String) -> [UInt8]? { storage[file] }

    /// The paths of every file held.
    public var files: [String] { Array(storage.keys) }

    /// The text of line `line` (1-based) of `file`, without its line break, or nil.
    /// Line breaks are those libyaml knows: LF, CR, CRLF, NEL, LS and PS.
    public func line(_ line: Int, of file: String) -> String? {
        guard let bytes = storage[file], line >= 1 else { return nil }
        var current = 1
        var start = 0
        var index = 0
        // Skip a UTF-8 byte order mark: it is not part of the first line's text.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF {
            start = 3
            index = 3
        }
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
