import PortolanYAML
import Testing
@testable import PortolanLanguage

@Suite struct SizeLiteralTests {
    @Test(arguments: [
        ("10MiB", 10_485_760), ("512KiB", 524_288), ("1GiB", 1_073_741_824), ("10MB", 10_000_000),
        ("1048576", 1_048_576), ("10 MiB", 10_485_760), ("7B", 7), ("2KB", 2_000), ("3GB", 3_000_000_000),
    ])
    func valid(text: String, bytes: Int) {
        #expect(UnitLiteral.size.value(text) == .success(bytes))
    }

    @Test(arguments: ["10 parsecs", "-5MB", "1.5MB", "MB", "", "10  MB", "10MB ", " 10MB", "0x10", "1e3"])
    func malformed(text: String) {
        guard case .failure(.malformed) = UnitLiteral.size.value(text) else {
            Issue.record("\(text) should be malformed")
            return
        }
    }

    @Test func unitIsReportedWhenOnlyTheUnitIsWrong() {
        #expect(UnitLiteral.size.value("10mb") == .failure(.malformed(unit: "mb")))
        #expect(UnitLiteral.size.value("10 parsecs") == .failure(.malformed(unit: "parsecs")))
        #expect(UnitLiteral.size.value("1.5MB") == .failure(.malformed(unit: nil)))
    }

    @Test func overflowIsTooLargeNotACrash() {
        #expect(UnitLiteral.size.value("99999999999999999999") == .failure(.tooLarge))
        #expect(UnitLiteral.size.value("9999999999GiB") == .failure(.tooLarge))
    }
}

@Suite struct HostSyntaxTests {
    @Test(arguments: ["hub.acme.example", "localhost", "a-b.c", "xn--bcher-kva.example", "A1.example", "x"])
    func validHostNames(name: String) {
        #expect(HostSyntax.problem(name) == nil)
    }

    @Test(arguments: [
        "hub..acme", ".hub", "hub.", "-hub.acme", "hub-.acme", "mail_hub.acme", "hub acme", "bücher.example",
        "127.0.0.1", "host.123", "", String(repeating: "a", count: 64) + ".example",
        String(repeating: "abcdefghi.", count: 26) + "example",
    ])
    func invalidHostNames(name: String) {
        #expect(HostSyntax.problem(name) != nil)
    }

    @Test(arguments: [
        "127.0.0.10", "0.0.0.0", "255.255.255.255", "::", "::1", "1::", "fe80::1", "2001:db8::8a2e:370:7334",
        "2001:0db8:0000:0000:0000:ff00:0042:8329", "::ffff:192.0.2.128", "1:2:3:4:5:6:7::", "1:2:3:4:5:6:1.2.3.4",
    ])
    func validAddresses(address: String) {
        #expect(HostSyntax.addressProblem(address) == nil)
    }

    @Test(arguments: [
        "256.0.0.1", "1.2.3", "1.2.3.4.5", "01.2.3.4", "1.2.3.-4", "::1::", ":::", "1:2:3:4:5:6:7:8:9", "12345::",
        "fe80::1%eth0", "[::1]", "10.0.0.0/8", "1:2:3:4:5:6:7", "g::1", ":1::", "1::2:", "::1.2.3", "1.2.3.4::",
        "1:2:3:4:5:6:7:1.2.3.4", "hub.acme.example",
    ])
    func invalidAddresses(address: String) {
        #expect(HostSyntax.addressProblem(address) != nil)
    }

    @Test func mailAddresses() {
        #expect(HostSyntax.mailAddressProblem("alice@acme.example") == nil)
        #expect(HostSyntax.mailAddressProblem("alice") == "it has no '@'")
        #expect(HostSyntax.mailAddressProblem("@acme.example") != nil)
        #expect(HostSyntax.mailAddressProblem("al ice@acme.example") != nil)
        #expect(HostSyntax.mailAddressProblem("alice@acme..example") != nil)
    }
}

