import PortolanDiagnostics
import Testing
@testable import PortolanLanguage

/// Domino's defaults, and `defaults.server`.
@Suite struct DefaultsTests {
    @Test func serverWithOnlyAHostGetsEveryDominoDefault() throws {
        let result = decode(header + "servers:\n  hub:\n    host: hub.acme.example\n")
        #expect(result.diagnostics.isEmpty)
        let server = try #require(result.server)
        let name = server.name.span
        #expect(result.lineColumn(server.name.span) == "4:3")
        #expect(server.addresses.isEmpty && server.tls == nil)
        #expect(server.access.allow.isEmpty && server.access.deny.isEmpty && server.access.span == nil)
        expect(server.internetSites, false, at: name)
        for ports in server.ports {
            expect(ports.tcp.port, ports.proto.defaultPorts.tcp, at: name)
            expect(ports.ssl.port, ports.proto.defaultPorts.ssl, at: name)
            expect(ports.tcp.enabled, false, at: name)
            expect(ports.ssl.enabled, false, at: name)
        }
        #expect(server.ports.map(\.proto) == [.pop3, .imap, .http, .ldap])
        let smtp = server.smtp
        #expect(smtp.span == name)
        expect(smtp.listener, true, at: name)
        expect(smtp.withinDomain, false, at: name)
        expect(smtp.inbound.tcp.port, 25, at: name)
        expect(smtp.inbound.tcp.enabled, true, at: name)
        expect(smtp.inbound.ssl.port, 465, at: name)
        expect(smtp.inbound.ssl.enabled, false, at: name)
        expect(smtp.inbound.starttls, .disabled, at: name)
        expect(smtp.inbound.enforceServerAccess, false, at: name)
        expect(smtp.inbound.authenticatedUsers, true, at: name)
        expect(smtp.inbound.maxMessageSize, 10 * 1024 * 1024, at: name)
        #expect(smtp.inbound.auth == nil)
        expect(smtp.outbound.tcpPort, 25, at: name)
        expect(smtp.outbound.tcpMode, .enabled, at: name)
        expect(smtp.outbound.ssl.port, 465, at: name)
        expect(smtp.outbound.ssl.enabled, false, at: name)
        expect(smtp.outbound.relayAuth, .disabled, at: name)
        #expect(smtp.outbound.relay == nil && smtp.outbound.routes.isEmpty)
    }

    @Test func defaultsPointAtTheNearestKeyTheServerWrote() throws {
        let result = decode(header + "servers:\n  hub:\n    smtp:\n      inbound:\n        starttls: enabled\n")
        let server = try #require(result.server)
        #expect(result.place(server.smtp.inbound.tcp.port.span) == "t.yaml:6:7")
        #expect(result.place(server.smtp.outbound.tcpPort.span) == "t.yaml:5:5")
        #expect(server.smtp.inbound.starttls.isExplicit && result.place(server.smtp.inbound.starttls.span) == "t.yaml:7:19")
        #expect(result.place(server.smtp.inbound.span) == "t.yaml:7:9")
    }

    @Test func writtenAuthGetsDominoDefaultsInside() throws {
        let result = decode(header + "servers:\n  hub: { smtp: { inbound: { auth: { tcp: { name_password: true } } } } }\n")
        let auth = try #require(result.server?.smtp.inbound.auth)
        #expect(auth.tcp.namePassword.value && auth.tcp.namePassword.isExplicit)
        #expect(!auth.tcp.clientCertificate.value && auth.tcp.anonymous.value)
        #expect(!auth.ssl.clientCertificate.value && !auth.ssl.namePassword.value && auth.ssl.anonymous.value)
    }

    @Test func siteDefaults() throws {
        let result = decode(header + "sites:\n  mail:\n    protocol: smtp\n")
        let site = try #require(result.topology.sites.first)
        let name = site.name.span
        expect(site.organization, "Acme", at: name)
        #expect(site.servers.isEmpty && site.hosts.isEmpty && site.tls == nil && !site.hostedEverywhere)
        for (options, certificate) in [(site.security.tcp, false), (site.security.ssl, false)] {
            expect(options.clientCertificate, certificate, at: name)
            expect(options.namePassword, true, at: name)
            expect(options.anonymous, true, at: name)
        }
    }

    @Test func siteOrganizationAndHostedEverywhere() throws {
        let result = decode(header + "sites:\n  s: { protocol: imap, organization: Umbrella, servers: [\"*\"] }\n")
        let site = try #require(result.topology.sites.first)
        #expect(site.organization.value == "Umbrella" && site.organization.isExplicit)
        #expect(site.hostedEverywhere && site.proto.value == .imap)
    }

    @Test func userNameDefaultsToKeySlashOrganization() throws {
        let result = decode(header + "users:\n  alice: { internet_address: alice@acme.example }\n  bob: { name: Robert/Sales/Acme }\n")
        #expect(result.diagnostics.isEmpty)
        let alice = try #require(result.topology.users.first), bob = try #require(result.topology.users.last)
        expect(alice.hierarchicalName, "alice/Acme", at: alice.name.span)
        #expect(alice.internetAddress?.value == "alice@acme.example" && alice.password == nil)
        #expect(bob.hierarchicalName.value == "Robert/Sales/Acme" && bob.hierarchicalName.isExplicit)
    }

    @Test func externalHostDefaults() throws {
        let result = decode(header + """
            external:
              isp: { host: smtp.isp.example }
              partner: { host: mx.partner.example, inbound: { tcp: false, ssl: 465, starttls: true } }
            """)
        #expect(result.diagnostics.isEmpty)
        let isp = try #require(result.topology.externals.first), partner = try #require(result.topology.externals.last)
        #expect(isp.inbound.tcp?.value == 25 && isp.inbound.tcp?.isExplicit == false && isp.inbound.ssl == nil)
        expect(isp.inbound.starttls, false, at: isp.name.span)
        expect(isp.inbound.anonymous, true, at: isp.name.span)
        expect(isp.inbound.namePassword, false, at: isp.name.span)
        #expect(partner.inbound.tcp == nil && partner.inbound.ssl?.value == 465 && partner.inbound.starttls.value)
    }

    @Test func groupsKeepTheirMembers() throws {
        let result = decode(header + "groups:\n  admins: [alice, \"*/Acme\", staff]\n")
        let group = try #require(result.topology.groups.first)
        #expect(group.members.map(\.value) == ["alice", "*/Acme", "staff"])
        #expect(result.place(group.span) == "t.yaml:4:11")
    }

    /// Checks that `located` is the default `value`, implied at `span`.
    func expect<Value: Equatable>(
        _ located: Located<Value>, _ value: Value, at span: SourceSpan, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(located.value == value, sourceLocation: sourceLocation)
        #expect(!located.isExplicit, "\(value) should be implied", sourceLocation: sourceLocation)
        #expect(located.span == span, "\(value) should point at \(span.start.offset), not \(located.span.start.offset)", sourceLocation: sourceLocation)
    }
}
