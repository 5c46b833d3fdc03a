import PortolanCompiler
import PortolanDiagnostics
import Testing

@testable import PortolanYAML

/// Large files are read in two halves on two cores when their shape allows
/// (`SplitReading`). Whatever the input, the outcome must be exactly that of
/// reading the file whole: the same tree, spans, node count and diagnostics.
@Suite("Split reading")
struct SplitReadingTests {
    /// Reads `bytes` whole on one thread, and through the split reading
    /// (whatever their size).
    static func bothWays(_ bytes: [UInt8], limits: ReaderLimits = .default) -> (whole: ReadOutcome, split: ReadOutcome) {
        let (whole, split) = ParseAheadTests.bothWays(bytes, limits: limits) { $0.splitThreshold = 0 }
        return (whole, split)
    }

    /// Checks that both ways give the same outcome, and whether the file was
    /// in fact read in halves.
    static func expectSame(
        _ text: String, halves: Bool, limits: ReaderLimits = .default, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let bytes = Array(text.utf8)
        let (whole, split) = bothWays(bytes, limits: limits)
        if let difference = firstDifference(whole, split, of: bytes) { Issue.record(Comment(rawValue: difference), sourceLocation: sourceLocation) }
        let taken = SplitReading(file: testFile, id: .only, bytes: bytes, limits: limits, scheduler: TwoCoreScheduler()).read() != nil
        #expect(taken == halves, "read in halves: \(taken)", sourceLocation: sourceLocation)
    }

