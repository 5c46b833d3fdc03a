import PortolanBundle
import PortolanCompiler
import Testing

/// What lowering puts into a host's bundle: its sockets, how each peer it
/// sends to listens, and key ring paths that name no folder of the build machine.
@Suite struct BundleLoweringTests {
    static let fixture = YAMLFixture("""
    portolan: 1
    organization: Acme
    internet_domains: [Acme.Example]
    servers:
      hub:
        host: hub.acme.example
        addresses: [192.0.2.2, 192.0.2.1]
        tls: { certificate: tls/hub.pem, key: /etc/pki/hub.key }
        smtp:
          inbound:
            tcp: { port: 26 }
            ssl: { enabled: true }
            starttls: enabled
      spoke:
        host: spoke.acme.example
        smtp:
          listener: false
          outbound:
            tcp: { port: 26, mode: starttls }
            relay: hub
    """, file: "conf/estate.yaml")

    static func bundle(_ name: String) throws -> HostBundle {
        #expect(fixture.decodeDiagnostics.isEmpty && fixture.diagnostics.isEmpty, "\(fixture.describe(fixture.diagnostics))")
        let bundles = BundleLowering.bundles(of: Model(fixture.topology), out: "build/out", workingDirectory: "/srv/mail")
        return try #require(bundles.first { $0.server.name == name })
    }

    @Test func keyRingPathsAreRelativeToTheBundleFolderUnlessWrittenAbsolute() throws {
        let hub = try Self.bundle("hub")
        #expect(hub.tls == TLSFiles(certificate: "../../../conf/tls/hub.pem", key: "/etc/pki/hub.key"))
        let resolved = hub.resolvingFilePaths(relativeTo: "/srv/mail/build/out/hub").tls
        #expect(resolved == TLSFiles(certificate: "/srv/mail/conf/tls/hub.pem", key: "/etc/pki/hub.key"))
    }

    @Test func everyAddressAndPortIsOneListenerSortedByPortThenAddress() throws {
        #expect(try Self.bundle("hub").listeners == [
            ListenerSpec(address: "192.0.2.1", port: 26, security: .plain, starttls: "enabled"),
            ListenerSpec(address: "192.0.2.2", port: 26, security: .plain, starttls: "enabled"),
            ListenerSpec(address: "192.0.2.1", port: 465, security: .implicitTLS, starttls: "disabled"),
            ListenerSpec(address: "192.0.2.2", port: 465, security: .implicitTLS, starttls: "disabled"),
        ])
    }

    @Test func aSenderKnowsHowItsRelayHostListens() throws {
        let spoke = try Self.bundle("spoke")
        #expect(spoke.listeners.isEmpty)
        #expect(spoke.localDomains == ["acme.example"])
        #expect(spoke.outbound.relay == PeerSpec(
            name: "hub", kind: "server", host: "hub.acme.example", address: "192.0.2.2", tcpPort: 26, sslPort: 465,
            starttls: "enabled"))
        #expect(spoke.outbound.tcpPort == 26 && spoke.outbound.tcpMode == "starttls")
    }
}
