import Foundation
import PortolanDiagnostics
import Testing

@testable import PortolanYAML

/// PT001: syntax errors, with libyaml's problem text at its mark.
@Suite("PT001 syntax errors")
struct SyntaxErrorTests {
    @Test("an unclosed flow sequence")
    func unclosedFlowSequence() throws {
        let outcome = read("a: [1, 2\n")
        let diagnostic = try #require(expectOnly("PT001", at: Pos(2, 1, 9), in: outcome))
        #expect(diagnostic.message.contains("did not find expected ',' or ']'"))
        #expect(diagnostic.notes.map(\.message) == ["while parsing a flow sequence"])
        #expect(diagnostic.notes.first?.span.map { outcome.pos($0.start) } == Pos(1, 4, 3))
        #expect(outcome.root == nil)
    }

    @Test("an unterminated quoted scalar")
    func unterminatedQuote() throws {
        let outcome = read("key: \"unterminated\n")
        let diagnostic = try #require(expectOnly("PT001", at: Pos(2, 1, 19), in: outcome))
        #expect(diagnostic.message.contains("found unexpected end of stream"))
        #expect(diagnostic.notes.map(\.message) == ["while scanning a quoted scalar"])
        #expect(diagnostic.notes.first?.span.map { outcome.pos($0.start) } == Pos(1, 6, 5))
    }

    @Test("a tab used as indentation")
    func tabIndentation() throws {
        let diagnostic = expectOnly("PT001", at: Pos(2, 1, 3), in: read("a:\n\tb: 1\n"))
        #expect(diagnostic?.message.contains("found character that cannot start any token") == true)
    }

    @Test("a syntax error after multi-byte characters")
    func errorAfterMultiByte() {
        expectOnly("PT001", at: Pos(2, 5, 13), in: read("ä: 😀\nb: c: d\n"))
    }

    @Test("an undefined alias")
    func undefinedAlias() throws {
        let outcome = read("a: 1\nb: *nope\n")
        let diagnostic = try #require(expectOnly("PT001", at: Pos(2, 4, 8), in: outcome))
        #expect(diagnostic.message.contains("*nope"))
        #expect(outcome.pos(diagnostic.span.end) == Pos(2, 9, 13))
        #expect(outcome.root == nil)
    }

    @Test("an alias to the collection it is in is undefined there")
    func selfAlias() {
        expectOnly("PT001", at: Pos(1, 11, 10), in: read("a: &x [1, *x]\n"))
    }

    @Test("a NUL byte is refused by libyaml's reader at its position")
    func nulByte() throws {
        let outcome = read("a: 1\nb: ä\u{0}x\n")
        let diagnostic = try #require(expectOnly("PT001", at: Pos(2, 5, 10), in: outcome))
        #expect(diagnostic.message == "control characters are not allowed (U+0000)")
    }

    @Test("a control character is refused at its position, after a byte order mark too")
    func controlCharacter() throws {
        let outcome = read(bytes: [0xEF, 0xBB, 0xBF] + Array("a: 1\nbb: \u{1}\n".utf8))
        let diagnostic = try #require(expectOnly("PT001", at: Pos(2, 5, 12), in: outcome))
        #expect(diagnostic.message == "control characters are not allowed (U+0001)")
        expectOnly("PT001", at: Pos(1, 4, 3), in: read("a: \u{7F}\n"))
    }
}

/// PT002: a key twice in one mapping, reported at the second with a note at the first.
@Suite("PT002 duplicate keys")
struct DuplicateKeyTests {
    @Test("in a small block mapping")
    func small() throws {
        let outcome = read("a: 1\nb: 2\na: 3\n")
        let diagnostic = try #require(expectOnly("PT002", at: Pos(3, 1, 10), in: outcome))
        #expect(outcome.pos(diagnostic.span.end) == Pos(3, 2, 11))
        #expect(diagnostic.notes.count == 1)
        #expect(diagnostic.notes.first?.span.map { outcome.pos($0.start) } == Pos(1, 1, 0))
        #expect(diagnostic.notes.first?.span.map { outcome.pos($0.end) } == Pos(1, 2, 1))
        let root = try #require(outcome.root)
        #expect(root.mapping?.map(\.name) == ["a", "b"])
        #expect(root["a"]?.text == "1")
    }

