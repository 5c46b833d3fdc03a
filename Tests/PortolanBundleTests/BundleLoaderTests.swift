import Foundation
import PortolanBundle
import Testing

@Suite struct BundleLoaderTests {
    static func sampleBundle() -> HostBundle {
        HostBundle(
            compiler: "test", server: ServerIdentity(name: "hub", hierarchicalName: "hub/Acme", host: "hub.acme.example", organization: "Acme"),
            localDomains: ["acme.example"],
            listeners: [ListenerSpec(address: nil, port: 25, security: .plain, starttls: "enabled")],
            internetSites: false, sites: [],
            auth: PortAuthSpec(
                tcp: AuthOptionsSpec(clientCertificate: false, namePassword: true, anonymous: true),
                ssl: AuthOptionsSpec(clientCertificate: false, namePassword: true, anonymous: true)),
            authenticatedUsers: true, access: AccessSpec(enforce: false), relay: .dominoDefault, users: [], tls: nil,
            limits: Limits(maxMessageSize: 1024),
            outbound: OutboundSpec(tcpPort: 25, tcpMode: "enabled", sslPort: nil, relay: nil, relayAuth: "disabled", routes: [], withinDomain: false))
    }

    /// Writes `out/hub/bundle.json` and `out/manifest.json`; returns the bundle folder.
    static func write(_ bundleBytes: [UInt8], digest: String? = nil) throws -> URL {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("portolan-bundle-\(UUID().uuidString)")
        let folder = out.appendingPathComponent("hub")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(bundleBytes).write(to: folder.appendingPathComponent("bundle.json"))
        let manifest = Manifest(
            compiler: "test", sources: "0",
            bundles: [.init(server: "hub", path: "hub/bundle.json", sha256: digest ?? BundleCodec.sha256(bundleBytes))])
        try Data(BundleCodec.encode(manifest)).write(to: out.appendingPathComponent("manifest.json"))
        return folder
    }

    @Test func loadsWhatTheCodecWrote() throws {
        let folder = try Self.write(BundleCodec.encode(Self.sampleBundle()))
        #expect(try BundleLoader.load(directory: folder.path) == Self.sampleBundle())
    }

    @Test func encodingIsDeterministic() throws {
        #expect(BundleCodec.encode(Self.sampleBundle()) == BundleCodec.encode(Self.sampleBundle()))
    }

    @Test func refusesADigestMismatch() throws {
        let folder = try Self.write(BundleCodec.encode(Self.sampleBundle()), digest: String(repeating: "0", count: 64))
        #expect { try BundleLoader.load(directory: folder.path) } throws: { error in
            "\(error)".contains("does not match the manifest")
        }
    }

    @Test func refusesAnUnknownFormat() throws {
        var bundle = Self.sampleBundle()
        bundle.format = "portolan.bundle/99"
        let folder = try Self.write(try BundleCodec.encode(bundle))
        #expect { try BundleLoader.load(directory: folder.path) } throws: { error in
            "\(error)".contains("portolan.bundle/99")
        }
    }
}