@Suite struct PasswordHashSyntaxTests {
    @Test func decodesPasslibHashes() throws {
        let hash = try PasswordHashSyntax.parse(validHash).get()
        #expect(hash.rounds == 29000)
        #expect(hash.salt == [71, 104, 77, 233, 157, 115, 78, 105, 77, 169, 53, 134, 48, 102, 44, 5])
        #expect(hash.checksum.count == 32)
        #expect(hash.checksum.prefix(4) == [122, 17, 13, 179])
        #expect(hash.encoded == validHash)
    }

    @Test func dotAndSlashAreTheTwoLastDigits() throws {
        // passlib: pbkdf2_sha256.using(rounds=1, salt=b"\xfb\xff").hash("a")
        let hash = try PasswordHashSyntax.parse("$pbkdf2-sha256$1$./8$745lZrKVoyWzmNT.ykzzuZETQW/4OZjXz24YTtlAx8Q").get()
        #expect(hash.rounds == 1)
        #expect(hash.salt == [0xFB, 0xFF])
        #expect(AdaptedBase64.encode(hash.salt) == "./8")
        #expect(AdaptedBase64.encode(hash.checksum) == "745lZrKVoyWzmNT.ykzzuZETQW/4OZjXz24YTtlAx8Q")
    }

    @Test func refusals() {
        #expect(PasswordHashSyntax.parse("secret") == .failure(.plaintext))
        #expect(PasswordHashSyntax.parse("$ecret") == .failure(.plaintext))
        #expect(PasswordHashSyntax.parse("$2b$12$abcdefghijklmnopqrstuv") == .failure(.otherScheme("bcrypt")))
        #expect(PasswordHashSyntax.parse("$6$salt$hash") == .failure(.otherScheme("sha512-crypt")))
        let checksum = "ehENs9pFB60eEj976.3OTSSVBoB7U8MWbgg4.6.9trU"
        for bad in [
            "$pbkdf2-sha256$0$R2hN6Z1zTmlNqTWGMGYsBQ$\(checksum)", "$pbkdf2-sha256$029000$R2hN$\(checksum)",
            "$pbkdf2-sha256$-5$R2hN$\(checksum)", "$pbkdf2-sha256$99999999999999999999$R2hN$\(checksum)",
            "$pbkdf2-sha256$29000$$\(checksum)", "$pbkdf2-sha256$29000$R2h=$\(checksum)", "$pbkdf2-sha256$29000$R2hN+A$\(checksum)",
            "$pbkdf2-sha256$29000$R2hN6$\(checksum)", "$pbkdf2-sha256$29000$R2hN$\(checksum.dropLast())",
            "$pbkdf2-sha256$29000$R2hN$\(checksum)AA", "$pbkdf2-sha256$29000$R2hN", "$pbkdf2-sha256$29000$R2hN$\(checksum)$x",
        ] {
            guard case .failure(.malformed) = PasswordHashSyntax.parse(bad) else {
                Issue.record("\(bad) should be malformed")
                continue
            }
        }
    }
}

@Suite struct SuggestionTests {
    @Test func closeWordsAreSuggested() {
        #expect(Suggestion.closest(to: "requierd", among: ["disabled", "enabled", "required"]) == "required")
        #expect(Suggestion.closest(to: "listner", among: ["listener", "within_domain"]) == "listener")
        #expect(Suggestion.closest(to: "intenet_sites", among: ["internet_sites", "host"]) == "internet_sites")
        #expect(Suggestion.closest(to: "Required", among: ["required"]) == "required")
        #expect(Suggestion.closest(to: "mb", among: UnitLiteral.size.unitNames) == "MB")
    }

    @Test func farWordsAreNot() {
        #expect(Suggestion.closest(to: "colour", among: ["host", "addresses", "tls"]) == nil)
        #expect(Suggestion.closest(to: "xy", among: ["to"]) == nil)
        #expect(Suggestion.closest(to: String(repeating: "x", count: 100_000), among: ["host"]) == nil)
    }

