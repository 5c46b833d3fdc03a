/// A point in a source file. `line` and `column` are 1-based, and columns count
/// Unicode scalars (a tab is one column); `offset` is the 0-based byte offset.
public struct SourcePosition: Hashable, Sendable, Comparable {
    public var line: Int
    public var column: Int
    public var offset: Int

    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    public static func < (lhs: SourcePosition, rhs: SourcePosition) -> Bool {
        (lhs.line, lhs.column) < (rhs.line, rhs.column)
    }
}

/// A half-open range of a source file: `start` is the first character, `end`
/// is the position just past the last one (an empty span has `start == end`).
public struct SourceSpan: Hashable, Sendable {
    public var file: String
    public var start: SourcePosition
    public var end: SourcePosition

    public init(file: String, start: SourcePosition, end: SourcePosition) {
        self.file = file
        self.start = start
        self.end = end
    }

    /// A span that points at the beginning of a file, for problems with the file as a whole.
    public static func fileStart(_ file: String) -> SourceSpan {
        let origin = SourcePosition(line: 1, column: 1, offset: 0)
        return SourceSpan(file: file, start: origin, end: origin)
    }
}
