import Foundation
import PortolanBundle
import PortolanTestSupport
import Testing

/// `portolan serve` delivering into a real Postfix, its relay host, over each
/// outbound mode: plain TCP, STARTTLS, and implicit TLS on the SSL port. What
/// Postfix stored in its Maildir says how the message came (its own
/// `Received:` line) and that the bytes came through unchanged.
@Suite(.serialized) struct PostfixDeliveryServeTests {
    typealias Transport = PostfixPeerTests.Transport

    static let mailbox = "rita@harbour.example"

    /// A hub whose relay host is the Postfix instance: the outbound lines
    /// follow `transport`, and the external host says what Postfix offers.
    static func topology(_ transport: Transport, postfix: PostfixInstance, offset: Int) -> String {
        let tcp = postfix.port - offset
        let ssl = (postfix.tlsPort ?? postfix.port) - offset
        let outbound: String = switch transport {
        case .plain: "tcp: { port: \(tcp), mode: enabled }"
        case .starttls: "tcp: { port: \(tcp), mode: starttls }"
        case .implicitTLS: "tcp: { port: \(tcp), mode: disabled }\n        ssl: { port: \(ssl), enabled: true }"
        }
        return """
            portolan: 1
            organization: Acme
            internet_domains: [acme.example]
            servers:
              hub:
                host: hub.acme.example
                addresses: [127.0.0.1]
                smtp:
                  listener: false
                  outbound:
                    \(outbound)
                    relay: harbour
            external:
              harbour:
                host: mx.harbour.example
                addresses: [127.0.0.1]
                inbound: { tcp: \(tcp), ssl: \(ssl), starttls: \(transport != .plain), anonymous: true, name_password: false }
            users:
              alice: { internet_address: alice@acme.example }

            """
    }

    @Test(arguments: Transport.allCases)
    func portolanDeliversIntoPostfix(_ transport: Transport) throws {
        let tls = try PostfixPeerTests.certificates()
        defer { try? FileManager.default.removeItem(at: URL(fileURLWithPath: tls.certificate).deletingLastPathComponent()) }
        let postfix = try PostfixInstance(
            mailboxes: [Self.mailbox], tls: transport == .plain ? nil : tls, implicitTLS: transport == .implicitTLS, hostname: "mx.harbour.example")
        defer { postfix.stop() }
        let offset = 10_000
        let estate = try DeliveryEstate(Self.topology(transport, postfix: postfix, offset: offset), addresses: ["hub": "127.0.0.1"], hosts: "", offset: offset)
        defer { estate.stopAll() }
        // Implicit TLS also verifies Postfix's certificate against the CA file given.
        try estate.start("hub", extra: transport == .implicitTLS ? ["--ca-file", tls.certificate] : [])

        let body = "Subject: to Postfix over \(transport.rawValue)\n\nHello, Postfix.\n.a line with a dot\n"
        try estate.sendmail(on: "hub", from: "alice@acme.example", to: [Self.mailbox], message: body)
        let delivered = try postfix.messages(to: Self.mailbox)
        try #require(delivered.count == 1, "Postfix's log:\n\(postfix.logText)\nportolan's:\n\(estate.log("hub"))")
        let stored = String(decoding: delivered[0], as: UTF8.self)
        #expect(stored.hasPrefix(
            "Return-Path: <alice@acme.example>\nX-Original-To: \(Self.mailbox)\nDelivered-To: \(Self.mailbox)\n"
                + "Received: from hub.acme.example (unknown [127.0.0.1])\n"), "\(stored)")
        let received = transport == .plain ? "with ESMTP id" : "with ESMTPS id"
        #expect(stored.contains("\tby mx.harbour.example (Postfix) \(received)"), "\(stored)")
        #expect(stored.contains("Received: by hub.acme.example (Portolan) with local id "), "\(stored)")
        #expect(stored.hasSuffix("Subject: to Postfix over \(transport.rawValue)\n\nHello, Postfix.\n.a line with a dot\n"), "\(stored)")

        try estate.waitForQueue("hub") { $0.isEmpty }
        let endpoint = switch transport {
        case .plain: "127.0.0.1:\(postfix.port) (tcp)"
        case .starttls: "127.0.0.1:\(postfix.port) (starttls)"
        case .implicitTLS: "127.0.0.1:\(postfix.tlsPort ?? 0) (ssl)"
        }
        let log = estate.log("hub")
        #expect(log.contains("peer=mx.harbour.example \(endpoint)"), "\(log)")
        #expect(log.contains(transport == .plain ? "tls=none" : "tls=TLSv1."), "\(log)")
        #expect(postfix.warnings.isEmpty, "\(postfix.logText)")
    }
}