    @Test func distance() {
        #expect(Suggestion.editDistance("kitten", "sitting", limit: 10) == 3)
        #expect(Suggestion.editDistance("", "sitting", limit: 10) == 7)
        // Two neighbours swapped are one edit.
        #expect(Suggestion.editDistance("hbu", "hub", limit: 2) == 1)
        #expect(Suggestion.editDistance("prot", "port", limit: 2) == 1)
        // Lengths further apart than the limit stop early, at limit + 1.
        #expect(Suggestion.editDistance("a", "abcdef", limit: 2) == 3)
    }
}

@Suite struct CoreSchemaTests {
    @Test(arguments: [
        ("25", CoreKind.integer), ("-1", .integer), ("+7", .integer), ("0x19", .integer), ("0o31", .integer),
        ("25.0", .float), ("1e3", .float), (".5", .float), (".inf", .float), ("-.Inf", .float), (".nan", .float),
        ("true", .boolean), ("FALSE", .boolean), ("yes", .string), ("~", .null), ("null", .null), ("", .null),
        ("Infinity", .string), ("nan", .string), ("127.0.0.1", .string), ("10MiB", .string), ("1.2.3", .string), ("e3", .string),
    ])
    func plainScalars(text: String, kind: CoreKind) {
        #expect(Scalar(text).coreKind == kind)
    }

    @Test func quotedScalarsAreStrings() {
        #expect(Scalar("25", style: .doubleQuoted).coreKind == .string)
        #expect(Scalar("true", style: .singleQuoted).coreKind == .string)
        #expect(Scalar("25", tag: YAMLTag.str).coreKind == .string)
    }
}

/// Durations and CIDR ranges share the syntax helpers of sizes and addresses.
@Suite struct DurationAndRangeSyntaxTests {
    @Test func durationsAreSecondsAndPrintBackInTheirLargestUnit() {
        #expect(UnitLiteral.duration.value("2d") == .success(172_800))
        #expect(UnitLiteral.duration.value("15") == .failure(.malformed(unit: nil)))
        #expect(UnitLiteral.duration.value("15min") == .failure(.malformed(unit: "min")))
        #expect(UnitLiteral.duration.value("99999999999999999999s") == .failure(.tooLarge))
        #expect([30, 900, 5_400, 14_400, 86_400, 90_000].map(UnitLiteral.duration.text) == ["30s", "15m", "90m", "4h", "1d", "25h"])
    }

    @Test(arguments: ["10.0.0.0/8", "192.0.2.7/32", "0.0.0.0/0", "2001:db8::/32", "::/0", "::1/128"])
    func rangesAccepted(text: String) {
        #expect(IPAddressSyntax.isRange(Substring(text)))
    }

    @Test(arguments: ["10.0.0.0/33", "10.0.0.0/08", "10.0.0.0/", "/8", "10.0.0/8", "2001:db8::/129", "hub/8", "10.0.0.0/8/8", "10.0.0.0/-1"])
    func rangesRefused(text: String) {
        #expect(!IPAddressSyntax.isRange(Substring(text)))
    }
}

/// Messages name a scalar's kind as the core schema reads it, the same test
/// the decoder applies: `0x19` is an integer, `inf` a string, a quoted `25` a string.
@Suite struct KindDescriptionTests {
    @Test(arguments: [
        ("25", "an integer"), ("0x19", "an integer"), ("0o31", "an integer"), ("1e3", "a number"), (".inf", "a number"),
        ("inf", "a string"), ("nan", "a string"), ("true", "a boolean"), ("~", "null"), ("host", "a string"),
    ])
    func plainScalars(text: String, description: String) {
        #expect(Scalar(text).kindDescription == description)
    }

    @Test func quotedAndTaggedScalars() {
        #expect(Scalar("25", style: .doubleQuoted).kindDescription == "a string")
        #expect(Scalar("25", tag: YAMLTag.int).kindDescription == "an integer")
        #expect(Scalar("1.5", tag: YAMLTag.float).kindDescription == "a number")
    }
}
