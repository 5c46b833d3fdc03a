import Foundation
import NIOCore
import NIOPosix
import PortolanBundle
import PortolanListener
import Testing

/// The delivery agent's SMTP client against the real `portolan serve` on
/// loopback: each outbound mode of a spoke relaying through the test estate's
/// hub, with what lands in the hub's spool.
@Suite(.serialized) struct DeliveryClientServeTests {
    static let message = "Subject: delivered\r\n\r\nHello from the delivery agent.\r\n.a line with a dot\r\n"
    static let hub = PeerSpec(
        name: "hub", kind: "server", host: "hub.acme.example", address: "127.0.0.10", tcpPort: 25, sslPort: 465, starttls: "enabled")
    static let timeouts = DeliveryTimeouts(
        connect: .seconds(5), tlsHandshake: .seconds(5), greeting: .seconds(10), command: .seconds(10), endOfData: .seconds(10))

    /// Sends `message` from carol of the spoke to `recipients` at the hub
    /// served by `server`, as an outbound side with `tcpMode`, `sslPort` and
    /// `relayAuth` (as alice, her password read from a file) says.
    static func deliver(
        to server: ServerProcess, tcpMode: String = "enabled", sslPort: Int? = nil, peer: PeerSpec = hub, relayAuth: String = "disabled",
        certificateAuthorities: String? = nil, recipients: [String]
    ) async throws -> DeliveryReport {
        let passwordFile = server.root.appendingPathComponent("relay.secret")
        try Data("\(TestEstate.password)\n".utf8).write(to: passwordFile)
        let login = RelayLoginSpec(user: "alice@acme.example", passwordFile: "relay.secret")
        let outbound = OutboundSpec(
            tcpPort: 25, tcpMode: tcpMode, sslPort: sslPort, relay: peer, relayAuth: relayAuth, relayLogin: login, routes: [],
            withinDomain: false)
        let password = try RelayPassword.read(login, bundleDirectory: server.root.path)
        let plan = DeliveryPlan(
            outbound: outbound, peer: peer, heloName: "spoke.acme.example", password: password, portOffset: server.offset,
            address: "127.0.0.1", certificateAuthorities: certificateAuthorities)
        let client = DeliveryClient(group: MultiThreadedEventLoopGroup.singleton, timeouts: timeouts)
        return try await client.deliver(
            plan: plan, mailFrom: "carol@acme.example", recipients: recipients, message: ByteBuffer(string: message)
        ).get()
    }

    static func delivered(_ report: DeliveryReport, _ server: ServerProcess) throws -> String {
        let spooled = try server.spooled()
        try #require(spooled.count == 1)
        #expect(report.outcomes.last?.result == .delivered(Reply(250, "2.0.0 Ok: queued as \(spooled[0].id)")))
        #expect(spooled[0].message.hasSuffix("\r\n" + message))
        return spooled[0].message
    }

    @Test func plainTCPDeliversToALocalDomain() async throws {
        let server = try ServerProcess.start()
        defer { server.stop() }
        let report = try await Self.deliver(to: server, recipients: ["bob@acme.example"])
        let message = try Self.delivered(report, server)
        #expect(message.hasPrefix("Received: from spoke.acme.example (unknown [127.0.0.1])\r\n\tby hub.acme.example (Portolan) with ESMTP id "))
        #expect(report.endpoint == DeliveryPlan.Endpoint(host: "127.0.0.1", port: server.port(25), security: .plain(startTLS: false)))
        #expect(report.tls == nil && report.authenticatedAs == nil)
    }

    @Test func startTLSWithAuthPlainMayRelay() async throws {
        let server = try ServerProcess.start()
        defer { server.stop() }
        let report = try await Self.deliver(to: server, tcpMode: "starttls", relayAuth: "required", recipients: ["dave@elsewhere.example"])
        let message = try Self.delivered(report, server)
        #expect(message.contains("with ESMTPSA id ") && message.contains("\t(using TLSv1.3)\r\n\t(authenticated as alice/Acme)\r\n"))
        #expect(report.tls == "TLSv1.3" && report.authenticatedAs == "alice@acme.example")
        #expect(server.logText.contains("auth succeeded") && !server.logText.contains(TestEstate.password))
    }

