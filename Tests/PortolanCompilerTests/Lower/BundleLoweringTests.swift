import PortolanBundle
import PortolanCompiler
import Testing

/// What lowering puts into a host's bundle: its sockets, how each peer it
/// sends to listens, and key ring paths that name no folder of the build machine.
@Suite struct BundleLoweringTests {
    static let fixture = YAMLFixture(
        Estate.yaml(internetDomains: "Acme.Example", servers: [
            .server(
                "hub", ["addresses: [192.0.2.2, 192.0.2.1]", "tls: { certificate: tls/hub.pem, key: /etc/pki/hub.key }"],
                inbound: ["tcp: { port: 26 }", "ssl: { enabled: true }", "starttls: enabled"]),
            .server(
                "spoke", ["addresses: [192.0.2.21]"], smtp: ["listener: false"],
                outbound: ["tcp: { port: 26, mode: starttls }", "relay: hub"]),
        ]),
        file: "conf/estate.yaml")

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

    /// What a build records of where its output folder lies changes when the
    /// bundles' key ring paths do, and not when the sources and the output
    /// folder move together.
    @Test func theInputsFollowTheKeyRingPathsOfTheBundles() throws {
        let model = Model(Self.fixture.topology)
        func lowered(out: String, in directory: String) -> (inputs: BuildInputs, bundles: [HostBundle]) {
            (BundleLowering.inputs(of: model, sourcesDigest: "s", out: out, workingDirectory: directory),
             BundleLowering.bundles(of: model, out: out, workingDirectory: directory))
        }
        let built = lowered(out: "build/out", in: "/srv/mail")
        #expect(built.inputs == BuildInputs(sources: "s", keyRingFolders: ["conf\0tls\0../../conf/tls"]))
        let together = lowered(out: "build/out", in: "/home/ops/mail")
        #expect(together.inputs == built.inputs && together.bundles == built.bundles)
        let absolute = lowered(out: "/srv/mail/build/out", in: "/srv/mail")
        #expect(absolute.inputs == built.inputs && absolute.bundles == built.bundles)
        let deeper = lowered(out: "build/x/out", in: "/srv/mail")
        #expect(deeper.inputs.keyRingFolders == ["conf\0tls\0../../../conf/tls"])
        #expect(deeper.bundles != built.bundles)
    }

    /// A key ring path that climbs above every folder it starts from stops at
    /// the root, so how far the bundle's path climbs depends on where the
    /// sources lie, even when the output folder moves with them.
    @Test func theInputsFollowAKeyRingPathThatClimbsToTheRoot() throws {
        let climbing = YAMLFixture(Self.fixture.source.replacingOccurrences(of: "tls/hub.pem", with: "../../../../pki/hub.pem"),
                                   file: "conf/estate.yaml")
        let model = Model(climbing.topology)
        func lowered(in directory: String) -> (inputs: BuildInputs, tls: TLSFiles?) {
            (BundleLowering.inputs(of: model, sourcesDigest: "s", out: "build/out", workingDirectory: directory),
             BundleLowering.bundles(of: model, out: "build/out", workingDirectory: directory).first?.tls)
        }
        let shallow = lowered(in: "/srv/mail")
        let deep = lowered(in: "/home/ops/mail")
        #expect(shallow.tls?.certificate == "../../../../../pki/hub.pem")
        #expect(deep.tls?.certificate == "../../../../../../pki/hub.pem")
        #expect(shallow.inputs != deep.inputs)
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
