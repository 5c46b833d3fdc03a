import PortolanCompiler
import PortolanLanguage
import Testing

/// Estates far larger than any fixture: the cross-server checks must stay linear
/// in servers and edges (no time is asserted, an all-pairs check would take minutes).
@Suite struct ScaleTests {
    static let template = YAMLFixture("""
    portolan: 1
    organization: Acme
    defaults: { server: { smtp: { within_domain: true } } }
    servers:
      template: { host: template.acme.example }
    """).topology

    @Test func tenThousandWithinDomainServersWithOneOddListener() {
        var topology = Self.template
        topology.servers = Estate.servers(10_000, like: Self.template.servers[0]) { index, server in
            if index == 9_999 { server.smtp.inbound.tcp.port = Located(26, at: server.name.span) }
        }
        let diagnostics = Checker.check(topology)
        let differentPorts = diagnostics.filter { $0.code.rawValue == "PT402" }
        #expect(differentPorts.count == 9_999)
        #expect(differentPorts.first?.message
            == "s0 sends to peers on different ports with one outbound port: 25 (s1 and 9997 more), 26 (s9999)")
        #expect(diagnostics.count == 9_999)
    }

    @Test func tenThousandWithinDomainServersAgreeingOnPortsAreClean() {
        var topology = Self.template
        topology.servers = Estate.servers(10_000, like: Self.template.servers[0])
        #expect(Checker.check(topology).isEmpty)
    }
}
