/// A point in a source file: its 0-based byte offset. Its line and column
/// are worked out when it is shown (`SourceStore.locations(of:)`), from the
/// file's `LineTable`: every node of a read file and every value of a
/// topology carries two positions, and an offset is all they need to keep.
public struct SourcePosition: Hashable, Sendable, Comparable {
    // 32 bits: a value past 4 GiB (beyond any file the reader accepts) is
    // clamped to UInt32.max.
    private var storedOffset: UInt32

    /// 0-based byte offset in the file.
    public var offset: Int {
        get { Int(storedOffset) }
        set { storedOffset = UInt32(clamping: newValue) }
    }

    public init(offset: Int) {
        storedOffset = UInt32(clamping: offset)
    }

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        lhs.storedOffset < rhs.storedOffset
    }
}

/// A line and a column of a source file, both 1-based; columns count Unicode
/// scalars (a tab is one column), as libyaml's marks do.
public struct LineColumn: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public static func < (lhs: LineColumn, rhs: LineColumn) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// Where a span starts and ends, as lines and columns.
public struct SourceRange: Hashable, Sendable {
    public var start: LineColumn
    public var end: LineColumn

    public init(start: LineColumn, end: LineColumn) {
        self.start = start
        self.end = end
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
        let origin = SourcePosition(offset: 0)
        return SourceSpan(file: file, start: origin, end: origin)
    }
}
