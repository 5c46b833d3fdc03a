import Testing

/// PT305–PT308, PT312 and PT313: TLS, STARTTLS, ports and host names of one server.
@Suite struct ServerTLSTests {
    static func server(_ inbound: String..., tls: Bool = false, host: String = "hub.acme.example") -> YAMLFixture {
        YAMLFixture(Estate.yaml(servers: [
            .server("hub", host: host, [tls ? Estate.hubTLS : "internet_sites: false"], inbound: inbound),
        ]))
    }

    @Test func sslWithoutKeyRingGivesPT305() {
        Self.server("ssl: { enabled: true }").expectOne("PT305", at: Mark(9, 25, "true"))
    }

    @Test func sslWithKeyRingIsFine() {
        Self.server("ssl: { enabled: true }", tls: true).expectNone("PT305")
    }

    @Test func startTLSOnDisabledTCPGivesPT306() {
        let fixture = Self.server("starttls: enabled", "tcp: { enabled: false }", tls: true)
        fixture.expectOne("PT306", at: Mark(9, 19, "enabled"), note: Mark(10, 25, "false"))
    }

    @Test func startTLSOnEnabledTCPIsFine() {
        Self.server("starttls: enabled", tls: true).expectNone("PT306")
    }

    @Test func requiredStartTLSGivesPT307() {
        Self.server("starttls: required", tls: true).expectOne("PT307", at: Mark(9, 19, "required"))
    }

    @Test func enabledStartTLSGivesNoPT307() {
        Self.server("starttls: enabled", tls: true).expectNone("PT307")
    }

    /// SMTP on POP3's port 110, with POP3 enabled or not.
    static func smtpOn110(pop3: Bool) -> YAMLFixture {
        YAMLFixture(Estate.yaml(servers: [
            .server("hub", ["smtp: { inbound: { tcp: { port: 110 } } }", "ports: { pop3: { tcp: { enabled: \(pop3) } } }"]),
        ]))
    }

    @Test func portClashAcrossProtocolsGivesPT308() {
        let fixture = Self.smtpOn110(pop3: true)
        let diagnostic = fixture.expectOne("PT308", at: Mark(7, 22, "tcp"), note: Mark(6, 37, "110"))
        #expect(diagnostic?.message == "hub binds port 110 twice: SMTP TCP and POP3 TCP")
    }

    @Test func disabledPortsNeverClash() {
        Self.smtpOn110(pop3: false).expectNone("PT308")
    }

    @Test func shortHostNameGivesPT312() {
        Self.server("starttls: disabled", host: "hub").expectOne("PT312", at: Mark(5, 11, "hub"))
    }

    @Test func serverWithoutSMTPNeedsNoHostName() {
        YAMLFixture(Estate.yaml(servers: ["quiet: { smtp: { listener: false } }"])).expectNone("PT312")
    }

    @Test func passwordsOnPlainTCPGivePT313() {
        let fixture = Self.server("auth: { tcp: { name_password: true } }")
        fixture.expectOne("PT313", at: Mark(8, 7, "inbound"), note: Mark(9, 39, "true"))
    }

    @Test func passwordsWithStartTLSAreFine() {
        let fixture = Self.server("auth: { tcp: { name_password: true } }", "starttls: enabled", tls: true)
        fixture.expectNone("PT313")
    }
}