    /// The first line where the listings of two outcomes differ, or nil.
    static func firstDifference(_ expected: ReadOutcome, _ found: ReadOutcome, of bytes: [UInt8]) -> String? {
        let expected = ParseAheadTests.listing(expected, of: bytes)
        let found = ParseAheadTests.listing(found, of: bytes)
        if let first = zip(expected, found).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            return "first difference at line \(first): \(expected[first]) | \(found[first])"
        }
        return expected.count == found.count ? nil : "\(expected.count) lines, found \(found.count)"
    }

    /// A topology of `servers` servers without anchors: flow and block
    /// collections, quoted and block scalars, comments and non-ASCII text.
    static func estate(servers: Int, after: String = "users:\n  alice: { password: x }\n") -> String {
        var text = "# Zürich — the estate\nportolan: 1\norganization: Acme\nservers:   # every server\n"
        for index in 0..<servers {
            text += """
                  srv\(index):
                    host: "srv\(index).acme.example"
                    addresses: [198.51.100.\(index % 250), '203.0.113.\(index % 250)']
                    note: |
                      Zürich \(index) — € — café
                    # a comment
                    ports:
                      - { proto: pop3, tcp: { port: 110, enabled: false } }

                """
        }
        return text + after
    }

    @Test func aLargeTopologyGivesTheSameTreeReadInHalves() {
        let text = Self.estate(servers: 3_000)
        let (whole, _) = Self.bothWays(Array(text.utf8))
        #expect(whole.diagnostics.isEmpty && whole.nodeCount > 40_000)
        Self.expectSame(text, halves: true)
    }

    @Test func theCutIsAtTheNextEntryPastTheMiddle() throws {
        let text = "a: 1\nservers:\n  s1:\n    x: 1\n  s2:\n    x: 2\n  s3:\n    x: 3\n  s4:\n    x: 4\n"
        let bytes = Array(text.utf8)
        // The middle line (the 6th of 10) is s2's value; the next entry is s3, on line 7.
        #expect(SplitReading.cut(bytes) == SplitReading.Cut(offset: 44, indentation: 2))
        #expect(LineTable(bytes: bytes).location(of: SourcePosition(offset: 44)) == LineColumn(line: 7, column: 1))
        #expect(SplitReading.isIndented(at: 46, by: 2, in: bytes) && !SplitReading.isIndented(at: 47, by: 2, in: bytes))
        Self.expectSame(text, halves: true)
    }

    @Test func aTopLevelKeyNearTheMiddleIsTheCut() {
        var text = ""
        for index in 0..<200 { text += "key\(index): [\(index), 'x']\n" }
        let bytes = Array(text.utf8)
        // The middle line, the 101st, opens key100: lines of 15 and 17 bytes before it.
        #expect(SplitReading.cut(bytes) == SplitReading.Cut(offset: 1_680, indentation: 0))
        #expect(LineTable(bytes: bytes).location(of: SourcePosition(offset: 1_680)) == LineColumn(line: 101, column: 1))
        Self.expectSame(text, halves: true)
        // A top-level key a few lines past the middle (the 4th of 6 lines) wins
        // over entries before it.
        let sections = "a:\n  b0: 1\n  b1: 1\n  b2: 1\nc:\n  d: 1\n"
        #expect(SplitReading.cut(Array(sections.utf8)) == SplitReading.Cut(offset: 27, indentation: 0))
        Self.expectSame(sections, halves: true)
    }

    /// A section of `entries` entries with, in its middle, `open`, then lines
    /// that look like entries but are inside what `open` started, then `close`.
    static func aroundTheMiddle(open: String, close: String) -> String {
        var text = "servers:\n"
        for index in 0..<100 { text += "  s\(index): { a: \(index) }\n" }
        text += open + "\n"
        for index in 0..<200 { text += "  f\(index): x\(index),\n" }
        text += close + "\n"
        for index in 100..<200 { text += "  s\(index): { a: \(index) }\n" }
        return text
    }

    @Test("shapes that are read whole give the same outcome", arguments: [
        "a name in both halves", "a top-level key in both halves", "an alias to the first half", "a merge at the top",
        "a quoted scalar across the cut", "a flow mapping across the cut", "a block scalar across the middle",
        "a syntax error in the second half", "a custom tag", "two documents", "a list root",
        "a top-level key named like the stand-in", "a flow root followed by keys", "a flow section followed by entries",
        "entries less indented than the section's first", "a section of list items",
    ])
    func readWhole(_ kind: String) {
        let body = Self.estate(servers: 400, after: "")
        let text: String
        switch kind {
        case "a name in both halves": text = body + "  srv7:\n    host: again\n"
        case "a top-level key in both halves": text = body + "organization: Other\n"
        case "an alias to the first half":
            text = body.replacingOccurrences(of: "  srv1:\n    host:", with: "  srv1:\n    host: &first") + "extra: *first\n"
        case "a merge at the top": text = body + "<<: { extra: 1 }\n"
        case "a quoted scalar across the cut": text = Self.aroundTheMiddle(open: "  big: \"start", close: "  end\"")
        case "a flow mapping across the cut": text = Self.aroundTheMiddle(open: "  big: {", close: "  end: 1 }")
        case "a block scalar across the middle":
            text = "portolan: 1\nnotes: |\n" + (0..<1_000).map { "  s\($0): looks like an entry\n" }.joined() + "after: 1\n"
        case "a syntax error in the second half": text = body + "  broken: [unclosed\n"
        case "a custom tag": text = body + "extra: !custom value\n"
        case "two documents": text = body + "---\nsecond: 1\n"
        case "a list root": text = "- " + body.replacingOccurrences(of: "\n", with: "\n  ")
        case "a top-level key named like the stand-in":
            text = body + String(decoding: SplitReading.standIn, as: UTF8.self) + "  x: 1\n"
        case "a flow root followed by keys":
            text = "{ " + (0..<300).map { "k\($0): v" }.joined(separator: ", ") + " }\n" + (0..<50).map { "e\($0): 1\n" }.joined()
        case "a flow section followed by entries":
            text = "servers: {\n  " + (0..<300).map { "k\($0): v" }.joined(separator: ", ") + " }\n"
                + (0..<50).map { "  e\($0): 1\n" }.joined()
        case "a section of list items":
            text = "servers:\n" + (0..<300).map { "  - name: s\($0)\n    host: h\($0)\n" }.joined()
        default:
            // The cut is at the first less indented line: the first half alone is well formed.
            text = "servers:\n" + (0..<150).map { "    a\($0): 1\n" }.joined() + (0..<150).map { "  b\($0): 1\n" }.joined()
        }
        Self.expectSame(text, halves: false)
    }

    @Test("a file that may hold an alias is read whole without reading halves first")
    func aliasesAreSeenBeforeReading() {
        for text in ["*a", "x: *a", "x: [1, *a]", "x: [*a]", "x: {k: *a}", "x: {k: 1,*a: 2}", "- *a", "x:\t*a", "x: \"a *b\"", "# *a"] {
            #expect(SplitReading.mayHoldAlias(Array(text.utf8)), "\(text)")
        }
        for text in ["x: \"*/Acme\"", "x: '*.acme.example'", "x: a*b", "x: 2*3"] {
            #expect(!SplitReading.mayHoldAlias(Array(text.utf8)), "\(text)")
        }
        let patterns = Self.estate(servers: 400).replacingOccurrences(of: "  srv1:\n    host:", with: "  srv1:\n    allow: [\"*/Acme\", '*.acme.example']\n    host:")
        Self.expectSame(patterns, halves: true)
    }

    @Test func aFileOverTheNodeLimitIsStoppedAsWhenReadWhole() {
        var limits = ReaderLimits.default
        limits.maxNodes = 10_000
        let text = Self.estate(servers: 2_000)
        let (whole, _) = Self.bothWays(Array(text.utf8), limits: limits)
        #expect(whole.diagnostics.map(\.code.rawValue) == ["PT005"])
        Self.expectSame(text, halves: false, limits: limits)
    }

    @Test func aFileJustWithinTheNodeLimitIsReadInHalves() {
        let text = Self.estate(servers: 400)
        let (whole, _) = Self.bothWays(Array(text.utf8))
        var limits = ReaderLimits.default
        limits.maxNodes = whole.nodeCount
        Self.expectSame(text, halves: true, limits: limits)
        limits.maxNodes = whole.nodeCount - 1
        Self.expectSame(text, halves: false, limits: limits)
    }

    /// Positions are offsets, made lines and columns only when shown, so line
    /// breaks other than LF before the cut no longer keep a file whole.
    @Test("line breaks other than LF are read in halves", arguments: ["\r\n", "\u{2028}"])
    func otherLineBreaks(_ lineBreak: String) {
        let body = Self.estate(servers: 400, after: "")
        let text = lineBreak == "\r\n"
            ? body.replacingOccurrences(of: "\n", with: "\r\n")
            : body.replacingOccurrences(of: "srv1.acme.example", with: "srv1.acme\u{2028}example")
        Self.expectSame(text, halves: true)
    }

    @Test func aByteOrderMarkKeepsItsOffsets() {
        Self.expectSame("\u{FEFF}" + Self.estate(servers: 300), halves: true)
    }

    @Test func positionsInTheSecondHalfAreThoseOfTheFile() throws {
        let text = Self.estate(servers: 300)
        var reader = YAMLReader()
        reader.splitThreshold = 0
        let outcome = reader.read(bytes: Array(text.utf8), file: testFile)
        let servers = try #require(outcome.root?["servers"]?.mapping)
        let last = try #require(servers.last)
        // "  srv299:" is the 8-line entry 299 after the 4 header lines.
        #expect(last.name == "srv299")
        let line = 4 + 299 * 8 + 1
        let offset = Array(text.utf8).count - Array(text[text.range(of: "  srv299:")!.lowerBound...].utf8).count + 2
        #expect(last.key.pos(\.start) == Pos(line, 3, offset))
        let note = try #require(last.value["note"])
        // The block scalar ends after "€" on the line below its key.
        #expect(note.pos(\.end).line == line + 4)
    }

    /// Every prefix at a spread of lengths: the cut falls before, inside and
    /// after what the prefix ends in.
    @Test func truncationsGiveTheSameOutcome() {
        let bytes = Array(Self.estate(servers: 600).utf8)
        for length in stride(from: 0, to: bytes.count, by: bytes.count / 41) {
            let text = String(decoding: bytes.prefix(length), as: UTF8.self)
            let (whole, split) = Self.bothWays(Array(text.utf8))
            if let difference = Self.firstDifference(whole, split, of: bytes) { Issue.record("prefix of \(length) bytes: \(difference)") }
        }
    }
}
