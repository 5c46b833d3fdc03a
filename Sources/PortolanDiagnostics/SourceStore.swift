/// The files of a run and the text of every one that was read, so that
/// renderers can name a span's file, give its line and column and show its
/// source lines. Files are kept as bytes; a file's `LineTable` is made when
/// its lines are first asked for (`indexLines(of:)`): a clean topology needs
/// none.
public struct SourceStore: Sendable {
    /// Every file of the run, read or not: what a span's number stands for.
    public let files: SourceFiles
    private var storage: [String: [UInt8]] = [:]
    private var tables: [String: LineTable] = [:]

    public init(files: SourceFiles) {
        self.files = files
    }

    /// The path of the file `span` is in.
    public func path(of span: SourceSpan) -> String { files.path(of: span) }

    public mutating func add(file: String, bytes: [UInt8]) {
        storage[file] = bytes
        tables[file] = nil
    }

    /// Makes the line tables of `files`, before many of their spans are shown.
    public mutating func indexLines(of files: Set<String>) {
        for file in files where tables[file] == nil {
            if let bytes = storage[file] { tables[file] = LineTable(bytes: bytes) }
        }
    }

    /// Makes the line tables of the files `diagnostics` and their notes point into.
    public mutating func indexLines(of diagnostics: [Diagnostic]) {
        var seen = Set<SourceFileID>()
        for diagnostic in diagnostics {
            seen.insert(diagnostic.span.file)
            for note in diagnostic.notes { if let span = note.span { seen.insert(span.file) } }
        }
        indexLines(of: Set(seen.map(files.path(of:))))
    }

    public func bytes(of file: String) -> [UInt8]? { storage[file] }

    /// The paths of every file whose text is held.
    public var readFiles: [String] { Array(storage.keys) }

    /// The line table of `file`: the one `indexLines(of:)` made, or one made
    /// now (nil when the file's text is not held).
    private func table(of file: String) -> LineTable? {
        if let table = tables[file] { return table }
        return storage[file].map(LineTable.init(bytes:))
    }

    /// The line and column where `span` starts and ends. In a file whose
    /// text is not held (one that could not be read) only its start is known: 1:1.
    public func locations(of span: SourceSpan) -> SourceRange {
        if let table = table(of: files.path(of: span)) { return table.locations(of: span) }
        let origin = LineColumn(line: 1, column: 1)
        return SourceRange(start: origin, end: origin)
    }

    /// The text of line `line` (1-based) of `file`, without its line break, or nil.
    /// Line breaks are those libyaml knows: LF, CR, CRLF, NEL, LS and PS.
    public func line(_ line: Int, of file: String) -> String? {
        table(of: file)?.text(ofLine: line)
    }

    /// Where the first line starts: past a UTF-8 byte order mark, which is not part of its text.
    public static func textStart(of bytes: [UInt8]) -> Int {
        bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
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
