import Dispatch
import Foundation
import Logging
import NIOCore
import NIOEmbedded
import NIOPosix
import NIOSSL
import PortolanBundle
@testable import PortolanListener
import PortolanTestSupport
import Testing

/// The connection handler in a channel of its own, talking to a TLS client in
/// another: what the client reads is exactly what the handler wrote.
@Suite struct SMTPConnectionHandlerTests {
    typealias F = HandlerFixtures

    /// RFC 3207 5 (CVE-2011-0411): what follows STARTTLS in the same read was
    /// sent in plain text, so it is neither answered before TLS nor taken,
    /// once TLS is up, as if it had been sent over it.
    @Test func plaintextPipelinedAfterStartTLSIsDiscarded() throws {
        let configuration = try F.configuration(listener: ListenerSpec(address: nil, port: 25, security: .plain, starttls: "enabled"))
        let pool = NIOThreadPool(numberOfThreads: 1)
        let server = EmbeddedChannel()
        let handler = SMTPConnectionHandler(
            environment: try F.environment(configuration, pool: pool, on: server.eventLoop), clientAddress: "192.0.2.1",
            localAddresses: [])
        try server.pipeline.syncOperations.addHandler(handler)
        server.connect(to: try F.clientAddress, promise: nil)
        let greeting = try server.outboundText()
        #expect(greeting == "220 hub.acme.example ESMTP Portolan\r\n")

        try server.writeInbound(ByteBuffer(string: "EHLO x\r\nSTARTTLS\r\nMAIL FROM:<a@b>\r\n"))
        let beforeTLS = try server.outboundText()
        #expect(
            beforeTLS == F.ehlo(last: "250 STARTTLS") + "220 2.0.0 Ready to start TLS\r\n")
        #expect(handler.tlsStage == .startTLSPending)

        // The client starts TLS: the handshake is all that crosses, and
        // nothing is said once it is done.
        let client = EmbeddedChannel()
        try client.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: F.clientTLS(), serverHostname: "hub.acme.example"))
        client.connect(to: try F.clientAddress, promise: nil)
        try F.shuttle(client, server)
        // Else writing over TLS would wait for ever.
        try #require(handler.tlsStage == .established)
        let afterHandshake = try client.inboundText()
        #expect(afterHandshake == "")

        // Over TLS the first reply is EHLO's: the MAIL was not kept for later.
        try client.writeOutbound(ByteBuffer(string: "EHLO x\r\n"))
        try F.shuttle(client, server)
        let overTLS = try client.inboundText()
        #expect(overTLS == F.ehlo(last: "250 AUTH PLAIN LOGIN"))
        F.hangUp(client, server)
    }

    /// While a password is being checked (on the password pool, held here
    /// until the test lets it go), the client's next commands, those of the
    /// same read and those that arrive meanwhile, stay undecoded and
    /// unanswered; when the check is done they are answered, in order.
    ///
    /// The check completes on a pool thread, which `EmbeddedEventLoop` does
    /// not allow: this test uses `NIOAsyncTestingChannel`, its thread-safe
    /// counterpart. Neither implements `autoRead` (`getOption` always says
    /// true, and neither reads by itself), so that the handler stops
    /// reading from the socket is not observable here; that it stops
    /// decoding is.
    ///
    /// The time limit only stops a hang: in the whole suite the synchronous
    /// tests that wait for child processes can hold the cooperative threads
    /// for minutes before this test's 30 ms run gets one.
    @Test(.timeLimit(.minutes(10))) func inputWaitsForThePasswordCheckAndIsAnsweredInOrderAfterIt() async throws {
        let configuration = try F.configuration(
            listener: ListenerSpec(address: nil, port: 465, security: .implicitTLS, starttls: "disabled"))
        let pool = NIOThreadPool(numberOfThreads: 1)
        pool.start()
        // The pool's only thread waits for the test: a check queued behind it
        // stays pending until then.
        let gate = DispatchSemaphore(value: 0)
        pool.submit { _ in gate.wait() }
        do {
            try await Self.pausedDuringCheck(configuration, pool: pool, gate: gate)
        } catch {
            gate.signal()
            try await pool.shutdownGracefully()
            throw error
        }
        gate.signal()
        try await pool.shutdownGracefully()
    }

    static func pausedDuringCheck(_ configuration: ServingConfiguration, pool: NIOThreadPool, gate: DispatchSemaphore) async throws {
        let environment = { @Sendable (loop: any EventLoop) in try F.environment(configuration, pool: pool, on: loop) }
        let server = try await NIOAsyncTestingChannel { channel in
            try channel.pipeline.syncOperations.addHandler(
                SMTPConnectionHandler(environment: environment(channel.eventLoop), clientAddress: "192.0.2.1", localAddresses: []))
        }
        let tls = try F.clientTLS()
        let client = try await NIOAsyncTestingChannel { channel in
            try channel.pipeline.syncOperations.addHandler(try NIOSSLClientHandler(context: tls, serverHostname: "hub.acme.example"))
        }
        try await server.connect(to: F.clientAddress).get()
        try await client.connect(to: F.clientAddress).get()
        try await F.shuttle(client, server)
        let greeting = try await client.inboundText()
        #expect(greeting == "220 hub.acme.example ESMTP Portolan\r\n")
        try await client.writeOutbound(ByteBuffer(string: "EHLO x\r\n"))
        try await F.shuttle(client, server)
        let ehlo = try await client.inboundText()
        #expect(ehlo == F.ehlo(last: "250 AUTH PLAIN LOGIN"))

        // alice's password, with NOOP in the same read, then HELP on its own.
        try await client.writeOutbound(ByteBuffer(string: "AUTH PLAIN AGFsaWNlAHdvbmRlcmxhbmQ=\r\nNOOP\r\n"))
        try await F.shuttle(client, server)
        try await client.writeOutbound(ByteBuffer(string: "HELP\r\n"))
        try await F.shuttle(client, server)
        let whileChecking = try await client.inboundText()
        #expect(whileChecking == "")
        #expect(try await server.handler { $0.busy })

        gate.signal()
        // The check's outcome comes back to the loop and is answered at once:
        // the reply to AUTH is the first thing written.
        try await client.writeInbound(try await server.waitForOutboundWrite(as: ByteBuffer.self))
        try await F.shuttle(client, server)
        let afterCheck = try await client.inboundText()
        #expect(
            afterCheck == """
                235 2.7.0 Authentication successful\r
                250 2.0.0 Ok\r
                214 2.0.0 See RFC 5321\r

                """)
        #expect(try await server.handler { !$0.busy })
        await F.hangUp(client, server)
    }
}

