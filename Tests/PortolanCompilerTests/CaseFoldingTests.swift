import PortolanBundle
@testable import PortolanCompiler
import Testing

/// Names and host names compare by the keys `lowercased()` gives, whatever the text.
@Suite struct CaseFoldingTests {
    static let samples = [
        "", ".", "..", "a.", "hub", "Hub", "HUB.ACME.EXAMPLE.", "hub.acme.example", "user000001/Acme",
        "*/Acme", "Zürich", "ÄÖÜ.example.", "İstanbul", "STRASSE", "Straße", "ǅ", "\r\n.", "@[\\]^_`{|}~",
    ]

    @Test func lowercasedIsLowercased() {
        for text in Self.samples {
            #expect(CaseFolding.lowercased(text) == text.lowercased(), "\(text)")
            #expect(Array(CaseFolding.lowercased(text).utf8) == Array(text.lowercased().utf8), "\(text)")
        }
    }

    @Test func hostNameKeysDropOneTrailingDot() {
        for text in Self.samples {
            var expected = text.lowercased()
            if expected.hasSuffix("."), expected.count > 1 { expected.removeLast() }
            #expect(Array(HostAdmission.hostKey(text).utf8) == Array(expected.utf8), "\(text)")
        }
    }
}

/// Host names with at least two labels, and what is not one.
@Suite struct FullyQualifiedTests {
    @Test func qualifiedNamesHaveTwoLabelsAndAreNotAddresses() {
        let expected: [String: Bool] = [
            "hub.acme.example": true, "hub.acme.example.": true, "Hub.Acme.Example": true, "a.b": true, "1.b": true,
            "hub": false, "hub.": false, ".": false, "": false, "a..b": false, ".a.b": false, "a.b..": false,
            "10.0.0.1": false, "10.0.0.1.": false, "::1": false, "a.b:25": false, "münchen.example": true,
            "münchen": false, "ä..b": false, "١٢.٣٤": false,
        ]
        for (text, qualified) in expected {
            #expect(HostName.isFullyQualified(text) == qualified, "\(text)")
        }
    }
}