    @Test("a key written through an alias is reported where the alias is")
    func aliasKey() throws {
        let outcome = read("&k b: 1\nc: 2\n*k : 3\n")
        let diagnostic = try #require(expectOnly("PT002", at: Pos(3, 1, 13), in: outcome))
        #expect(outcome.pos(diagnostic.span.end) == Pos(3, 3, 15))
        #expect(diagnostic.notes.first?.span.map { outcome.pos($0.start) } == Pos(1, 1, 0))
        expectOnly("PT007", at: Pos(2, 1, 10), in: read("a: &s [x]\n*s : 1\n"))
    }

    @Test("in a flow mapping, quoted and plain spellings of the same key")
    func flow() throws {
        let outcome = read("x: {a: 1, 'a': 2}\n")
        let diagnostic = try #require(expectOnly("PT002", at: Pos(1, 11, 10), in: outcome))
        #expect(diagnostic.notes.first?.span.map { outcome.pos($0.start) } == Pos(1, 5, 4))
    }

    @Test("the ninth key repeating the first (still a linear scan)")
    func ninthKey() throws {
        let keys = (1...8).map { "k\($0): \($0)" } + ["k1: again"]
        let outcome = read(keys.joined(separator: "\n") + "\n")
        let diagnostic = try #require(expectOnly("PT002", at: Pos(9, 1, 48), in: outcome))
        #expect(diagnostic.notes.first?.span.map { outcome.pos($0.start) } == Pos(1, 1, 0))
    }

    @Test("in a mapping of more than eight keys, which uses an index")
    func indexed() throws {
        let keys = (1...12).map { "k\($0): \($0)" } + ["k3: again", "k12: again", "k13: new"]
        let outcome = read(keys.joined(separator: "\n") + "\n")
        #expect(outcome.codes == ["PT002", "PT002"])
        let first = try #require(outcome.diagnostics.first)
        #expect(outcome.pos(first.span.start) == Pos(13, 1, 78))
        #expect(first.notes.first?.span.map { outcome.pos($0.start) } == Pos(3, 1, 12))
        let second = try #require(outcome.diagnostics.last)
        #expect(outcome.pos(second.span.start) == Pos(14, 1, 88))
        #expect(second.notes.first?.span.map { outcome.pos($0.start) } == Pos(12, 1, 70))
        #expect(outcome.root?.mapping?.count == 13)
        #expect(outcome.root?["k3"]?.text == "3")
    }
}

