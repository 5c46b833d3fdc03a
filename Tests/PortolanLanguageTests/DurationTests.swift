import Testing
@testable import PortolanLanguage

/// `smtp.outbound.retry`: duration literals (PT110) and their order.
@Suite struct DurationTests {
    func retry(_ body: String) -> Decoded {
        decode(header + "servers:\n  hub:\n    smtp:\n      outbound:\n        retry: \(body)\n")
    }

    @Test func defaultsAreFifteenMinutesFourHoursADay() throws {
        let result = decode(header + "servers:\n  hub: {}\n")
        let schedule = try #require(result.server?.smtp.outbound.retry)
        #expect([schedule.initial.value, schedule.longest.value, schedule.lifetime.value] == [900, 14_400, 86_400])
        #expect(schedule.initial.isExplicit == false)
        #expect(schedule.initial.isRefused == false)
    }

    @Test(arguments: [("30s", 30), ("15m", 900), ("4h", 14_400), ("1d", 86_400), ("0090s", 90)])
    func literals(text: String, seconds: Int) throws {
        let result = retry("{ initial: \(text), longest: 4d, lifetime: 5d }")
        #expect(result.diagnostics.isEmpty, "\(result.places)")
        let initial = try #require(result.server?.smtp.outbound.retry.initial)
        #expect(initial.value == seconds)
        #expect(result.place(initial.span) == "t.yaml:7:27")
    }

    /// Near misses of PT110: equal values are in order, a quoted literal is a literal.
    @Test func equalValuesAndQuotesAreFine() {
        #expect(retry("{ initial: 4h, longest: 4h, lifetime: 4h }").diagnostics.isEmpty)
        #expect(retry("{ initial: \"15m\", longest: '2h', lifetime: 240m }").diagnostics.isEmpty)
    }

    @Test(arguments: ["900", "\"900\"", "-15m", "''", "1.5h", "15M", "15 m", "15min", "m", "0s", "99999999999999999999s", "9999999999999999d"])
    func badLiterals(text: String) throws {
        let result = retry("{ initial: \(text) }")
        #expect(result.places == ["PT110@7:27"], "\(text)")
        #expect(result.server?.smtp.outbound.retry.initial.value == 900)
        #expect(result.server?.smtp.outbound.retry.initial.isRefused == true)
    }

    @Test func helpsSayWhatToWrite() {
        #expect(retry("{ initial: 900 }").only("PT110")?.help == "add a unit: '900s' is 900 seconds")
        #expect(retry("{ initial: 15M }").only("PT110")?.help == "did you mean '15m'?")
        #expect(retry("{ initial: 15M }").only("PT110")?.message == "servers.hub.smtp.outbound.retry.initial is '15M', not a duration literal")
        #expect(retry("{ initial: 1.5h }").only("PT110")?.help
            == "write a whole number and one of s, m, h, d (no sign, no fraction), e.g. 15m")
    }

    @Test func wrongTypeIsPT102() {
        #expect(retry("{ initial: true }").places == ["PT102@7:27"])
        #expect(retry("[15m]").places == ["PT102@7:16"])
    }

    @Test func outOfOrderIsPT110AtTheValueThatBreaksIt() throws {
        let both = retry("{ initial: 1h, longest: 30m }")
        #expect(both.places == ["PT110@7:40"])
        let diagnostic = try #require(both.only("PT110"))
        #expect(diagnostic.message == "the retry schedule of hub is out of order: longest is 30m, shorter than initial (1h)")
        #expect(diagnostic.notes.map { "\($0.message) @\(both.place($0.span) ?? "")" } == ["initial is 1h here @t.yaml:7:27"])
        #expect(diagnostic.help == "retry needs initial ≤ longest ≤ lifetime: set longest to at least 1h, or change initial")

        let againstDefault = retry("{ initial: 5h }")
        #expect(againstDefault.places == ["PT110@7:27"])
        #expect(againstDefault.only("PT110")?.message
            == "the retry schedule of hub is out of order: initial is 5h, longer than longest (4h (the default))")
        #expect(againstDefault.place(againstDefault.only("PT110")?.notes.first?.span) == "t.yaml:7:9")

        #expect(retry("{ lifetime: 2h }").places == ["PT110@7:28"])
    }

    @Test func aRefusedValueIsNotComparedAgain() {
        #expect(retry("{ initial: 1h, longest: 30 }").places == ["PT110@7:40"])
        #expect(retry("{ initial: 1h, longest: 30 }").only("PT110")?.message.contains("out of order") == false)
    }

    @Test func aScheduleSharedThroughDefaultsIsReportedOnce() {
        let result = decode(header + """
            defaults:
              server: { smtp: { outbound: { retry: { lifetime: 1h } } } }
            servers:
              a: {}
              b: {}
              c: { smtp: { outbound: { retry: { lifetime: 5h } } } }
            """)
        #expect(result.places == ["PT110@4:52"])
    }
}
