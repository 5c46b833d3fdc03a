import PortolanDiagnostics
import Testing

@testable import PortolanYAML

/// The file name every inline test document is reported against.
let testFile = "topology.yaml"

/// What reading a test document gave, with the document's lines to turn
/// the offsets of its spans into lines and columns.
@dynamicMemberLookup
struct Read {
    let outcome: ReadOutcome
    let lines: LineTable

    subscript<Value>(dynamicMember path: KeyPath<ReadOutcome, Value>) -> Value { outcome[keyPath: path] }

    /// `position` as line, column and offset.
    func pos(_ position: SourcePosition) -> Pos { Pos(position, in: lines) }
}

/// Reads `text` (as UTF-8) with the given limits.
func read(_ text: String, limits: ReaderLimits = .default) -> Read {
    read(bytes: Array(text.utf8), limits: limits)
}

/// Reads raw bytes with the given limits.
func read(bytes: [UInt8], limits: ReaderLimits = .default) -> Read {
    Read(outcome: YAMLReader(limits: limits).read(bytes: bytes, file: testFile), lines: LineTable(bytes: bytes))
}

/// A position written as line, column and byte offset.
struct Pos: Equatable, CustomStringConvertible {
    var line: Int
    var column: Int
    var offset: Int

    init(_ line: Int, _ column: Int, _ offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// `position` resolved through the lines of the file it is in.
    init(_ position: SourcePosition, in lines: LineTable) {
        let location = lines.location(of: position)
        self.init(location.line, location.column, position.offset)
    }

    init(_ position: SourcePosition, in bytes: [UInt8]) {
        self.init(position, in: LineTable(bytes: bytes))
    }

    var description: String { "\(line):\(column)@\(offset)" }
}

/// Checks a node's span: start and end as (line, column, offset).
func expectSpan(
    _ node: Node?, _ start: Pos, _ end: Pos,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard let node else {
        Issue.record("no node", sourceLocation: sourceLocation)
        return
    }
    #expect(node.span.file == .only, sourceLocation: sourceLocation)
    #expect(node.pos(\.start) == start, "start", sourceLocation: sourceLocation)
    #expect(node.pos(\.end) == end, "end", sourceLocation: sourceLocation)
}

/// Checks that `outcome` holds exactly one diagnostic, with `code`, starting at `start`.
@discardableResult
func expectOnly(
    _ code: String, at start: Pos, in outcome: Read,
    sourceLocation: SourceLocation = #_sourceLocation
) -> Diagnostic? {
    #expect(outcome.diagnostics.count == 1, "\(outcome.diagnostics)", sourceLocation: sourceLocation)
    guard let diagnostic = outcome.diagnostics.first else { return nil }
    #expect(diagnostic.code.rawValue == code, "\(diagnostic.message)", sourceLocation: sourceLocation)
    #expect(outcome.pos(diagnostic.span.start) == start, "\(diagnostic.message)", sourceLocation: sourceLocation)
    #expect(diagnostic.severity == .error, sourceLocation: sourceLocation)
    return diagnostic
}

extension Node {
    /// The start or the end of the node's span, resolved through its file's lines.
    func pos(_ end: KeyPath<SourceSpan, SourcePosition>) -> Pos {
        Pos(span[keyPath: end], in: document.bytes)
    }

    /// The item at `index` of a sequence node.
    subscript(index: Int) -> Node? {
        guard let items = sequence, items.indices.contains(index) else { return nil }
        return items[index]
    }

    /// The key node of `key` in a mapping node.
    func keyNode(_ key: String) -> Node? {
        mapping?.first { $0.name == key }?.key
    }

    /// The scalar text of a scalar node.
    var text: String? { scalar?.value }
}

extension ReadOutcome {
    /// The codes of all diagnostics, in order.
    var codes: [String] { diagnostics.map(\.code.rawValue) }
}
