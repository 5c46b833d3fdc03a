/// A point in a source file. `line` and `column` are 1-based, and columns count
/// Unicode scalars (a tab is one column); `offset` is the 0-based byte offset.
public struct SourcePosition: Hashable, Sendable, Comparable {
    // Kept in 32 bits each: every node of a read file and every value of a
    // topology carries two positions, and half their size is a fifth of a
    // node's. A value past 4 GiB (beyond any file the reader accepts) is
    // clamped to UInt32.max.
    private var storedLine: UInt32
    private var storedColumn: UInt32
    private var storedOffset: UInt32

    /// 1-based line.
    public var line: Int {
        get { Int(storedLine) }
        set { storedLine = UInt32(clamping: newValue) }
    }

    /// 1-based column, in Unicode scalars.
    public var column: Int {
        get { Int(storedColumn) }
        set { storedColumn = UInt32(clamping: newValue) }
    }

    /// 0-based byte offset in the file.
    public var offset: Int {
        get { Int(storedOffset) }
        set { storedOffset = UInt32(clamping: newValue) }
    }

    public init(line: Int, column: Int, offset: Int) {
        storedLine = UInt32(clamping: line)
        storedColumn = UInt32(clamping: column)
        storedOffset = UInt32(clamping: offset)
    }

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

/// A half-open range of a source file: `start` is the first character, `end`
/// is the position just past the last one (an empty span has `start == end`).
///
/// The file is its number in the run's `SourceFiles`, which gives its path:
/// a span is plain data, and copying it costs no reference counting.
public struct SourceSpan: Hashable, Sendable {
    public var file: SourceFileID
    public var start: SourcePosition
    public var end: SourcePosition

    public init(file: SourceFileID, start: SourcePosition, end: SourcePosition) {
        self.file = file
        self.start = start
        self.end = end
    }

    /// A span that points at the beginning of a file, for problems with the file as a whole.
    public static func fileStart(_ file: SourceFileID) -> SourceSpan {
        let origin = SourcePosition(line: 1, column: 1, offset: 0)
        return SourceSpan(file: file, start: origin, end: origin)
    }
}
