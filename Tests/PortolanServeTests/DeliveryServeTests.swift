import Foundation
import PortolanBundle
import PortolanTestSupport
import Testing

/// `portolan serve` delivers what it accepts: real servers on loopback,
/// mail handed on between them and into mailboxes, as users run them.
@Suite(.serialized) struct DeliveryServeTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples")

    static func example(_ name: String) throws -> String {
        try String(contentsOf: examples.appendingPathComponent("\(name)/topology.yaml"), encoding: .utf8)
    }

    /// The walk-through of docs/LISTENER.md: relay-port-26's spoke and hub, and the
    /// Internet stand-in as the ISP smart host.
    static func relayEstate() throws -> DeliveryEstate {
        try DeliveryEstate(
            topologies: ["acme": try example("relay-port-26"), "isp": try example("internet-stand-in")],
            addresses: ["hub": "127.0.0.10", "spoke-a": "127.0.0.21", "isp": "127.0.0.30"],
            hosts: "127.0.0.10 hub.acme.example\n127.0.0.21 spoke-a.acme.example\n127.0.0.30 smtp.isp.example\n")
    }

    @Test func mailFromTheSpokeReachesTheInternetThroughTheHubWithEveryHostsReceivedLine() throws {
        let estate = try Self.relayEstate()
        defer { estate.stopAll() }
        for server in ["isp", "hub", "spoke-a"] { try estate.start(server) }
        try estate.sendmail(on: "spoke-a", from: "alice@acme.example", to: ["bob@example.net"], message: "Subject: hello\n\nHello from spoke-a.\n")
        let delivered = try estate.mailbox("isp", "bob")
        try #require(delivered.count == 1, "\(estate.log("spoke-a"))\n\(estate.log("hub"))")
        let lines = delivered[0].components(separatedBy: "\r\n")
        #expect(lines[0] == "Return-Path: <alice@acme.example>")
        #expect(lines[1] == "Delivered-To: bob@example.net")
        let trace = lines.filter { $0.hasPrefix("Received:") || $0.hasPrefix("\tby ") }
        #expect(trace == [
            "Received: from hub.acme.example (unknown [127.0.0.10])", "\tby smtp.isp.example (Portolan) with ESMTP id \(Self.id(in: lines, after: "smtp.isp.example"))",
            "Received: from spoke-a.acme.example (unknown [127.0.0.21])", "\tby hub.acme.example (Portolan) with ESMTP id \(Self.id(in: lines, after: "hub.acme.example"))",
            "Received: by spoke-a.acme.example (Portolan) with local id \(Self.id(in: lines, after: "spoke-a.acme.example"))",
        ])
        #expect(delivered[0].hasSuffix("Subject: hello\r\n\r\nHello from spoke-a.\r\n"))
        // Nothing stays queued anywhere, and every hop logged its delivery.
        for server in ["spoke-a", "hub"] {
            try estate.waitForQueue(server) { $0.isEmpty }
            #expect(estate.log(server).contains("to=<bob@example.net>") && estate.log(server).contains("] delivered"))
        }
        #expect(estate.log("hub").contains("peer=smtp.isp.example 127.0.0.30:\(estate.offset + 25) (tcp)"))
    }

    /// The id a host gave the message, from its Received line.
    static func id(in lines: [String], after host: String) -> String {
        for line in lines where line.contains("by \(host) (Portolan)") {
            return String(line.split(separator: " ").last ?? "")
        }
        return "?"
    }

    @Test func aDeferredMessageWaitsWithItsLastReplyAndA550BouncesToTheSendersMailboxOnTheHostThatAcceptedIt() throws {
        let estate = try Self.relayEstate()
        defer { estate.stopAll() }
        for server in ["hub", "spoke-a"] { try estate.start(server) }
        // The stand-in is down: the hub keeps the message, deferred.
        try estate.sendmail(on: "spoke-a", from: "alice@acme.example", to: ["nobody@example.net"], message: "Subject: lost\n\nNobody reads this.\n")
        let waiting = try estate.waitForQueue("hub") { DeliveryEstate.states($0)["nobody@example.net"] == "deferred" }
        let recipient = (waiting[0]["recipients"] as? [[String: Any]])?.first
        #expect(recipient?["lastReply"] as? String == "cannot connect to 127.0.0.30:\(estate.offset + 25): Connection refused")
        #expect(recipient?["attempts"] as? Int == 1)
        #expect(recipient?["nextAttempt"] as? Int == ServerProcess.fixedClock + 900)
        let text = try Tool.run(executable: PortolanBinary.url, ["queue", estate.spool("hub").path])
        #expect(text.output.contains("  nobody@example.net  deferred, 1 attempt, next try Tue, 14 Nov 2023 22:28:20 +0000\n"))
        #expect(text.output.contains("    last reply: cannot connect to 127.0.0.30:\(estate.offset + 25): Connection refused\n"))
        // It comes back and refuses the address: the hub bounces to alice, whose mailbox is on the hub.
        try estate.start("isp")
        try estate.flush("hub")
        let bounces = try estate.mailbox("hub", "alice")
        try #require(bounces.count == 1, "\(estate.log("hub"))")
        let bounce = bounces[0]
        #expect(bounce.hasPrefix("Return-Path: <>\r\nDelivered-To: alice@acme.example\r\n"))
        #expect(bounce.contains("Content-Type: multipart/report; report-type=delivery-status;"))
        #expect(bounce.contains("Final-Recipient: rfc822; nobody@example.net\r\nAction: failed\r\nStatus: 5.1.1\r\nRemote-MTA: dns; smtp.isp.example\r\n"))
        #expect(bounce.contains("Diagnostic-Code: smtp; 550 5.1.1 <nobody@example.net>: Recipient address"))
        #expect(bounce.contains("Subject: lost\r\n"))
        #expect(!bounce.contains("Nobody reads this."))
        try estate.waitForQueue("hub") { $0.isEmpty }
        #expect(try estate.mailbox("isp", "bob", count: 0, timeout: 0).isEmpty)
    }

    @Test func localRecipientsGoToTheirMailboxesAndAnAddressThatIsNoUserIsRefusedAtRCPT() throws {
        let server = try ServerProcess.start(delivers: true)
        defer { server.stop() }
        let replies = try Clients.converse(port: server.port(25), [
            Clients.read(), Clients.send("EHLO client.example\r\n"), Clients.read(),
            Clients.send("MAIL FROM:<sender@elsewhere.example>\r\n"), Clients.read(),
            Clients.send("RCPT TO:<nobody@acme.example>\r\n"), Clients.read(),
            Clients.send("RCPT TO:<Bob@ACME.example>\r\n"), Clients.read(),
            Clients.send("RCPT TO:<postmaster@acme.example>\r\n"), Clients.read(),
            Clients.send("RCPT TO:<postmaster>\r\n"), Clients.read(),
            Clients.send("DATA\r\n"), Clients.read(),
            Clients.send("Subject: local\r\n\r\nFor the mailboxes.\r\n.\r\n"), Clients.read(),
            Clients.send("QUIT\r\n"), Clients.read(),
        ])
        #expect(replies[3] == "550 5.1.1 <nobody@acme.example>: Recipient address rejected: User unknown")
        #expect(Array(replies[4...6]) == ["250 2.1.5 Ok", "250 2.1.5 Ok", "250 2.1.5 Ok"])
        let folder = server.spool.appendingPathComponent("mailboxes")
        let bob = try Self.waitForFiles(folder.appendingPathComponent("bob/new"), count: 1)
        let postmaster = try Self.waitForFiles(folder.appendingPathComponent("postmaster/new"), count: 2)
        try #require(bob.count == 1 && postmaster.count == 2, "\(server.logText)")
        #expect(bob[0].hasPrefix("Return-Path: <sender@elsewhere.example>\r\nDelivered-To: Bob@ACME.example\r\nReceived: from client.example (unknown [127.0.0.1])\r\n"))
        #expect(bob[0].hasSuffix("Subject: local\r\n\r\nFor the mailboxes.\r\n"))
        #expect(Set(postmaster.map { $0.components(separatedBy: "\r\n")[1] }) == ["Delivered-To: postmaster@acme.example", "Delivered-To: postmaster"])
        // Delivered: the queue is empty.
        try Self.waitUntil { (try? FileManager.default.contentsOfDirectory(atPath: server.spool.appendingPathComponent("new").path))?.isEmpty == true }
        #expect(server.logText.contains("peer=mailbox bob"))
    }

    @Test func aMessageThatHasPassedTooManyHostsIsRefused() throws {
        let server = try ServerProcess.start(delivers: true)
        defer { server.stop() }
        func send(hops: Int) throws -> String {
            let trace = String(repeating: "Received: from a.example by b.example; Tue, 14 Nov 2023 22:13:20 +0000\r\n", count: hops)
            let replies = try Clients.converse(port: server.port(25), [
                Clients.read(), Clients.send("HELO client.example\r\n"), Clients.read(),
                Clients.send("MAIL FROM:<sender@elsewhere.example>\r\n"), Clients.read(),
                Clients.send("RCPT TO:<bob@acme.example>\r\n"), Clients.read(),
                Clients.send("DATA\r\n"), Clients.read(),
                Clients.send(trace + "Subject: loop\r\n\r\nround and round\r\n.\r\n"), Clients.read(),
                Clients.send("QUIT\r\n"), Clients.read(),
            ])
            return replies[5]
        }
        // 49 hops and ours make 50, the limit; one more is a loop.
        #expect(try send(hops: 49).hasPrefix("250 2.0.0 Ok: queued as "))
        #expect(try send(hops: 50) == "554 5.4.6 Too many hops: the message loops")
    }

    /// Two servers of one domain; alice's mailbox is on the hub, carol's on
    /// the spoke. `within_domain` is the spoke's setting.
    static func withinDomainEstate(_ withinDomain: Bool) throws -> DeliveryEstate {
        try DeliveryEstate(
            """
            portolan: 1
            organization: Acme
            internet_domains: [acme.example]
            servers:
              hub:
                host: hub.acme.example
                addresses: [127.0.0.10]
              spoke:
                host: spoke.acme.example
                addresses: [127.0.0.21]
                smtp:
                  within_domain: \(withinDomain)
            users:
              alice: { internet_address: alice@acme.example, mail_server: hub }
              carol: { internet_address: carol@acme.example, mail_server: spoke }
            """, addresses: ["hub": "127.0.0.10", "spoke": "127.0.0.21"],
            hosts: "127.0.0.10 hub.acme.example\n127.0.0.21 spoke.acme.example\n")
    }

    @Test func withinDomainALocalUsersMailGoesToTheirMailServerOverSMTPAndWithoutItStaysHere() throws {
        let estate = try Self.withinDomainEstate(true)
        defer { estate.stopAll() }
        for server in ["hub", "spoke"] { try estate.start(server) }
        try estate.sendmail(on: "spoke", from: "carol@acme.example", to: ["alice@acme.example", "carol@acme.example"], message: "Subject: within\n\nHello.\n")
        let alice = try estate.mailbox("hub", "alice")
        try #require(alice.count == 1, "\(estate.log("spoke"))")
        #expect(alice[0].hasPrefix("Return-Path: <carol@acme.example>\r\nDelivered-To: alice@acme.example\r\nReceived: from spoke.acme.example (unknown [127.0.0.21])\r\n\tby hub.acme.example (Portolan) with ESMTP id "))
        #expect(try estate.mailbox("spoke", "carol").count == 1)
        try estate.waitForQueue("spoke") { $0.isEmpty }
        #expect(estate.log("spoke").contains("peer=hub.acme.example 127.0.0.10:\(estate.offset + 25) (tcp)"), "\(estate.log("spoke"))")
        #expect(try estate.mailbox("spoke", "alice", count: 0, timeout: 0).isEmpty)

        // Without within_domain the spoke does not send to the hub: alice's mail stays on the spoke.
        let kept = try Self.withinDomainEstate(false)
        defer { kept.stopAll() }
        for server in ["hub", "spoke"] { try kept.start(server) }
        try kept.sendmail(on: "spoke", from: "carol@acme.example", to: ["alice@acme.example"], message: "Subject: kept\n\nHello.\n")
        #expect(try kept.mailbox("spoke", "alice").count == 1, "\(kept.log("spoke"))")
        #expect(try kept.mailbox("hub", "alice", count: 0, timeout: 0).isEmpty)
    }

    /// A host whose relay host is Postfix's smtp-sink on 127.0.0.1: mail
    /// is queued with `portolan sendmail` on the host itself.
    static func sinkEstate(sinkPort: Int, offset: Int) throws -> DeliveryEstate {
        try DeliveryEstate(
            """
            portolan: 1
            organization: Acme
            internet_domains: [acme.example]
            servers:
              hub:
                host: hub.acme.example
                addresses: [127.0.0.10]
                smtp:
                  listener: false
                  outbound:
                    tcp: { port: \(sinkPort - offset), mode: enabled }
                    relay: sink
            external:
              sink:
                host: sink.example
                addresses: [127.0.0.1]
                inbound: { tcp: \(sinkPort - offset), starttls: false, anonymous: true, name_password: false }
            users:
              alice: { internet_address: alice@acme.example }
            """, addresses: ["hub": "127.0.0.1"], hosts: "", offset: offset)
    }

    @Test func aPeerThatAnswers451IsTriedAgainAndThenDelivers() throws {
        let offset = 10_000
        var sink = try SMTPSink(["-r", "RCPT", "-b", "451 4.3.0 Try again later"])
        defer { sink.stop() }
        let estate = try Self.sinkEstate(sinkPort: sink.port, offset: offset)
        defer { estate.stopAll() }
        try estate.start("hub")
        try estate.sendmail(on: "hub", from: "alice@acme.example", to: ["dave@elsewhere.example", "erin@elsewhere.example"], message: "Subject: twice\n\nSecond time lucky.\n")
        let deferred = try estate.waitForQueue("hub") { DeliveryEstate.states($0) == ["dave@elsewhere.example": "deferred", "erin@elsewhere.example": "deferred"] }
        let recipients = deferred[0]["recipients"] as? [[String: Any]] ?? []
        #expect(recipients.map { $0["lastReply"] as? String } == ["451 4.3.0 Try again later", "451 4.3.0 Try again later"])
        #expect(estate.log("hub").contains("reply=451 4.3.0 Try again later to=<dave@elsewhere.example> [PortolanListener] deferred"))
        #expect(try sink.messages().isEmpty)
        // SIGHUP reloads and keeps the queue as it was; SIGTERM leaves it queued.
        let hub = try #require(estate.servers["hub"])
        hub.signal(SIGHUP)
        try hub.waitFor("reloaded")
        #expect(try estate.queue("hub").map { $0["id"] as? String } == deferred.map { $0["id"] as? String })
        #expect(DeliveryEstate.states(try estate.queue("hub")).values.allSatisfy { $0 == "deferred" })
        #expect(hub.stop() == 0)
        let kept = try estate.queue("hub")
        #expect(kept.map { $0["id"] as? String } == deferred.map { $0["id"] as? String })
        #expect((kept.first?["recipients"] as? [[String: Any]])?.map { $0["attempts"] as? Int } == [1, 1])
        // The peer takes mail again: after a restart, a flush delivers both in one transaction.
        let port = sink.port
        sink.stop()
        sink = try SMTPSink(port: port)
        try estate.start("hub")
        try estate.flush("hub")
        try estate.waitForQueue("hub") { $0.isEmpty }
        let messages = try sink.messages()
        try #require(messages.count == 1)
        #expect(messages[0].contains("X-Rcpt-Args: <dave@elsewhere.example>\nX-Rcpt-Args: <erin@elsewhere.example>\n"))
        #expect(messages[0].contains("Subject: twice\n\nSecond time lucky.\n"))
        #expect(estate.log("hub").components(separatedBy: "] delivered").count - 1 == 2)
    }

    @Test func aPeerThatAnswers550FailsTheRecipientAndTheSenderGetsABounce() throws {
        let offset = 10_000
        let sink = try SMTPSink(["-f", "RCPT", "-B", "550 5.1.1 No such user here"])
        defer { sink.stop() }
        let estate = try Self.sinkEstate(sinkPort: sink.port, offset: offset)
        defer { estate.stopAll() }
        try estate.start("hub")
        try estate.sendmail(on: "hub", from: "alice@acme.example", to: ["dave@elsewhere.example"], message: "Subject: doomed\n\nNobody.\n")
        let bounces = try estate.mailbox("hub", "alice")
        try #require(bounces.count == 1, "\(estate.log("hub"))")
        #expect(bounces[0].contains("Diagnostic-Code: smtp; 550 5.1.1 No such user here\r\n"))
        #expect(bounces[0].contains("Remote-MTA: dns; sink.example\r\n"))
        #expect(estate.log("hub").contains("reply=550 5.1.1 No such user here to=<dave@elsewhere.example> [PortolanListener] failed"))
        try estate.waitForQueue("hub") { $0.isEmpty }
        // A bounce is never bounced: a failed bounce is dropped.
        #expect(!estate.log("hub").contains("for=\(bounces[0])"))
    }

    static func waitForFiles(_ folder: URL, count: Int, timeout: TimeInterval = 15) throws -> [String] {
        var names: [String] = []
        try waitUntil(timeout: timeout) {
            names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
            return names.count >= count
        }
        return try names.map { try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }
    }

    static func waitUntil(timeout: TimeInterval = 15, _ condition: () -> Bool) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while !condition() {
            if Date() >= deadline { return }
            usleep(50_000)
        }
    }
}
