import Testing
@testable import PortolanLanguage

/// PT103 for keys inside objects, and what is left out when an object cannot be built.
@Suite struct RequiredKeyTests {
    @Test func routeWithoutDestinationIsReportedAtTheRouteAndLeftOut() throws {
        let result = decode(header + """
            servers:
              hub:
                smtp:
                  outbound:
                    routes:
                      - domains: [branch.acme.example]
                      - to: isp
                        domains: [isp.example]
            """)
        #expect(result.places == ["PT103@8:13"])
        let diagnostic = try #require(result.only("PT103"))
        #expect(diagnostic.message == "missing required key 'to' in servers.hub.smtp.outbound.routes[0]")
        #expect(result.server?.smtp.outbound.routes.map(\.to.value) == ["isp"])
        #expect(result.server?.smtp.outbound.routes.first?.domains.map(\.value) == ["isp.example"])
    }

    @Test func siteWithoutProtocolIsReportedAtItsNameAndLeftOut() {
        let result = decode(header + "sites:\n  mail: { servers: [hub] }\n  web: { protocol: http }\n")
        #expect(result.places == ["PT103@4:3"])
        #expect(result.topology.sites.map(\.name.value) == ["web"])
    }

    @Test func keyRingWithoutKeyIsReportedAtTls() {
        let result = decode(header + "servers:\n  hub:\n    tls: { certificate: hub.pem }\n")
        #expect(result.places == ["PT103@5:5"])
        #expect(result.server?.tls == nil)
    }

    @Test func externalHostWithoutHostIsStillDefined() {
        let result = decode(header + "external:\n  isp: { inbound: { tcp: 587 } }\n")
        #expect(result.places == ["PT103@4:3"])
        #expect(result.only("PT103")?.help == "add 'host:' with the host's fully qualified name")
        #expect(result.topology.externals.first?.host == nil)
        #expect(result.topology.externals.first?.inbound.tcp?.value == 587)
    }

    @Test func requiredKeyWithABadValueIsNotAlsoMissing() {
        let result = decode(header + "sites:\n  mail: { protocol: 25 }\n")
        #expect(result.places == ["PT105@4:21"])
    }
}
