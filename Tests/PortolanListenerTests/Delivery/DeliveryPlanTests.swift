import Foundation
import PortolanBundle
import PortolanListener
import Testing

/// The sender's one outbound setting, applied to one peer.
@Suite struct DeliveryPlanTests {
    static let hub = PeerSpec(
        name: "hub", kind: "server", host: "hub.acme.example", address: "127.0.0.10", tcpPort: 25, sslPort: 465, starttls: "enabled")
    static let branch = PeerSpec(
        name: "branch", kind: "external", host: "mx.branch.example", address: nil, tcpPort: 25, sslPort: nil, starttls: "disabled")
    static let login = RelayLoginSpec(user: "spoke-relay@acme.example", passwordFile: "relay.secret")

    static func outbound(
        tcpMode: String = "enabled", sslPort: Int? = nil, relayAuth: String = "disabled", login: RelayLoginSpec? = nil
    ) -> OutboundSpec {
        OutboundSpec(
            tcpPort: 25, tcpMode: tcpMode, sslPort: sslPort, relay: hub, relayAuth: relayAuth, relayLogin: login,
            routes: [RouteSpec(domains: ["branch.example"], peer: branch)], withinDomain: false)
    }

    typealias Endpoint = DeliveryPlan.Endpoint

    @Test(arguments: [
        // SSL first when enabled, then TCP unless disabled.
        ("enabled", 465, hub, [Endpoint(host: "127.0.0.10", port: 465, security: .implicitTLS),
                               Endpoint(host: "127.0.0.10", port: 25, security: .plain(startTLS: false))]),
        ("starttls", nil, hub, [Endpoint(host: "127.0.0.10", port: 25, security: .plain(startTLS: true))]),
        ("disabled", 465, hub, [Endpoint(host: "127.0.0.10", port: 465, security: .implicitTLS)]),
        ("disabled", nil, hub, []),
        // What the peer is known to listen on does not change the plan: the
        // wire answers (a refused SSL port hands on to TCP), as for Domino.
        // Without an address, the peer's host name.
        ("enabled", 466, hub, [Endpoint(host: "127.0.0.10", port: 466, security: .implicitTLS),
                               Endpoint(host: "127.0.0.10", port: 25, security: .plain(startTLS: false))]),
        ("enabled", 465, branch, [Endpoint(host: "mx.branch.example", port: 465, security: .implicitTLS),
                                  Endpoint(host: "mx.branch.example", port: 25, security: .plain(startTLS: false))]),
    ] as [(String, Int?, PeerSpec, [Endpoint])])
    func endpointsFollowTheOutboundSetting(mode: String, sslPort: Int?, peer: PeerSpec, expected: [Endpoint]) {
        let plan = DeliveryPlan(outbound: Self.outbound(tcpMode: mode, sslPort: sslPort), peer: peer, heloName: "spoke.acme.example")
        #expect(plan.endpoints == expected)
        #expect(plan.serverName == peer.host)
        #expect(plan.heloName == "spoke.acme.example")
    }

    @Test func portOffsetAddressAndSourceApplyToEveryEndpoint() {
        let plan = DeliveryPlan(
            outbound: Self.outbound(sslPort: 465), peer: Self.hub, heloName: "spoke.acme.example", portOffset: 10_000, address: "127.0.0.1",
            sourceAddress: "127.0.0.21")
        #expect(plan.endpoints == [
            Endpoint(host: "127.0.0.1", port: 10_465, security: .implicitTLS),
            Endpoint(host: "127.0.0.1", port: 10_025, security: .plain(startTLS: false)),
        ])
        #expect(plan.sourceAddress == "127.0.0.21")
        #expect(plan.serverName == "hub.acme.example")
        #expect(plan.certificateAuthorities == nil)
    }

    @Test func relayAuthIsForTheRelayHostOnly() {
        let credentials = Credentials(user: "spoke-relay@acme.example", password: "pw")
        func authentication(_ relayAuth: String, peer: PeerSpec = Self.hub, password: String? = "pw", login: RelayLoginSpec? = Self.login)
            -> DeliveryPlan.Authentication
        {
            DeliveryPlan(outbound: Self.outbound(relayAuth: relayAuth, login: login), peer: peer, heloName: "s", password: password).authentication
        }
        #expect(authentication("required") == .required(credentials))
        #expect(authentication("enabled") == .whenOffered(credentials))
        #expect(authentication("disabled") == .none)
        #expect(authentication("required", peer: Self.branch) == .none)
        #expect(authentication("enabled", peer: Self.branch) == .none)
        // Without a password (or a login) `required` still fails at auth, `enabled` goes on anonymously.
        #expect(authentication("required", password: nil) == .required(nil))
        #expect(authentication("required", login: nil) == .required(nil))
        #expect(authentication("enabled", password: nil) == .none)
    }

    @Test func credentialsNeverShowThePassword() {
        let plan = DeliveryPlan(
            outbound: Self.outbound(relayAuth: "required", login: Self.login), peer: Self.hub, heloName: "s", password: "hunter2")
        #expect(!"\(plan)".contains("hunter2"))
        #expect(!String(reflecting: plan).contains("hunter2"))
        #expect("\(plan)".contains("spoke-relay@acme.example"))
    }
}

/// The relay password, read from its file on the host.
@Suite struct RelayPasswordTests {
    @Test func readsTheFileWithoutItsLineEndAndNamesAMissingOne() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portolan-relay-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for (content, expected) in [("secret\n", "secret"), ("secret\r\n", "secret"), ("se cret", "se cret"), ("two\n\n", "two\n")] {
            try Data(content.utf8).write(to: folder.appendingPathComponent("relay.secret"))
            #expect(try RelayPassword.read(RelayLoginSpec(user: "u", passwordFile: "relay.secret"), bundleDirectory: folder.path) == expected)
        }
        let missing = folder.appendingPathComponent("missing.secret").path
        #expect(throws: RelayPasswordError("cannot read the password of relay_login u from \(missing): it does not exist")) {
            try RelayPassword.read(RelayLoginSpec(user: "u", passwordFile: missing), bundleDirectory: "/elsewhere")
        }
        try Data("\n".utf8).write(to: folder.appendingPathComponent("empty.secret"))
        #expect(throws: RelayPasswordError("the password file \(folder.path)/empty.secret of relay_login u is empty")) {
            try RelayPassword.read(RelayLoginSpec(user: "u", passwordFile: "empty.secret"), bundleDirectory: folder.path)
        }
    }
}
