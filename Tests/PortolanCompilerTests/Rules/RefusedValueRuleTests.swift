import Foundation
import Testing

/// "No advice built on a refused value": a value the decoder refuses is
/// reported once, and the rules that would read the default in its place stay
/// silent, in the shape of examples/relay-port-26.
@Suite struct RefusedValueRuleTests {
    static let example: String = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return (try? String(contentsOf: root.appending(path: "examples/relay-port-26/topology.yaml"), encoding: .utf8)) ?? ""
    }()

    /// The example with `written` in place of `original` (which must be in it).
    static func fixture(replacing original: String, with written: String) -> YAMLFixture {
        #expect(example.contains(original), "examples/relay-port-26 no longer holds \(original)")
        return YAMLFixture(example.replacing(original, with: written))
    }

    static func codes(_ fixture: YAMLFixture) -> [String] {
        (fixture.decodeDiagnostics + fixture.diagnostics).map(fixture.place)
    }

    @Test func theExampleIsClean() {
        let fixture = YAMLFixture(Self.example)
        #expect(Self.codes(fixture) == [])
    }

    @Test func aQuotedInboundPortOnTheHubIsPT102AndNoPT401() {
        let fixture = Self.fixture(replacing: "tcp: { port: 26, enabled: true }", with: "tcp: { port: \"26\", enabled: true }")
        #expect(Self.codes(fixture) == ["PT102@22:22"])
    }

    @Test func aQuotedOutboundPortOnASpokeIsPT102AndNoPT401() {
        let original = "    addresses: [192.0.2.21]\n    smtp:\n      listener: false          # takes no SMTP; its mailboxes are reached by Notes routing\n      outbound:\n        tcp: { port: 26, mode: enabled }"
        let fixture = Self.fixture(replacing: original, with: original.replacing("port: 26", with: "port: '26'"))
        #expect(Self.codes(fixture) == ["PT102@38:22"])
    }

    /// The near miss: the same port written wrong but unquoted is judged.
    @Test func aWrongPortThatIsNotRefusedIsStillPT401() {
        let fixture = Self.fixture(replacing: "tcp: { port: 26, enabled: true }", with: "tcp: { port: 27, enabled: true }")
        #expect(Self.codes(fixture) == ["PT401@38:22", "PT401@47:22", "PT401@56:22"])
    }

    @Test func aRefusedOutboundModeIsNotJudged() {
        let original = "    addresses: [192.0.2.22]\n    smtp:\n      listener: false\n      outbound:\n        tcp: { port: 26, mode: enabled }"
        let fixture = Self.fixture(replacing: original, with: original.replacing("port: 26, mode: enabled", with: "port: 25, mode: tsl"))
        #expect(Self.codes(fixture) == ["PT105@47:32"])
    }

    @Test func aRefusedStartTLSOnTheHubIsNotJudged() {
        let fixture = Self.fixture(replacing: "starttls: disabled", with: "starttls: requierd")
        #expect(Self.codes(fixture) == ["PT105@24:19"])
    }
}
