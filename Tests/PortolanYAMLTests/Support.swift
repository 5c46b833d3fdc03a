import PortolanDiagnostics
import Testing

@testable import PortolanYAML

/// The file name every inline test document is reported against.
let testFile = "topology.yaml"

/// Reads `text` (as UTF-8) with the given limits.
func read(_ text: String, limits: ReaderLimits = .default) -> ReadOutcome {
    YAMLReader(limits: limits).read(bytes: Array(text.utf8), file: testFile)
}

/// Reads raw bytes with the given limits.
func read(bytes: [UInt8], limits: ReaderLimits = .default) -> ReadOutcome {
    YAMLReader(limits: limits).read(bytes: bytes, file: testFile)
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

    init(_ position: SourcePosition) {
        self.init(position.line, position.column, position.offset)
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
    #expect(Pos(node.span.start) == start, "start", sourceLocation: sourceLocation)
    #expect(Pos(node.span.end) == end, "end", sourceLocation: sourceLocation)
}

/// Checks that `outcome` holds exactly one diagnostic, with `code`, starting at `start`.
@discardableResult
func expectOnly(
    _ code: String, at start: Pos, in outcome: ReadOutcome,
    sourceLocation: SourceLocation = #_sourceLocation
) -> Diagnostic? {
    #expect(outcome.diagnostics.count == 1, "\(outcome.diagnostics)", sourceLocation: sourceLocation)
    guard let diagnostic = outcome.diagnostics.first else { return nil }
    #expect(diagnostic.code.rawValue == code, "\(diagnostic.message)", sourceLocation: sourceLocation)
    #expect(Pos(diagnostic.span.start) == start, "\(diagnostic.message)", sourceLocation: sourceLocation)
    #expect(diagnostic.severity == .error, sourceLocation: sourceLocation)
    return diagnostic
}

extension Node {
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
