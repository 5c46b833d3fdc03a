import Foundation
import PortolanTestSupport
import Testing

/// A host with neither a route nor a relay host sends Internet mail to the
/// recipient domain's MX hosts, found through a real dnsmasq on loopback
/// (`serve --dns`); a domain without MX records is its own exchanger. The
/// far end is the Internet stand-in, a second `portolan serve`.
@Suite(.serialized) struct MXDeliveryServeTests {
    /// A host of its own that sends straight to the Internet.
    static let direct = """
        portolan: 1
        organization: Acme
        internet_domains: [acme.example]
        servers:
          direct:
            host: direct.acme.example
            addresses: [127.0.0.40]
            smtp:
              listener: false
              outbound:
                tcp: { port: 25, mode: enabled }
        users:
          alice: { internet_address: alice@acme.example }

        """

    static func estate() throws -> DeliveryEstate {
        try DeliveryEstate(
            topologies: ["acme": direct, "isp": try DeliveryServeTests.example("internet-stand-in")],
            addresses: ["direct": "127.0.0.40", "isp": "127.0.0.30"],
            // Only the names of the senders: the exchangers come from DNS.
            hosts: "127.0.0.40 direct.acme.example\n")
    }

    /// Starts both servers, the sender asking `dns`, sends one message to
    /// bob@example.net and returns what reached bob, and the sender's log.
    static func sendToBob(records: [String]) throws -> (delivered: [String], log: String, offset: Int) {
        let dns = try Dnsmasq(records)
        defer { dns.stop() }
        let estate = try estate()
        defer { estate.stopAll() }
        try estate.start("isp")
        try estate.start("direct", extra: ["--dns", dns.server])
        try estate.sendmail(on: "direct", from: "alice@acme.example", to: ["bob@example.net"], message: "Subject: by MX\n\nHello, bob.\n")
        let delivered = try estate.mailbox("isp", "bob")
        try estate.waitForQueue("direct") { $0.isEmpty }
        return (delivered, estate.log("direct"), estate.offset)
    }

    @Test(.timeLimit(.minutes(2))) func mailGoesToTheMostPreferredExchangerThatAnswers() throws {
        // mx1 is preferred but nothing listens on its address: the agent moves on to mx2.
        let (delivered, log, offset) = try Self.sendToBob(records: [
            "--mx-host=example.net,mx1.example.net,10",
            "--mx-host=example.net,mx2.example.net,20",
            "--host-record=mx1.example.net,127.0.0.39",
            "--host-record=mx2.example.net,127.0.0.30",
            "--host-record=example.net,127.0.0.38",
        ])
        try #require(delivered.count == 1, "\(log)")
        #expect(delivered[0].hasPrefix("Return-Path: <alice@acme.example>\r\nDelivered-To: bob@example.net\r\nReceived: from direct.acme.example (unknown [127.0.0.40])\r\n"))
        #expect(delivered[0].hasSuffix("Subject: by MX\r\n\r\nHello, bob.\r\n"))
        #expect(log.contains("peer=mx2.example.net 127.0.0.30:\(offset + 25) (tcp)"), "\(log)")
        #expect(!log.contains("127.0.0.38"), "the domain's own address is not tried while it has MX records")
    }

    @Test(.timeLimit(.minutes(2))) func aDomainWithoutMXRecordsIsReachedAtItsAddress() throws {
        // example.net is answered here (no MX: an empty answer), not refused as a domain dnsmasq knows nothing of.
        let (delivered, log, offset) = try Self.sendToBob(records: ["--local=/example.net/", "--host-record=example.net,127.0.0.30"])
        try #require(delivered.count == 1, "\(log)")
        #expect(delivered[0].hasSuffix("Subject: by MX\r\n\r\nHello, bob.\r\n"))
        #expect(log.contains("peer=example.net 127.0.0.30:\(offset + 25) (tcp)"), "\(log)")
    }

    @Test(.timeLimit(.minutes(2))) func aRelayHostKnownOnlyByItsNameIsResolvedThroughTheSameServer() throws {
        let dns = try Dnsmasq(["--host-record=smtp.isp.example,127.0.0.30"])
        defer { dns.stop() }
        let relayed = """
            portolan: 1
            organization: Acme
            internet_domains: [acme.example]
            servers:
              relayed:
                host: relayed.acme.example
                addresses: [127.0.0.41]
                smtp:
                  listener: false
                  outbound:
                    tcp: { port: 25, mode: enabled }
                    relay: isp
            external:
              isp:
                host: smtp.isp.example
                inbound: { tcp: 25, starttls: false, anonymous: true, name_password: false }
            users:
              alice: { internet_address: alice@acme.example }

            """
        let estate = try DeliveryEstate(
            topologies: ["acme": relayed, "isp": try DeliveryServeTests.example("internet-stand-in")],
            addresses: ["relayed": "127.0.0.41", "isp": "127.0.0.30"], hosts: "127.0.0.41 relayed.acme.example\n")
        defer { estate.stopAll() }
        try estate.start("isp")
        try estate.start("relayed", extra: ["--dns", dns.server])
        try estate.sendmail(on: "relayed", from: "alice@acme.example", to: ["bob@example.net"], message: "Subject: by name\n\nHello.\n")
        let delivered = try estate.mailbox("isp", "bob")
        try #require(delivered.count == 1, "\(estate.log("relayed"))")
        try estate.waitForQueue("relayed") { $0.isEmpty }
        #expect(estate.log("relayed").contains("peer=smtp.isp.example 127.0.0.30:\(estate.offset + 25) (tcp)"), "\(estate.log("relayed"))")
    }

    @Test(.timeLimit(.minutes(2))) func aDomainThatDoesNotExistFailsTheRecipientAndBouncesToTheSender() throws {
        let dns = try Dnsmasq([])
        defer { dns.stop() }
        let estate = try Self.estate()
        defer { estate.stopAll() }
        try estate.start("direct", extra: ["--dns", dns.server])
        try estate.sendmail(on: "direct", from: "alice@acme.example", to: ["bob@nowhere.example"], message: "Subject: nowhere\n\nLost.\n")
        let bounces = try estate.mailbox("direct", "alice")
        try #require(bounces.count == 1, "\(estate.log("direct"))")
        #expect(bounces[0].contains("\r\n<bob@nowhere.example>: no such domain nowhere.example (NXDOMAIN)\r\n"), "\(bounces[0])")
        #expect(bounces[0].contains(
            "Final-Recipient: rfc822; bob@nowhere.example\r\nAction: failed\r\nStatus: 5.0.0\r\n"
                + "Diagnostic-Code: X-Portolan; no such domain nowhere.example (NXDOMAIN)\r\n"), "\(bounces[0])")
        try estate.waitForQueue("direct") { $0.isEmpty }
    }
}
