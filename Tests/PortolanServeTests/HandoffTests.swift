import Foundation
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import PortolanBundle
import Testing
@testable import PortolanListener

/// The listener hands each message it stores to the delivery agent in
/// memory; the agent's scan of `new/` may find the same message first. Either
/// way a recipient is delivered once.
@Suite struct HandoffTests {
    /// An agent for the host `lone` of `NextHopTests.topology`, whose users
    /// have their mailboxes there, and what it was told of each delivery.
    final class Rig: @unchecked Sendable {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portolan-handoff-\(UUID().uuidString)")
        let spool: Spool
        let pool = NIOThreadPool(numberOfThreads: 1)
        let agent: DeliveryAgent
        let events = NIOLockedValueBox<[DeliveryEvent]>([])

        init() throws {
            let bundle = try #require(try NextHopTests.bundles.get()["lone"])
            spool = try Spool(directory: folder.path)
            pool.start()
            let settings = DeliverySettings(
                bundle: bundle, admission: HostAdmission(bundle: bundle), relayPassword: nil, portOffset: 0, address: nil, hosts: nil,
                dnsServer: nil, certificateAuthorities: nil)
            let logger = Logger(label: "portolan.test.handoff")
            let events = events
            agent = DeliveryAgent(
                spool: spool, settings: { settings }, client: DeliveryClient(group: MultiThreadedEventLoopGroup.singleton, logger: logger),
                pool: pool, clock: { Date() }, logger: logger, observer: { event in events.withLockedValue { $0.append(event) } })
        }

        deinit {
            try? pool.syncShutdownGracefully()
            try? FileManager.default.removeItem(at: folder)
        }

        func store(to recipients: [String]) throws -> StoredMessage {
            let envelope = Envelope(
                mailFrom: "sender@elsewhere.example", recipients: recipients, helo: "client.example", clientAddress: "127.0.0.1",
                authenticatedAs: nil, tls: nil, serverHost: "lone.acme.example", site: nil)
            return try spool.storeMessage(envelope: envelope, message: ByteBuffer(string: "Subject: s\r\n\r\nbody\r\n"), date: Date())
        }

        /// The files in a user's mailbox.
        func mailbox(_ user: String) -> [String] {
            (try? FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("mailboxes/\(user)/new").path)) ?? []
        }

        /// Waits until the agent runs no attempt and nothing is queued: at
        /// most 120 s, since the agent runs on the shared cooperative threads,
        /// which the rest of the suite, run alongside, may hold for a while.
        func settle() async throws {
            let deadline = ContinuousClock.now + .seconds(120)
            while ContinuousClock.now < deadline {
                let running = await agent.running.count, due = await agent.due.count
                let busy = running > 0 || due > 0
                if !busy && spool.queuedIDs().isEmpty { return }
                try await Task.sleep(for: .milliseconds(20))
            }
            Issue.record("the agent did not settle in 120 s")
        }
    }

    @Test func aMessageHandedOverIsDeliveredOnceWithoutTheScan() async throws {
        let rig = try Rig()
        let stored = try rig.store(to: ["alice@acme.example", "carol@acme.example"])
        await rig.agent.enqueue(stored)
        try await rig.settle()
        #expect(rig.mailbox("alice").count == 1 && rig.mailbox("carol").count == 1)
        #expect(rig.events.withLockedValue { $0.map { $0.recipient } }.sorted() == ["alice@acme.example", "carol@acme.example"])
    }

    /// The scan found the message and delivered it before the listener's
    /// handoff reached the agent: the copy in memory is not delivered again.
    @Test func aMessageTheScanDeliveredFirstIsNotDeliveredAgainFromMemory() async throws {
        let rig = try Rig()
        let stored = try rig.store(to: ["alice@acme.example"])
        await rig.agent.scan()
        await rig.agent.startDue()
        try await rig.settle()
        #expect(rig.mailbox("alice").count == 1)
        await rig.agent.enqueue(stored)
        try await rig.settle()
        #expect(rig.mailbox("alice").count == 1)
        #expect(rig.events.withLockedValue { $0.count } == 1)
    }
}
