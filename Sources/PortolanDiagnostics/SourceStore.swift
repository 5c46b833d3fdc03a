/// The files of a run and the text of every one that was read, so that
/// renderers can name a span's file and show its source lines. Files are
/// kept as bytes; lines are found on demand.
public struct SourceStore: Sendable {
    /// Every file of the run, read or not: what a span's number stands for.
    public let files: SourceFiles
    private var storage: [String: [UInt8]] = [:]
    /// Per file, where every `checkpointStride`-th line starts (lines 1, 65, 129, ...),
    /// so that finding a line costs at most that many lines of scanning, not the
    /// whole file before it: a file with a million diagnostics stays linear.
    /// Made by `indexLines(of:)` for the files a renderer shows lines of; a clean
    /// topology needs none.
    private var checkpoints: [String: [Int]] = [:]
    static let checkpointStride = 64

    public init(files: SourceFiles) {
        self.files = files
    }

    /// The path of the file `span` is in.
    public func path(of span: SourceSpan) -> String { files.path(of: span) }

    public mutating func add(file: String, bytes: [UInt8]) {
        storage[file] = bytes
        checkpoints[file] = nil
    }

    /// Finds the line checkpoints of `files`, before many lines are looked up.
    public mutating func indexLines(of files: Set<String>) {
        for file in files where checkpoints[file] == nil {
            if let bytes = storage[file] { checkpoints[file] = Self.checkpoints(of: bytes) }
        }
    }

    public func bytes(of file: String) -> [UInt8]? { storage[file] }

    /// The paths of every file whose text is held.
    public var readFiles: [String] { Array(storage.keys) }

    /// The text of line `line` (1-based) of `file`, without its line break, or nil.
    /// Line breaks are those libyaml knows: LF, CR, CRLF, NEL, LS and PS.
    public func line(_ line: Int, of file: String) -> String? {
        guard let bytes = storage[file], line >= 1 else { return nil }
        var current = 1
        var start = Self.textStart(of: bytes)
        if let marks = checkpoints[file] {
            let mark = (line - 1) / Self.checkpointStride
            guard mark < marks.count else { return nil }
            current = mark * Self.checkpointStride + 1
            start = marks[mark]
        }
        while let lineBreak = LineBreaks.next(in: bytes, from: start) {
            if current == line { return String(decoding: bytes[start..<lineBreak.start], as: UTF8.self) }
            current += 1
            start = lineBreak.start + lineBreak.length
        }
        if current == line { return String(decoding: bytes[start..<bytes.count], as: UTF8.self) }
        return nil
    }

    /// Where the first line starts: past a UTF-8 byte order mark, which is not part of its text.
    static func textStart(of bytes: [UInt8]) -> Int {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
    }

    /// The start of lines 1, 1 + stride, 1 + 2 × stride, ... of `bytes`. A UTF-8
    /// byte order mark is not part of the first line's text.
    static func checkpoints(of bytes: [UInt8]) -> [Int] {
        var index = textStart(of: bytes)
        var marks = [index]
        var line = 1
        while let lineBreak = LineBreaks.next(in: bytes, from: index) {
            index = lineBreak.start + lineBreak.length
            line += 1
            if (line - 1) % checkpointStride == 0 { marks.append(index) }
        }
        return marks
    }
}

/// The line breaks of YAML 1.1 as libyaml counts them.
public enum LineBreaks {
    /// The first line break at or after `index`: where it starts and its byte
    /// length; nil when no line break follows.
    public static func next(in bytes: [UInt8], from index: Int) -> (start: Int, length: Int)? {
        var index = index
        while index < bytes.count {
            // Most bytes start no line break: only LF, CR and the lead bytes of
            // NEL, LS and PS need a closer look.
            let byte = bytes[index]
            if byte == 0x0A || byte == 0x0D || byte >= 0xC2 {
                let length = length(in: bytes, at: index)
                if length > 0 { return (index, length) }
            }
            index += 1
        }
        return nil
    }

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
