import PortolanDiagnostics
import Testing

@testable import PortolanYAML

/// Anchors, aliases and merge keys (`<<`).
@Suite("Anchors, aliases and merge keys")
struct AliasMergeTests {
    @Test("an alias is a copy of the anchored node, with that node's span")
    func aliasCopiesNode() throws {
        let outcome = read("a: &x {k: v}\nb: *x\nc: &s hello\nd: [*s, *x]\n")
        #expect(outcome.diagnostics.isEmpty)
        let root = try #require(outcome.root)
        let a = try #require(root["a"])
        expectSpan(a, Pos(1, 4, 3), Pos(1, 13, 12))
        let b = try #require(root["b"])
        #expect(b["k"]?.text == "v")
        #expect(b.span == a.span)
        expectSpan(root["c"], Pos(3, 4, 22), Pos(3, 12, 30))
        expectSpan(root["d"]?[0], Pos(3, 4, 22), Pos(3, 12, 30))
        #expect(root["d"]?[1]?["k"]?.text == "v")
        // Written: root, a, {k: v} (3), b, c, hello, d, [ ].
        #expect(outcome.nodeCount == 10)
        // Produced through aliases: {k: v} twice (3 each) and hello once.
        #expect(outcome.aliasNodeCount == 7)
    }

    @Test("a block collection that ends with an alias ends with the alias as written")
    func blockEndsWithAlias() throws {
        let root = try #require(read("a: &x {k: v}\nb:\n  - 1\n  - *x\n\n").root)
        expectSpan(root["b"], Pos(3, 3, 18), Pos(4, 7, 28))
        expectSpan(root["b"]?[1], Pos(1, 4, 3), Pos(1, 13, 12))
        expectSpan(root, Pos(1, 1, 0), Pos(4, 7, 28))
    }

    @Test("an anchor defined again takes the new node from there on")
    func anchorRedefined() throws {
        let root = try #require(read("a: &x 1\nb: *x\nc: &x 2\nd: *x\n").root)
        #expect(root["b"]?.text == "1")
        #expect(root["d"]?.text == "2")
    }

    @Test("<<: *base adds the keys the mapping does not set; explicit keys win")
    func mergeOne() throws {
        let outcome = read("""
            base: &base {host: h, port: 25}
            s1:
              port: 2525
              <<: *base
              name: one

            """)
        #expect(outcome.diagnostics.isEmpty)
        let s1 = try #require(outcome.root?["s1"])
        #expect(s1.mapping?.map(\.name) == ["port", "name", "host"])
        #expect(s1["port"]?.text == "2525")
        #expect(s1["host"]?.text == "h")
        expectSpan(s1["port"], Pos(3, 9, 44), Pos(3, 13, 48))
        expectSpan(s1["host"], Pos(1, 20, 19), Pos(1, 21, 20))
        expectSpan(s1, Pos(3, 3, 38), Pos(5, 12, 72))
    }

    @Test("<<: [*a, *b]: earlier sources win over later ones, explicit keys over both")
    func mergeList() throws {
        let outcome = read("""
            a: &a {host: ha, port: 25}
            b: &b {port: 26, tls: true, name: nb}
            s:
              <<: [*a, *b]
              name: explicit

            """)
        #expect(outcome.diagnostics.isEmpty)
        let s = try #require(outcome.root?["s"])
        #expect(s.mapping?.map(\.name) == ["name", "host", "port", "tls"])
        #expect(s["name"]?.text == "explicit")
        #expect(s["host"]?.text == "ha")
        #expect(s["port"]?.text == "25")
        #expect(s["tls"]?.scalar?.bool == true)
    }

    @Test("a quoted '<<' is an ordinary key")
    func quotedMergeKey() throws {
        let root = try #require(read("a: &a {k: v}\nb:\n  '<<': *a\n").root)
        #expect(root["b"]?.mapping?.map(\.name) == ["<<"])
    }

    @Test("a merge key's value must be a mapping or a list of mappings")
    func mergeOfScalar() throws {
        let outcome = read("a: &a 1\nb:\n  <<: *a\n  c: 2\n")
        #expect(outcome.codes == ["PT102"])
        #expect(outcome.diagnostics.first.map { outcome.pos($0.span.start) } == Pos(1, 4, 3))
        #expect(outcome.root?["b"]?.mapping?.map(\.name) == ["c"])
    }

    @Test("an explicit key that repeats a merged one is not a duplicate")
    func mergedKeyIsNotDuplicate() throws {
        let outcome = read("a: &a {k: 1}\nb: {<<: *a, k: 2}\n")
        #expect(outcome.diagnostics.isEmpty)
        #expect(outcome.root?["b"]?["k"]?.text == "2")
    }
}
