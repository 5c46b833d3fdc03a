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

        // The sink answers DATA after 10 s: well after the client's 1 s, so
        // a loaded machine cannot blur the two.
        let slow = try SMTPSink(["-w", "10"])
        defer { slow.stop() }
        let started = Date()
        let silent = try await Self.deliver(to: slow, command: .seconds(1))
        #expect(silent.outcomes.map(\.result) == Array(repeating: .deferred(.data, .noReply("no answer within 1 s")), count: 2))
        #expect(Date().timeIntervalSince(started) < 8)
    }
}
