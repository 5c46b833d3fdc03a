import Testing
@testable import PortolanLanguage

/// PT104 (ranges), PT105 (choices) and PT109 (sizes).
@Suite struct RangeTests {
    func port(_ value: String) -> Decoded {
        decode(header + "servers:\n  hub: { smtp: { inbound: { tcp: { port: \(value) } } } }\n")
    }

    @Test(arguments: ["0", "70000", "-1", "65536", "99999999999999999999", "-99999999999999999999"])
    func outOfRange(value: String) {
        #expect(port(value).places == ["PT104@4:42"])
    }

    @Test func messageNamesTheValueAndTheRange() {
        #expect(port("70000").only("PT104")?.message == "servers.hub.smtp.inbound.tcp.port is 70000, out of range 1-65535")
    }

    @Test(arguments: ["1", "25", "65535", "+26"])
    func inRange(value: String) {
        #expect(port(value).diagnostics.isEmpty)
    }

    @Test func everyPortIsChecked() {
        let result = decode(header + """
            servers:
              hub:
                ports: { imap: { ssl: { port: 0 } } }
                smtp: { outbound: { tcp: { port: 70000 }, ssl: { port: -1 } } }
            external: { isp: { host: smtp.isp.example, inbound: { tcp: 0, ssl: 65536 } } }
            """)
        #expect(result.places == ["PT104@5:35", "PT104@6:38", "PT104@6:60", "PT104@7:60", "PT104@7:68"])
    }

    @Test func maxMessageSizeMustBePositive() {
        for value in ["0", "-5", "0MB"] {
            let result = decode(header + "servers:\n  hub: { smtp: { inbound: { max_message_size: \(value) } } }\n")
            #expect(result.places == ["PT104@4:47"], "\(value)")
        }
    }
}

@Suite struct ChoiceTests {
    func starttls(_ value: String) -> Decoded {
        decode(header + "servers:\n  hub: { smtp: { inbound: { starttls: \(value) } } }\n")
    }

    @Test func misspeltChoiceGetsASuggestion() throws {
        let result = starttls("requierd")
        #expect(result.places == ["PT105@4:39"])
        let diagnostic = try #require(result.only("PT105"))
        #expect(diagnostic.message == "servers.hub.smtp.inbound.starttls is 'requierd', not one of disabled, enabled, required")
        #expect(diagnostic.help == "did you mean 'required'?")
        #expect(result.server?.smtp.inbound.starttls.value == .disabled)
        #expect(result.server?.smtp.inbound.starttls.isExplicit == false)
    }

    @Test func farChoiceListsTheValues() {
        #expect(starttls("true").only("PT105")?.help == "write one of disabled, enabled, required")
        #expect(starttls("~").places == ["PT102@4:39"])
        #expect(starttls("[required]").places == ["PT102@4:39"])
    }

    @Test(arguments: ["disabled", "enabled", "required", "\"required\""])
    func validChoices(value: String) {
        #expect(starttls(value).diagnostics.isEmpty)
    }

    @Test func everyChoiceIsChecked() {
        let result = decode(header + """
            servers:
              hub: { smtp: { outbound: { tcp: { mode: startls }, relay_auth: Required } } }
            sites:
              s: { protocol: smpt }
            """)
        #expect(result.places == ["PT105@4:43", "PT105@4:66", "PT105@6:18"])
        #expect(result.diagnostics.map(\.help) == ["did you mean 'starttls'?", "did you mean 'required'?", "did you mean 'smtp'?"])
        #expect(result.topology.sites.isEmpty)
    }
}

@Suite struct SizeTests {
    func size(_ value: String) -> Decoded {
        decode(header + "servers:\n  hub: { smtp: { inbound: { max_message_size: \(value) } } }\n")
    }

    @Test(arguments: [
        ("10MiB", 10_485_760), ("512KiB", 524_288), ("1GiB", 1_073_741_824), ("10MB", 10_000_000), ("1048576", 1_048_576),
        ("\"1048576\"", 1_048_576), ("10 MiB", 10_485_760),
    ])
    func validSizes(value: String, bytes: Int) {
        let result = size(value)
        #expect(result.diagnostics.isEmpty)
        #expect(result.server?.smtp.inbound.maxMessageSize.value == bytes)
    }

    @Test(arguments: ["10 parsecs", "-5MB", "1.5MB", "MB", "25.0", "1e3", "\"\""])
    func invalidSizes(value: String) {
        #expect(size(value).places == ["PT109@4:47"])
    }

    @Test func misspeltUnitGetsASuggestion() throws {
        let result = size("10mib")
        let diagnostic = try #require(result.only("PT109"))
        #expect(diagnostic.message == "servers.hub.smtp.inbound.max_message_size is '10mib', not a size literal")
        #expect(diagnostic.help == "did you mean '10MiB'?")
        #expect(result.server?.smtp.inbound.maxMessageSize.value == 10 * 1024 * 1024)
    }

    @Test func tooLargeIsPT104() {
        #expect(size("99999999999GiB").places == ["PT104@4:47"])
        #expect(size("99999999999999999999").places == ["PT104@4:47"])
    }

    @Test func booleanIsAWrongType() {
        #expect(size("true").places == ["PT102@4:47"])
    }
}
