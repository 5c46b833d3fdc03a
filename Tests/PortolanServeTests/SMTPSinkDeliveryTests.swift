import Foundation
import NIOCore
import NIOPosix
import PortolanBundle
import PortolanListener
import Testing

/// The delivery agent's SMTP client against Postfix's `smtp-sink`, a peer
/// that is not Portolan: what it receives, and what its refusals, silences
/// and hang-ups come to for each recipient.
@Suite(.serialized) struct SMTPSinkDeliveryTests {
    static let message = "Subject: to the sink\r\n\r\nHello, Postfix.\r\n.a line with a dot\r\n"
    static let recipients = ["dave@elsewhere.example", "erin@elsewhere.example"]

    static func deliver(to sink: SMTPSink, command: TimeAmount = .seconds(10)) async throws -> DeliveryReport {
        let peer = PeerSpec(name: "sink", kind: "external", host: "sink.example", address: "127.0.0.1", tcpPort: 25, sslPort: nil, starttls: "disabled")
        let outbound = OutboundSpec(tcpPort: 25, tcpMode: "starttls", sslPort: nil, relay: peer, relayAuth: "disabled", routes: [], withinDomain: false)
        let plan = DeliveryPlan(outbound: outbound, peer: peer, heloName: "spoke.acme.example", portOffset: sink.port - 25)
        let timeouts = DeliveryTimeouts(connect: .seconds(5), tlsHandshake: .seconds(5), greeting: .seconds(10), command: command, endOfData: .seconds(10))
        let client = DeliveryClient(group: MultiThreadedEventLoopGroup.singleton, timeouts: timeouts)
        return try await client.deliver(plan: plan, mailFrom: "carol@acme.example", recipients: recipients, message: ByteBuffer(string: message)).get()
    }

    @Test func bothRecipientsGoInOneTransactionWithTheBodyIntact() async throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let report = try await Self.deliver(to: sink)
        #expect(report.outcomes.map(\.result) == [.delivered(Reply(250, "2.0.0 Ok")), .delivered(Reply(250, "2.0.0 Ok"))])
        let messages = try sink.messages()
        try #require(messages.count == 1)
        #expect(messages[0].contains("X-Helo-Args: spoke.acme.example\n"))
        #expect(messages[0].contains("X-Mail-Args: <carol@acme.example>\n"))
        #expect(messages[0].contains("X-Rcpt-Args: <dave@elsewhere.example>\nX-Rcpt-Args: <erin@elsewhere.example>\n"))
        #expect(messages[0].hasSuffix("Subject: to the sink\n\nHello, Postfix.\n.a line with a dot\n\n"))
    }

    @Test func aSoftRefusalAtRCPTDefersAndNothingIsSent() async throws {
        let sink = try SMTPSink(["-r", "RCPT", "-b", "451 4.7.1 Try again later"])
        defer { sink.stop() }
        let report = try await Self.deliver(to: sink)
        let refusal = DeliveryResult.deferred(.rcpt, .reply(Reply(451, "4.7.1 Try again later")))
        #expect(report.outcomes.map(\.result) == [refusal, refusal])
        // smtp-sink may hold the dump of the aborted transaction for a moment
        // (envelope lines only): no message content reached it.
        #expect(try sink.messages().allSatisfy { !$0.contains("Subject:") })
    }

    @Test func aHardRefusalAtMAILFailsEveryRecipient() async throws {
        let sink = try SMTPSink(["-f", "MAIL", "-B", "550 5.7.1 Sender refused"])
        defer { sink.stop() }
        let report = try await Self.deliver(to: sink)
        let refusal = DeliveryResult.failed(.mail, .reply(Reply(550, "5.7.1 Sender refused")))
        #expect(report.outcomes.map(\.result) == [refusal, refusal])
    }

    @Test func aPeerThatHangsUpOrFallsSilentDefers() async throws {
        let hangUp = try SMTPSink(["-q", "RCPT"])
        defer { hangUp.stop() }
        let cut = try await Self.deliver(to: hangUp)
        #expect(cut.outcomes.map(\.result) == Array(repeating: .deferred(.rcpt, .noReply("the peer closed the connection")), count: 2))

        // The sink answers DATA after 30 s: far beyond the client's 1 s, so
        // that even a loaded machine cannot blur the two.
        let slow = try SMTPSink(["-w", "30"])
        defer { slow.stop() }
        let started = Date()
        let silent = try await Self.deliver(to: slow, command: .seconds(1))
        #expect(silent.outcomes.map(\.result) == Array(repeating: .deferred(.data, .noReply("no answer within 1 s")), count: 2))
        #expect(Date().timeIntervalSince(started) < 20)
    }
}

