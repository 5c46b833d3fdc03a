/// A source file of one run: its place in the run's `SourceFiles`. A number
/// of 32 bits, so that a span is plain data: every node of a read file and
/// every value of a topology carries one, and copying it costs no reference
/// counting.
public struct SourceFileID: Hashable, Sendable, Comparable {
    public let number: UInt32

    public init(_ number: UInt32) {
        self.number = number
    }

    /// The number of a file read alone (`SourceFiles([path])`).
    public static let only = SourceFileID(0)

    public static func < (lhs: SourceFileID, rhs: SourceFileID) -> Bool { lhs.number < rhs.number }
}

/// The files of one run, numbered in sorted path order: the read stage names
/// every path it was given or found, and whoever shows a span asks this table
/// for its path. Since numbers follow the paths' order, comparing two files'
/// numbers compares their paths.
public struct SourceFiles: Sendable, Hashable {
    /// Every path, by number.
    public let paths: [String]
    private let numbers: [String: UInt32]

    /// The table of `paths` (each once, whatever their order and repeats).
    public init(_ paths: some Sequence<String> = [String]()) {
        let sorted = Set(paths).sorted()
        self.paths = sorted
        numbers = Dictionary(uniqueKeysWithValues: sorted.enumerated().map { ($1, UInt32($0)) })
    }

    /// The number of `path`, which must be one of the table's.
    public func id(of path: String) -> SourceFileID {
        guard let number = numbers[path] else { preconditionFailure("\(path) is not a file of this run") }
        return SourceFileID(number)
    }

    /// The path of `file`, as it was given.
    public func path(of file: SourceFileID) -> String { paths[Int(file.number)] }

    /// The path of the file `span` is in.
    public func path(of span: SourceSpan) -> String { path(of: span.file) }
}