    @Test func implicitTLSComesFirstWhenThePeerHasTheSSLPort() async throws {
        let server = try ServerProcess.start()
        defer { server.stop() }
        // The hub's SSL port takes no anonymous mail: this is delivered only if AUTH went through on it.
        let report = try await Self.deliver(to: server, sslPort: 465, relayAuth: "required", recipients: ["bob@acme.example"])
        let message = try Self.delivered(report, server)
        #expect(message.contains("with ESMTPSA id ") && message.contains("(authenticated as alice/Acme)"))
        #expect(report.endpoint == DeliveryPlan.Endpoint(host: "127.0.0.1", port: server.port(465), security: .implicitTLS))
        #expect(report.tls == "TLSv1.3")
    }

    /// With a CA file the hub's self-signed certificate is trusted when it
    /// is the CA, for the name asked by SNI; signed by another, the handshake fails.
    @Test func withACAFileThePeerCertificateIsVerified() async throws {
        let certificates = try Certificates.shared.get()
        let server = try ServerProcess.start()
        defer { server.stop() }
        let trusted = try await Self.deliver(
            to: server, tcpMode: "disabled", sslPort: 465, relayAuth: "required", certificateAuthorities: certificates.server.certificate,
            recipients: ["bob@acme.example"])
        _ = try Self.delivered(trusted, server)
        let untrusted = try await Self.deliver(
            to: server, tcpMode: "disabled", sslPort: 465, relayAuth: "required", certificateAuthorities: certificates.site.certificate,
            recipients: ["bob@acme.example"])
        guard case .deferred(.tls, .noReply(let reason)) = untrusted.outcomes.first?.result else {
            Issue.record("not deferred at tls: \(untrusted.outcomes)")
            return
        }
        #expect(reason.hasPrefix("TLS handshake failed: "))
        #expect(try server.spooled().count == 1)
    }

    @Test func sslFirstFallsBackToTCPWhenTheSSLPortIsClosed() async throws {
        let server = try ServerProcess.start()
        defer { server.stop() }
        var peer = Self.hub
        peer.sslPort = 466  // nothing listens there
        let report = try await Self.deliver(to: server, sslPort: 466, peer: peer, recipients: ["bob@acme.example"])
        _ = try Self.delivered(report, server)
        #expect(report.endpoint?.port == server.port(25))
    }

    @Test func aRefusedRelayFailsAtRCPTAndTheLocalRecipientIsDelivered() async throws {
        let server = try ServerProcess.start()
        defer { server.stop() }
        let report = try await Self.deliver(to: server, recipients: ["dave@elsewhere.example", "bob@acme.example"])
        #expect(report.outcomes.first == RecipientOutcome(
            recipient: "dave@elsewhere.example", result: .failed(.rcpt, .reply(Reply(554, "5.7.1 Relay access denied")))))
        _ = try Self.delivered(report, server)
        let meta = try server.spooled()[0].meta
        #expect(meta.contains("bob@acme.example") && !meta.contains("dave@elsewhere.example"))
    }

    @Test func requiredAuthWithoutTLSFailsAtAuthAndNothingIsSent() async throws {
        let server = try ServerProcess.start()
        defer { server.stop() }
        // The hub offers AUTH only over TLS, and this outbound side never asks for it.
        let report = try await Self.deliver(to: server, relayAuth: "required", recipients: ["dave@elsewhere.example"])
        #expect(report.outcomes.map(\.result) == [.failed(.auth, .noReply("the peer offers no AUTH PLAIN or LOGIN without TLS"))])
        #expect(try server.spooled().isEmpty)
    }

    @Test func aPeerThatIsDownDefersAtConnect() async throws {
        let server = try ServerProcess.start()
        server.stop()
        for (mode, sslPort, port) in [("enabled", nil, 25), ("disabled", 465, 465)] as [(String, Int?, Int)] {
            let report = try await Self.deliver(to: server, tcpMode: mode, sslPort: sslPort, recipients: ["bob@acme.example"])
            #expect(report.outcomes.map(\.result) == [
                .deferred(.connect, .noReply("cannot connect to 127.0.0.1:\(server.port(port)): Connection refused"))
            ])
        }
    }
}