/// With a connection cache, deliveries to one peer share a connection:
/// smtp-sink counts the QUITs it had (`-c`; sessions would include the
/// harness's probe for its port). The kept connections wait 10 minutes:
/// the whole suite at once on two cores can hold a test's next step back
/// for longer than a short idle timeout, which then rightly ends them.
@Suite(.serialized) struct KeptConnectionDeliveryTests {
    static func deliver(_ client: DeliveryClient, port: Int, to recipient: String) async throws -> DeliveryReport {
        let peer = PeerSpec(name: "sink", kind: "external", host: "sink.example", address: "127.0.0.1", tcpPort: 25, sslPort: nil, starttls: "disabled")
        let outbound = OutboundSpec(tcpPort: 25, tcpMode: "enabled", sslPort: nil, relay: peer, relayAuth: "disabled", routes: [], withinDomain: false)
        let plan = DeliveryPlan(outbound: outbound, peer: peer, heloName: "spoke.acme.example", portOffset: port - 25)
        return try await client.deliver(
            plan: plan, mailFrom: "carol@acme.example", recipients: [recipient], message: ByteBuffer(string: "Subject: \(recipient)\r\n\r\nHi.\r\n")
        ).get()
    }

    @Test func threeMessagesToOnePeerGoOverOneConnection() async throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let cache = SMTPConnectionCache(perPlan: 4, idleTimeout: .seconds(600))
        let client = DeliveryClient(group: MultiThreadedEventLoopGroup.singleton, connections: cache)
        for recipient in ["dave@elsewhere.example", "erin@elsewhere.example", "frank@elsewhere.example"] {
            let report = try await Self.deliver(client, port: sink.port, to: recipient)
            #expect(report.outcomes.map(\.result) == [.delivered(Reply(250, "2.0.0 Ok"))])
            #expect(cache.count == 1, "after \(recipient), via \(report.endpoint.map { "\($0)" } ?? "-"); the sink's counts: \(sink.countsText)")
        }
        let messages = try sink.messages()
        #expect(messages.count == 3)
        for recipient in ["dave", "erin", "frank"] {
            #expect(messages.contains { $0.contains("X-Rcpt-Args: <\(recipient)@elsewhere.example>\n") && $0.contains("Subject: \(recipient)@") })
        }
        // One connection, still open: its QUIT comes with closeAll.
        #expect(try sink.quits() == 0)
        cache.closeAll()
        #expect(cache.count == 0)
        try await Self.waitUntil { try sink.quits() >= 1 }
        #expect(try sink.quits() == 1)
    }

    static func waitUntil(_ condition: () throws -> Bool) async throws {
        let deadline = Date().addingTimeInterval(10)
        while try !condition() && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
    }

    @Test func aKeptConnectionWhosePeerWentAwayGivesWayToAFreshOne() async throws {
        var sink = try SMTPSink()
        defer { sink.stop() }
        let cache = SMTPConnectionCache(perPlan: 4, idleTimeout: .seconds(600))
        let client = DeliveryClient(group: MultiThreadedEventLoopGroup.singleton, connections: cache)
        #expect(try await Self.deliver(client, port: sink.port, to: "dave@elsewhere.example").outcomes.map(\.result) == [.delivered(Reply(250, "2.0.0 Ok"))])
        let port = sink.port
        sink.stop()
        sink = try SMTPSink(port: port)
        // Whether or not the kept connection noticed its end yet, the message goes over a new one.
        let report = try await Self.deliver(client, port: port, to: "erin@elsewhere.example")
        #expect(report.outcomes.map(\.result) == [.delivered(Reply(250, "2.0.0 Ok"))])
        #expect(try sink.messages().count == 1)
        cache.closeAll()
        try await Self.waitUntil { try sink.quits() >= 1 }
        #expect(try sink.quits() == 1)
    }

    @Test func anIdleConnectionQuitsAfterItsTimeout() async throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let cache = SMTPConnectionCache(perPlan: 4, idleTimeout: .milliseconds(200))
        let client = DeliveryClient(group: MultiThreadedEventLoopGroup.singleton, connections: cache)
        _ = try await Self.deliver(client, port: sink.port, to: "dave@elsewhere.example")
        let deadline = Date().addingTimeInterval(10)
        while cache.count > 0 && Date() < deadline { try await Task.sleep(for: .milliseconds(50)) }
        #expect(cache.count == 0)
        // It said QUIT: smtp-sink counts it.
        try await Self.waitUntil { try sink.quits() >= 1 }
        #expect(try sink.quits() == 1)
    }
}