/// PT003 and PT004: hostile input is refused quickly, without expansion or deep recursion.
@Suite("PT003 and PT004 limits")
struct LimitTests {
    /// Nine levels of ten aliases each: about a billion nodes if expanded.
    static func billionLaughs() -> String {
        let names = ["a", "b", "c", "d", "e", "f", "g", "h", "i"]
        var lines = ["a: &a [" + Array(repeating: "\"lol\"", count: 10).joined(separator: ", ") + "]"]
        for (previous, name) in zip(names, names.dropFirst()) {
            lines.append("\(name): &\(name) [" + Array(repeating: "*\(previous)", count: 10).joined(separator: ", ") + "]")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test("billion laughs: PT003 at the alias that crosses the budget, quickly")
    func billionLaughsRefused() throws {
        let clock = ContinuousClock()
        var outcome: Read?
        let elapsed = clock.measure { outcome = read(Self.billionLaughs()) }
        let result = try #require(outcome)
        // 1,220 nodes come from the aliases of b and c; each *c adds 1,111,
        // so the eighth alias of line 4 is the first past 10,000.
        let diagnostic = try #require(expectOnly("PT003", at: Pos(4, 36, 206), in: result))
        #expect(result.pos(diagnostic.span.end) == Pos(4, 38, 208))
        #expect(diagnostic.message.contains("10000"))
        #expect(result.root == nil)
        #expect(elapsed < .seconds(2))
    }

    @Test("a merge-key bomb is refused before the merges are done")
    func mergeBomb() throws {
        let keys = (0..<1000).map { "k\($0): \($0)" }.joined(separator: ", ")
        let merges = (0..<5000).map { "x\($0): {<<: [" + Array(repeating: "*a", count: 10).joined(separator: ", ") + "]}" }
        let text = "a: &a {\(keys)}\n" + merges.joined(separator: "\n") + "\n"
        let clock = ContinuousClock()
        var outcome: Read?
        let elapsed = clock.measure { outcome = read(text) }
        let result = try #require(outcome)
        #expect(result.codes == ["PT003"])
        #expect(result.root == nil)
        #expect(elapsed < .seconds(2))
    }

    @Test("the budget is the larger of the limit and a multiple of the file's own nodes")
    func budgetScalesWithFile() {
        let limits = ReaderLimits(maxAliasNodes: 5, aliasFactor: 1)
        // 7 own nodes, 6 through aliases.
        #expect(read("a: &a [1, 2]\nb: *a\nc: *a\n", limits: limits).diagnostics.isEmpty)
        // 8 own nodes, 9 through aliases: the third alias crosses.
        expectOnly("PT003", at: Pos(4, 4, 28), in: read("a: &a [1, 2]\nb: *a\nc: *a\nd: *a\n", limits: limits))
    }

    @Test("100,000 nested [ : PT004 at the 257th, no crash")
    func deepFlowSequences() throws {
        let outcome = read(String(repeating: "[", count: 100_000))
        let diagnostic = try #require(expectOnly("PT004", at: Pos(1, 257, 256), in: outcome))
        #expect(diagnostic.message.contains("256"))
        #expect(outcome.root == nil)
    }

    @Test("100,000 nested {a: : PT004 at the 257th {")
    func deepFlowMappings() {
        let outcome = read(String(repeating: "{a: ", count: 100_000))
        expectOnly("PT004", at: Pos(1, 1025, 1024), in: outcome)
    }

    @Test("block mappings nested 300 deep: PT004 at level 257")
    func deepBlockMappings() {
        let text = (0..<300).map { String(repeating: " ", count: $0) + "a:" }.joined(separator: "\n") + " x\n"
        expectOnly("PT004", at: Pos(257, 257, 33664), in: read(text))
    }

    @Test("exactly at the depth limit is fine; one more is not")
    func depthBoundary() {
        let fits = "a: " + String(repeating: "[", count: 255) + String(repeating: "]", count: 255) + "\n"
        #expect(read(fits).diagnostics.isEmpty)
        let over = "a: " + String(repeating: "[", count: 256) + String(repeating: "]", count: 256) + "\n"
        expectOnly("PT004", at: Pos(1, 259, 258), in: read(over))
        expectOnly("PT004", at: Pos(1, 9, 8), in: read("a: {b: [[c]]}\n", limits: ReaderLimits(maxDepth: 3)))
    }
}

/// PT006 and PT007: the shape of the file and unsupported features.
@Suite("PT006 and PT007")
struct DocumentShapeTests {
    @Test("an empty file, and one with only a comment")
    func empty() {
        expectOnly("PT006", at: Pos(1, 1, 0), in: read(""))
        expectOnly("PT006", at: Pos(1, 1, 0), in: read("# nothing here\n"))
    }

    @Test("two documents: PT006 at the second ---")
    func twoDocuments() throws {
        let outcome = read("a: 1\n---\nb: 2\n")
        let diagnostic = try #require(expectOnly("PT006", at: Pos(2, 1, 5), in: outcome))
        #expect(outcome.pos(diagnostic.span.end) == Pos(2, 4, 8))
        #expect(outcome.root == nil)
        expectOnly("PT006", at: Pos(3, 1, 9), in: read("---\na: 1\n---\nb: 2\n"))
    }

    @Test("a root that is a sequence or a scalar")
    func rootNotMapping() throws {
        let list = read("- a\n- b\n")
        let sequence = try #require(expectOnly("PT006", at: Pos(1, 1, 0), in: list))
        #expect(sequence.message.contains("a list"))
        #expect(list.pos(sequence.span.end) == Pos(2, 4, 7))
        let scalar = try #require(expectOnly("PT006", at: Pos(1, 1, 0), in: read("hello\n")))
        #expect(scalar.message.contains("a string"))
    }

    @Test("a custom tag")
    func customTag() throws {
        let outcome = read("a: 1\nb: !thing x\n")
        let diagnostic = try #require(expectOnly("PT007", at: Pos(2, 4, 8), in: outcome))
        #expect(diagnostic.message.contains("!thing"))
        #expect(outcome.root?["b"]?.scalar == Scalar("x"))
        expectOnly("PT007", at: Pos(1, 4, 3), in: read("a: !thing {b: 1}\n"))
    }

    @Test("the !!binary tag")
    func binaryTag() throws {
        let diagnostic = try #require(expectOnly("PT007", at: Pos(1, 4, 3), in: read("a: !!binary aGVsbG8=\n")))
        #expect(diagnostic.message.contains("!!binary"))
    }

    @Test("a complex key")
    func complexKey() throws {
        let outcome = read("? [a, b]\n: 1\nc: 2\n")
        let diagnostic = try #require(expectOnly("PT007", at: Pos(1, 3, 2), in: outcome))
        #expect(outcome.pos(diagnostic.span.end) == Pos(1, 9, 8))
        #expect(outcome.root?.mapping?.map(\.name) == ["c"])
    }
}
