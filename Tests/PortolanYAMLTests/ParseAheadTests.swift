import PortolanCompiler
import PortolanDiagnostics
import Testing

@testable import PortolanYAML

/// Large files are parsed on a second thread while their nodes are built
/// (`EventPipe`, when the scheduler runs work alongside, as the pipeline's does). Whatever the input, that must give exactly what reading on
/// one thread gives: the same tree, spans and diagnostics.
@Suite("Parse ahead")
struct ParseAheadTests {
    /// Reads `bytes` whole on one thread, and with `other`'s settings.
    static func bothWays(
        _ bytes: [UInt8], limits: ReaderLimits = .default, other: (inout YAMLReader) -> Void
    ) -> (whole: ReadOutcome, other: ReadOutcome) {
        var whole = YAMLReader(limits: limits)
        whole.parseAheadThreshold = .max
        whole.splitThreshold = .max
        var reader = YAMLReader(limits: limits, scheduler: TwoCoreScheduler())
        other(&reader)
        return (whole.read(bytes: bytes, file: testFile), reader.read(bytes: bytes, file: testFile))
    }

    /// Reads `bytes` on one thread and parsed ahead (whatever their size).
    static func bothWays(_ bytes: [UInt8], limits: ReaderLimits = .default) -> (one: ReadOutcome, ahead: ReadOutcome) {
        let (one, ahead) = bothWays(bytes, limits: limits) { reader in
            reader.parseAheadThreshold = 0
            reader.splitThreshold = .max
        }
        return (one, ahead)
    }

    /// The outcome's listing (`ReadOutcome.listing`): two outcomes are the
    /// same when these are.
    static func listing(_ outcome: ReadOutcome, of bytes: [UInt8]) -> [String] {
        outcome.listing(lines: LineTable(bytes: bytes))
    }

    static func expectSame(_ bytes: [UInt8], limits: ReaderLimits = .default, sourceLocation: SourceLocation = #_sourceLocation) {
        let (one, ahead) = bothWays(bytes, limits: limits)
        let expected = listing(one, of: bytes)
        let found = listing(ahead, of: bytes)
        #expect(found.count == expected.count, sourceLocation: sourceLocation)
        if let first = zip(expected, found).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            Issue.record("first difference at line \(first): \(expected[first]) | \(found[first])", sourceLocation: sourceLocation)
        }
    }

    /// A topology of `servers` servers with anchors, merges, flow and block
    /// collections, quoted and block scalars and non-ASCII text: many batches
    /// of events.
    static func estate(servers: Int) -> String {
        var text = "portolan: 1\norganization: Acme\ndefaults: &base\n  smtp: { listener: true }\nservers:\n"
        for index in 0..<servers {
            text += """
                  srv\(index):
                    <<: *base
                    host: "srv\(index).acme.example"
                    addresses: [198.51.100.\(index % 250), '203.0.113.\(index % 250)']
                    note: |
                      Zürich \(index) — €
                    ports: [{ proto: pop3, tcp: { port: 110, enabled: false } }]

                """
        }
        return text
    }

    @Test func aLargeTopologyGivesTheSameTree() {
        let bytes = Array(Self.estate(servers: 3_000).utf8)
        #expect(bytes.count > Composer.defaultParseAheadThreshold)
        let (one, ahead) = Self.bothWays(bytes)
        #expect(one.diagnostics.isEmpty && one.nodeCount > 40_000)
        #expect(Self.listing(one, of: bytes) == Self.listing(ahead, of: bytes))
    }

    @Test func theExampleOfTheRobustnessTestsGivesTheSameTree() {
        Self.expectSame(Array(RobustnessTests.topology.utf8))
    }

    @Test("errors at any point give the same diagnostics", arguments: [
        "a syntax error near the end", "a duplicate key", "an undefined alias", "a custom tag",
        "nesting over the limit", "an alias bomb", "two documents", "a list root", "no document",
    ])
    func errors(_ kind: String) {
        let body = Self.estate(servers: 400)
        let text: String
        switch kind {
        case "a syntax error near the end": text = body + "broken: [unclosed\n"
        case "a duplicate key": text = body + "  srv7:\n    host: again\n"
        case "an undefined alias": text = body + "extra: *nowhere\n"
        case "a custom tag": text = body + "extra: !custom value\n"
        case "nesting over the limit": text = body + "deep: " + String(repeating: "[", count: 5_000) + "\n"
        case "an alias bomb":
            var bomb = "l0: &l0 [a, a, a, a, a, a, a, a, a, a]\n"
            for level in 1...9 { bomb += "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
            text = body + bomb + "merged:\n  <<: *l9\n"
        case "two documents": text = body + "---\nsecond: 1\n"
        case "a list root": text = "- " + body.replacingOccurrences(of: "\n", with: "\n  ")
        default: text = "# only a comment\n"
        }
        Self.expectSame(Array(text.utf8))
    }

    @Test func theNodeLimitStopsBothAtTheSamePlace() {
        var limits = ReaderLimits.default
        limits.maxNodes = 10_000
        let (one, _) = Self.bothWays(Array(Self.estate(servers: 2_000).utf8), limits: limits)
        #expect(one.diagnostics.map(\.code.rawValue) == ["PT005"])
        Self.expectSame(Array(Self.estate(servers: 2_000).utf8), limits: limits)
    }

    /// Every prefix at a spread of lengths: libyaml fails at a different event
    /// each time, in the first batch, across batches and in the last.
    @Test func truncationsGiveTheSameOutcome() {
        let bytes = Array(Self.estate(servers: 1_500).utf8)
        for length in stride(from: 0, to: bytes.count, by: bytes.count / 37) {
            Self.expectSame(Array(bytes.prefix(length)))
        }
    }
}
