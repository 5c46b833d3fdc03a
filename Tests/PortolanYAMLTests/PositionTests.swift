import PortolanDiagnostics
import Testing

@testable import PortolanYAML

/// Exact spans (line, column, byte offset; half-open) of scalars, keys and
/// collections in block and flow style.
@Suite("Positions")
struct PositionTests {
    @Test("block mapping with nested mapping and flow sequence")
    func blockMapping() throws {
        let outcome = read("""
            portolan: 1
            organization: Acme
            servers:
              hub:
                host: hub.acme.example
                addresses: [127.0.0.10, "::1"]

            """)
        #expect(outcome.diagnostics.isEmpty)
        let root = try #require(outcome.root)
        expectSpan(root, Pos(1, 1, 0), Pos(6, 35, 108))
        expectSpan(root.keyNode("portolan"), Pos(1, 1, 0), Pos(1, 9, 8))
        expectSpan(root["portolan"], Pos(1, 11, 10), Pos(1, 12, 11))
        expectSpan(root["organization"], Pos(2, 15, 26), Pos(2, 19, 30))
        let servers = try #require(root["servers"])
        expectSpan(servers, Pos(4, 3, 42), Pos(6, 35, 108))
        expectSpan(servers.keyNode("hub"), Pos(4, 3, 42), Pos(4, 6, 45))
        let hub = try #require(servers["hub"])
        expectSpan(hub, Pos(5, 5, 51), Pos(6, 35, 108))
        expectSpan(hub["host"], Pos(5, 11, 57), Pos(5, 27, 73))
        let addresses = try #require(hub["addresses"])
        expectSpan(addresses, Pos(6, 16, 89), Pos(6, 35, 108))
        expectSpan(addresses[0], Pos(6, 17, 90), Pos(6, 27, 100))
        expectSpan(addresses[1], Pos(6, 29, 102), Pos(6, 34, 107))
        #expect(addresses[1]?.scalar == Scalar("::1", style: .doubleQuoted))
        #expect(outcome.nodeCount == 15)
        #expect(outcome.aliasNodeCount == 0)
    }

    @Test("flow collections nested on one line")
    func flowCollections() throws {
        let outcome = read("a: {tcp: {port: 25}, list: [x, [y, z]], e: []}\n")
        #expect(outcome.diagnostics.isEmpty)
        let root = try #require(outcome.root)
        expectSpan(root, Pos(1, 1, 0), Pos(1, 47, 46))
        let a = try #require(root["a"])
        expectSpan(a, Pos(1, 4, 3), Pos(1, 47, 46))
        expectSpan(a.keyNode("tcp"), Pos(1, 5, 4), Pos(1, 8, 7))
        expectSpan(a["tcp"], Pos(1, 10, 9), Pos(1, 20, 19))
        expectSpan(a["tcp"]?["port"], Pos(1, 17, 16), Pos(1, 19, 18))
        let list = try #require(a["list"])
        expectSpan(list, Pos(1, 28, 27), Pos(1, 39, 38))
        expectSpan(list[0], Pos(1, 29, 28), Pos(1, 30, 29))
        expectSpan(list[1], Pos(1, 32, 31), Pos(1, 38, 37))
        expectSpan(list[1]?[1], Pos(1, 36, 35), Pos(1, 37, 36))
        expectSpan(a["e"], Pos(1, 44, 43), Pos(1, 46, 45))
        #expect(a["e"]?.sequence?.isEmpty == true)
    }

    @Test("block sequences: nested, of mappings, indentless")
    func blockSequences() throws {
        let outcome = read("""
            list:
              - a
              - - b
                - c
              - k: v
                k2: v2
            end: x
            tail:
            - p
            - q

            """)
        #expect(outcome.diagnostics.isEmpty)
        let root = try #require(outcome.root)
        let list = try #require(root["list"])
        expectSpan(list, Pos(2, 3, 8), Pos(6, 11, 47))
        expectSpan(list[0], Pos(2, 5, 10), Pos(2, 6, 11))
        expectSpan(list[1], Pos(3, 5, 16), Pos(4, 8, 27))
        expectSpan(list[1]?[0], Pos(3, 7, 18), Pos(3, 8, 19))
        expectSpan(list[2], Pos(5, 5, 32), Pos(6, 11, 47))
        expectSpan(list[2]?["k2"], Pos(6, 9, 45), Pos(6, 11, 47))
        expectSpan(root["end"], Pos(7, 6, 53), Pos(7, 7, 54))
        expectSpan(root["tail"], Pos(9, 1, 61), Pos(10, 4, 68))
        expectSpan(root["tail"]?[1], Pos(10, 3, 67), Pos(10, 4, 68))
        expectSpan(root, Pos(1, 1, 0), Pos(10, 4, 68))
    }

    @Test("an empty value is an empty span just past the colon")
    func emptyValue() throws {
        let root = try #require(read("a:\nb: 1\nc:\n").root)
        expectSpan(root["a"], Pos(1, 3, 2), Pos(1, 3, 2))
        #expect(root["a"]?.scalar?.isNull == true)
        expectSpan(root["c"], Pos(3, 3, 10), Pos(3, 3, 10))
        expectSpan(root, Pos(1, 1, 0), Pos(3, 3, 10))
    }