/// A bundle of one listener, its key ring made with the openssl CLI when the
/// tests run, and the user alice, whose password is hashed with few rounds.
enum HandlerFixtures {
    static let password = "wonderland"

    /// The listener's EHLO reply, ending in `last`.
    static func ehlo(last: String) -> String {
        "250-hub.acme.example\r\n250-PIPELINING\r\n250-SIZE 4000\r\n250-8BITMIME\r\n250-ENHANCEDSTATUSCODES\r\n" + last + "\r\n"
    }

    static let keyRing: Result<TLSFiles, any Error> = Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portolan-handler-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let certificate = folder.appendingPathComponent("hub.pem").path
        let key = folder.appendingPathComponent("hub.key").path
        let result = try Tool.run(
            "openssl",
            ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
             "-subj", "/CN=hub.acme.example", "-keyout", key, "-out", certificate])
        guard result.status == 0 else { throw ToolError("openssl req failed: \(result.error)") }
        return TLSFiles(certificate: certificate, key: key)
    }

    static var clientAddress: SocketAddress {
        get throws { try SocketAddress(ipAddress: "192.0.2.1", port: 40_000) }
    }

    static func configuration(listener: ListenerSpec) throws -> ServingConfiguration {
        let open = AuthOptionsSpec(clientCertificate: false, namePassword: true, anonymous: true)
        let bundle = HostBundle(
            compiler: "test",
            server: ServerIdentity(name: "hub", hierarchicalName: "hub/Acme", host: "hub.acme.example", organization: "Acme"),
            localDomains: ["acme.example"], listeners: [listener], internetSites: false, sites: [],
            auth: PortAuthSpec(tcp: open, ssl: open), authenticatedUsers: true, access: AccessSpec(enforce: false),
            relay: .dominoDefault,
            users: [
                UserSpec(
                    name: "alice", hierarchicalName: "alice/Acme", logins: ["alice"],
                    passwordHash: PasswordHashing.hash(password: password, rounds: 3))
            ],
            mailboxes: [MailboxSpec(address: "alice@acme.example", user: "alice", mailServer: nil)],
            tls: try keyRing.get(), limits: Limits(maxMessageSize: 4_000),
            outbound: OutboundSpec(
                tcpPort: 25, tcpMode: "enabled", sslPort: nil, relay: nil, relayAuth: "disabled", routes: [], withinDomain: false))
        return try ServingConfiguration(bundle: bundle, portOffset: 0, address: nil)
    }

    /// What `ListenerService` gives a connection on `loop`, with `pool` for
    /// every service that needs one and a log that says nothing.
    static func environment(
        _ configuration: ServingConfiguration, pool: NIOThreadPool, on loop: any EventLoop
    ) throws -> ConnectionEnvironment {
        let spool = FileManager.default.temporaryDirectory.appendingPathComponent("portolan-handler-spool-\(UUID().uuidString)")
        let services = ListenerServices(
            spool: try Spool(directory: spool.path), passwordPool: pool, spoolPool: pool, clock: { Date() },
            reverseNames: ReverseNames(hosts: nil, pool: pool))
        return ConnectionEnvironment(
            configuration: configuration, listener: configuration.bundle.listeners[0], services: services,
            authFailures: AuthFailureRegistry(), tooManyConnections: false, ticker: ConnectionTicker(eventLoop: loop),
            log: ConnectionLog(base: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }), number: 1, client: nil))
    }

    /// A client that takes any certificate: the tests are about what is
    /// said around TLS, not whom to trust.
    static func clientTLS() throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        return try NIOSSLContext(configuration: configuration)
    }

    /// Carries bytes both ways until neither side has anything to send.
    static func shuttle(_ client: EmbeddedChannel, _ server: EmbeddedChannel) throws {
        var moved = true
        while moved {
            moved = false
            // TLS finishes part of the handshake in tasks of the loop: run them.
            client.embeddedEventLoop.run()
            server.embeddedEventLoop.run()
            while let bytes = try client.readOutbound(as: ByteBuffer.self) {
                try server.writeInbound(bytes)
                moved = true
            }
            while let bytes = try server.readOutbound(as: ByteBuffer.self) {
                try client.writeInbound(bytes)
                moved = true
            }
        }
    }

    static func shuttle(_ client: NIOAsyncTestingChannel, _ server: NIOAsyncTestingChannel) async throws {
        var moved = true
        while moved {
            moved = false
            await client.testingEventLoop.run()
            await server.testingEventLoop.run()
            while let bytes = try await client.readOutbound(as: ByteBuffer.self) {
                try await server.writeInbound(bytes)
                moved = true
            }
            while let bytes = try await server.readOutbound(as: ByteBuffer.self) {
                try await client.writeInbound(bytes)
                moved = true
            }
        }
    }

    /// Closes both ends; TLS's wait for the peer's close_notify runs out.
    static func hangUp(_ client: EmbeddedChannel, _ server: EmbeddedChannel) {
        client.close(promise: nil)
        server.close(promise: nil)
        client.embeddedEventLoop.advanceTime(by: .seconds(30))
        server.embeddedEventLoop.advanceTime(by: .seconds(30))
    }

    static func hangUp(_ client: NIOAsyncTestingChannel, _ server: NIOAsyncTestingChannel) async {
        client.close(promise: nil)
        server.close(promise: nil)
        await client.testingEventLoop.advanceTime(by: .seconds(30))
        await server.testingEventLoop.advanceTime(by: .seconds(30))
    }
}

extension EmbeddedChannel {
    /// Every buffer written out so far, as one string.
    func outboundText() throws -> String {
        var text = ""
        while let buffer = try readOutbound(as: ByteBuffer.self) { text += String(buffer: buffer) }
        return text
    }

    /// Every buffer that reached the end of the pipeline so far, as one string.
    func inboundText() throws -> String {
        var text = ""
        while let buffer = try readInbound(as: ByteBuffer.self) { text += String(buffer: buffer) }
        return text
    }
}

extension NIOAsyncTestingChannel {
    func inboundText() async throws -> String {
        var text = ""
        while let buffer = try await readInbound(as: ByteBuffer.self) { text += String(buffer: buffer) }
        return text
    }

    /// Reads the connection handler's state on its event loop.
    func handler<T: Sendable>(_ read: @escaping @Sendable (SMTPConnectionHandler) -> T) async throws -> T {
        try await testingEventLoop.executeInContext {
            read(try self.pipeline.syncOperations.handler(type: SMTPConnectionHandler.self))
        }
    }
}
