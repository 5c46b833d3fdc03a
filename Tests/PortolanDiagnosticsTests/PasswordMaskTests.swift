import Testing
@testable import PortolanDiagnostics

/// The text format never shows a password value of a source line.
@Suite struct PasswordMaskTests {
    static let file = "users.yaml"
    static let lines = [
        "users:",
        "  alice:",
        "    password: hunter2",
        "  bob: { name: bob/Acme, password: 'it''s, secret', internet_address: bob at acme }",
        "  carol: { \"password\": \"a \\\" b\", name: carol/Acme }",
        "  dave:",
        "    password:   s3cret pass, really   # the old one",
        "servers:",
        "  spoke: { smtp: { outbound: { relay_login: { user: dave, password_file: /etc/portolan/dave.secret } } } }",
        "  mypassword: plain",
    ]

    static var sources: SourceStore {
        var store = SourceStore(files: Fixtures.table)
        store.add(file: file, bytes: Array(lines.map { $0 + "\n" }.joined().utf8))
        return store
    }

    /// The span of `needle` on 1-based `line`, in scalar columns.
    static func span(line: Int, _ needle: String) -> SourceSpan {
        let text = lines[line - 1]
        let range = text.range(of: needle)!
        let offset = lines[..<(line - 1)].map { $0.utf8.count + 1 }.reduce(0, +)
        func position(_ index: String.Index) -> SourcePosition {
            SourcePosition(offset: offset + text.utf8[..<index].count)
        }
        return SourceSpan(file: Fixtures.file(file), start: position(range.lowerBound), end: position(range.upperBound))
    }

    static let diagnostics: [Diagnostic] = [
        Diagnostic(
            DiagnosticCode("PT107"), "users.alice.password is not a password hash: plaintext passwords are refused",
            at: span(line: 3, "hunter2"), notes: [DiagnosticNote("dave's password is here", at: span(line: 7, "s3cret"))]),
        Diagnostic(
            DiagnosticCode("PT106"), "users.bob.internet_address is not an Internet address",
            at: span(line: 4, "bob at acme"), notes: [DiagnosticNote("bob's password is here", at: span(line: 4, "'it''s"))]),
        Diagnostic(DiagnosticCode("PT101"), "unknown key 'name'", at: span(line: 5, "name")),
        Diagnostic(DiagnosticCode("PT202"), "user 'dave' has no password", at: span(line: 9, "password_file")),
        Diagnostic(DiagnosticCode("PT502"), "mypassword is never used", at: span(line: 10, "mypassword")),
    ]

    @Test func textMasksEveryPasswordValue() throws {
        let output = DiagnosticRenderer.render(
            Self.diagnostics, format: .text, sources: Self.sources,
            options: RenderOptions(colour: false, workingDirectory: "/srv", toolVersion: "0.1.0"))
        try golden.check(output, matches: "text-passwords.txt")
        for secret in ["hunter2", "secret'", "it''s", "a \\\" b", "s3cret", "really"] {
            #expect(!output.contains(secret), "\(secret) is shown")
        }
        #expect(output.contains("/etc/portolan/dave.secret"))
        #expect(output.contains("mypassword: plain"))
    }

    @Test func linesWithoutAPasswordKeyAreShownAsTheyAre() {
        for line in ["    host: hub.example.org", "  password_file: /etc/x", "  passwords: [a]", "  # password: x is a comment? no:"] {
            let mask = PasswordMask(line)
            if line.contains("# password") {
                #expect(mask.text == "  # password: ***")
            } else {
                #expect(mask.text == line)
                #expect(mask.column(7) == 7)
            }
        }
    }

    @Test func columnsAfterAMaskedValueMoveWithIt() {
        let mask = PasswordMask("{ password: hunter2, name: x }")
        #expect(mask.text == "{ password: ***, name: x }")
        #expect(mask.column(13) == 13)
        #expect(mask.column(20, isEnd: true) == 16)
        #expect(mask.column(22) == 18)
        #expect(mask.column(3) == 3)
    }
}