    @Test("a comment after a value is not part of its span")
    func trailingComment() throws {
        let root = try #require(read("a:\n  b: 1   # one\n  # last\n\n").root)
        expectSpan(root["a"], Pos(2, 3, 5), Pos(2, 7, 9))
        expectSpan(root, Pos(1, 1, 0), Pos(2, 7, 9))
    }

    @Test("multi-line plain and quoted scalars")
    func multiLineScalars() throws {
        let root = try #require(read("a: one\n  two\nb: \"x\n  y\"\n").root)
        #expect(root["a"]?.text == "one two")
        expectSpan(root["a"], Pos(1, 4, 3), Pos(2, 6, 12))
        #expect(root["b"]?.text == "x y")
        expectSpan(root["b"], Pos(3, 4, 16), Pos(4, 5, 23))
    }
}

/// Spans in files with multi-byte characters, CRLF, a byte order mark, tabs
/// and the rarer line breaks: columns count Unicode scalars, offsets count bytes.
@Suite("Positions in non-ASCII text")
struct EncodingPositionTests {
    @Test("ä, € and an emoji before a span on the same line")
    func multiByteCharacters() throws {
        let outcome = read("v: [ä, €, 😀, z]\nw: x\nä€: 😀\n")
        #expect(outcome.diagnostics.isEmpty)
        let root = try #require(outcome.root)
        let v = try #require(root["v"])
        expectSpan(v, Pos(1, 4, 3), Pos(1, 16, 21))
        expectSpan(v[0], Pos(1, 5, 4), Pos(1, 6, 6))
        expectSpan(v[1], Pos(1, 8, 8), Pos(1, 9, 11))
        expectSpan(v[2], Pos(1, 11, 13), Pos(1, 12, 17))
        expectSpan(v[3], Pos(1, 14, 19), Pos(1, 15, 20))
        expectSpan(root.keyNode("w"), Pos(2, 1, 22), Pos(2, 2, 23))
        expectSpan(root["w"], Pos(2, 4, 25), Pos(2, 5, 26))
        expectSpan(root.keyNode("ä€"), Pos(3, 1, 27), Pos(3, 3, 32))
        expectSpan(root["ä€"], Pos(3, 5, 34), Pos(3, 6, 38))
        #expect(root["ä€"]?.text == "😀")
    }

    @Test("a mark before the previous one (an error's context) still maps right")
    func backwardMark() throws {
        let outcome = read("x: ä\nkey: [€, 😀\n")
        let diagnostic = try #require(expectOnly("PT001", at: Pos(3, 1, 22), in: outcome))
        #expect(diagnostic.notes.count == 1)
        #expect(diagnostic.notes.first.map { outcome.pos($0.span!.start) } == Pos(2, 6, 11))
    }

    @Test("CRLF line breaks count as one break")
    func crlf() throws {
        let outcome = read("a: 1\r\nb:\r\n  - x\r\n  - y\r\nc: z\r\n")
        #expect(outcome.diagnostics.isEmpty)
        let root = try #require(outcome.root)
        expectSpan(root["a"], Pos(1, 4, 3), Pos(1, 5, 4))
        expectSpan(root.keyNode("b"), Pos(2, 1, 6), Pos(2, 2, 7))
        expectSpan(root["b"], Pos(3, 3, 12), Pos(4, 6, 22))
        expectSpan(root["b"]?[0], Pos(3, 5, 14), Pos(3, 6, 15))
        expectSpan(root.keyNode("c"), Pos(5, 1, 24), Pos(5, 2, 25))
        expectSpan(root["c"], Pos(5, 4, 27), Pos(5, 5, 28))
        expectSpan(root, Pos(1, 1, 0), Pos(5, 5, 28))
    }

    @Test("a UTF-8 byte order mark: column 1 is the character after it")
    func byteOrderMark() throws {
        let outcome = read(bytes: [0xEF, 0xBB, 0xBF] + Array("a: b\nc: ä\nd: x\n".utf8))
        #expect(outcome.diagnostics.isEmpty)
        let root = try #require(outcome.root)
        expectSpan(root, Pos(1, 1, 3), Pos(3, 5, 18))
        expectSpan(root.keyNode("a"), Pos(1, 1, 3), Pos(1, 2, 4))
        expectSpan(root["a"], Pos(1, 4, 6), Pos(1, 5, 7))
        expectSpan(root.keyNode("c"), Pos(2, 1, 8), Pos(2, 2, 9))
        expectSpan(root["c"], Pos(2, 4, 11), Pos(2, 5, 13))
        expectSpan(root["d"], Pos(3, 4, 17), Pos(3, 5, 18))
    }

    @Test("a byte order mark in an ASCII file, with a flow mapping")
    func byteOrderMarkASCII() throws {
        let outcome = read(bytes: [0xEF, 0xBB, 0xBF] + Array("{a: 1}\n".utf8))
        let root = try #require(outcome.root)
        expectSpan(root, Pos(1, 1, 3), Pos(1, 7, 9))
        expectSpan(root["a"], Pos(1, 5, 7), Pos(1, 6, 8))
    }

    @Test("tabs inside values and as separators count one column")
    func tabs() throws {
        let outcome = read("a: x\ty\t# c\nb: \"p\tq\"\nc:\tw\n")
        #expect(outcome.diagnostics.isEmpty)
        let root = try #require(outcome.root)
        #expect(root["a"]?.text == "x\ty")
        expectSpan(root["a"], Pos(1, 4, 3), Pos(1, 7, 6))
        #expect(root["b"]?.text == "p\tq")
        expectSpan(root["b"], Pos(2, 4, 14), Pos(2, 9, 19))
        expectSpan(root["c"], Pos(3, 4, 23), Pos(3, 5, 24))
    }

    @Test("NEL, LS and PS are line breaks")
    func unicodeLineBreaks() throws {
        let outcome = read("a: x\u{85}b: y\u{2028}c: z\u{2029}d: ä\n")
        #expect(outcome.diagnostics.isEmpty)
        let root = try #require(outcome.root)
        expectSpan(root.keyNode("b"), Pos(2, 1, 6), Pos(2, 2, 7))
        expectSpan(root["b"], Pos(2, 4, 9), Pos(2, 5, 10))
        expectSpan(root.keyNode("c"), Pos(3, 1, 13), Pos(3, 2, 14))
        expectSpan(root["c"], Pos(3, 4, 16), Pos(3, 5, 17))
        expectSpan(root["d"], Pos(4, 4, 23), Pos(4, 5, 25))
    }
}

/// How scalars were written: style and tag.
@Suite("Scalar styles and tags")
struct ScalarStyleTests {
    static let text = """
        a: plain
        b: 'single'
        c: "double"
        d: |
          lit
        e: >
          folded
          text

        f: !!str 25
        g: ! 25
        h: 25
        i: "25"
        j: ~
        k: true

        """

    @Test("styles, values and what a plain scalar may be read as")
    func styles() throws {
        let outcome = read(Self.text)
        #expect(outcome.diagnostics.isEmpty)
        let root = try #require(outcome.root)
        #expect(root["a"]?.scalar == Scalar("plain", style: .plain))
        #expect(root["b"]?.scalar == Scalar("single", style: .singleQuoted))
        #expect(root["c"]?.scalar == Scalar("double", style: .doubleQuoted))
        #expect(root["d"]?.scalar == Scalar("lit\n", style: .literal))
        #expect(root["e"]?.scalar == Scalar("folded text\n", style: .folded))
        #expect(root["h"]?.scalar?.integer == 25)
        #expect(root["i"]?.scalar?.integer == nil)
        #expect(root["i"]?.kindDescription == "a string")
        #expect(root["j"]?.scalar?.isNull == true)
        #expect(root["k"]?.scalar?.bool == true)
    }

    @Test("tags: !!str and the non-specific ! make a string; the span starts at the tag")
    func tags() throws {
        let root = try #require(read(Self.text).root)
        let f = try #require(root["f"]?.scalar)
        #expect(f == Scalar("25", style: .plain, tag: YAMLTag.str))
        #expect(f.integer == nil && !f.isPlain)
        expectSpan(root["f"], Pos(10, 4, 69), Pos(10, 12, 77))
        #expect(root["g"]?.scalar == Scalar("25", style: .plain, tag: YAMLTag.str))
    }

    @Test("block scalars end just past their last character")
    func blockScalarSpans() throws {
        let root = try #require(read(Self.text).root)
        expectSpan(root["c"], Pos(3, 4, 24), Pos(3, 12, 32))
        expectSpan(root["d"], Pos(4, 4, 36), Pos(5, 6, 43))
        expectSpan(root["e"], Pos(6, 4, 47), Pos(8, 7, 64))
    }

    @Test("block scalars: keep and strip chomping, empty, indentation indicator, CRLF")
    func blockScalarVariants() throws {
        let root = try #require(read("a: |+\n  kept\n\nb: |-\n  stripped\nc: |\nd: >2\n   indented\ne: end").root)
        #expect(root["a"]?.text == "kept\n\n")
        expectSpan(root["a"], Pos(1, 4, 3), Pos(2, 7, 12))
        #expect(root["b"]?.text == "stripped")
        expectSpan(root["b"], Pos(4, 4, 17), Pos(5, 11, 30))
        #expect(root["c"]?.text == "")
        expectSpan(root["c"], Pos(6, 4, 34), Pos(6, 5, 35))
        #expect(root["d"]?.text == " indented\n")
        expectSpan(root["d"], Pos(7, 4, 39), Pos(8, 12, 53))
        expectSpan(root, Pos(1, 1, 0), Pos(9, 7, 60))
        let crlf = try #require(read("a: |\r\n  one\r\n  two\r\n\r\nb: x\r\n").root)
        #expect(crlf["a"]?.text == "one\ntwo\n")
        expectSpan(crlf["a"], Pos(1, 4, 3), Pos(3, 6, 18))
    }
}
