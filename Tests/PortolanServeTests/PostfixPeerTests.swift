import Foundation
import PortolanBundle
import Testing

/// The Postfix peer of the delivery tests, proved with the clients and
/// listeners the other tests already trust: swaks delivers into its
/// Maildirs over plain TCP, STARTTLS and implicit TLS; it relays other mail
/// to smtp-sink and, over STARTTLS with AUTH, to `portolan serve`.
@Suite(.serialized) struct PostfixPeerTests {
    enum Transport: String, CaseIterable, Sendable {
        case plain, starttls, implicitTLS
    }

    static let mailbox = "rita@harbour.example"

    /// A message with every header that Postfix would otherwise add, so that
    /// what it stores ends with exactly these bytes (LF line ends); the last
    /// line starts with a dot, which must survive dot-stuffing both ways.
    static func message(from: String, to: String, subject: String) -> String {
        "Date: Tue, 14 Nov 2023 22:13:20 +0000\nFrom: \(from)\nTo: \(to)\nMessage-ID: <\(UUID().uuidString)@client.example>\n"
            + "Subject: \(subject)\n\nHello, Postfix.\n.a line with a dot\n"
    }

    /// swaks sends `message` as it is (LF becomes CRLF), but ends the DATA
    /// with CRLF "." CRLF of its own: the last line end is left to it.
    static func swaks(port: Int, _ transport: Transport, from: String, to: String, message: String) throws -> Tool.Result {
        let security: [String] = switch transport {
        case .plain: []
        case .starttls: ["--tls"]
        case .implicitTLS: ["--tlsc"]
        }
        return try Tool.run(
            "swaks",
            ["--server", "127.0.0.1", "--port", "\(port)", "--helo", "client.example", "--from", from, "--to", to, "--data", "-",
             "--timeout", "20"] + security,
            input: Data(message.dropLast(message.hasSuffix("\n") ? 1 : 0).utf8), timeout: 60)
    }

    static func certificates() throws -> TLSFiles {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portolan-postfix-certs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return try Certificates.make("mx.harbour.example", in: folder)
    }

    @Test(arguments: Transport.allCases)
    func swaksDeliversIntoTheMaildir(_ transport: Transport) throws {
        let tls = try Self.certificates()
        defer { try? FileManager.default.removeItem(at: URL(fileURLWithPath: tls.certificate).deletingLastPathComponent()) }
        let postfix = try PostfixInstance(mailboxes: [Self.mailbox, "sam@harbour.example"], tls: tls, implicitTLS: true, hostname: "mx.harbour.example")
        defer { postfix.stop() }
        let pidFile = try String(contentsOf: postfix.queueDirectory.appendingPathComponent("pid/master.pid"), encoding: .utf8)
        #expect(Int32(pidFile.trimmingCharacters(in: .whitespacesAndNewlines)) == postfix.pid)

        let message = Self.message(from: "quinn@client.example", to: Self.mailbox, subject: "over \(transport.rawValue)")
        let port = transport == .implicitTLS ? try #require(postfix.tlsPort) : postfix.port
        let sent = try Self.swaks(port: port, transport, from: "quinn@client.example", to: Self.mailbox, message: message)
        #expect(sent.status == 0, "\(sent.output)\(sent.error)\n\(postfix.logText)")
        if transport != .plain { #expect(sent.output.contains("=== TLS started with cipher"), "\(sent.output)") }

        let delivered = try postfix.messages(to: Self.mailbox)
        try #require(delivered.count == 1, "\(postfix.logText)")
        let stored = String(decoding: delivered[0], as: UTF8.self)
        #expect(stored.hasSuffix("\n" + message), "\(stored)")
        #expect(stored.hasPrefix("Return-Path: <quinn@client.example>\n"), "\(stored)")
        #expect(stored.contains("Delivered-To: \(Self.mailbox)\n"))
        let received = transport == .plain ? "with ESMTP id" : "with ESMTPS id"
        #expect(stored.contains("by mx.harbour.example (Postfix) \(received)"), "\(stored)")
        #expect(try postfix.messages(to: "sam@harbour.example", count: 0).isEmpty)
        #expect(postfix.warnings.isEmpty, "\(postfix.logText)")
    }

    @Test func anAddressWithoutAMailboxIsRefused() throws {
        let postfix = try PostfixInstance(mailboxes: [Self.mailbox])
        defer { postfix.stop() }
        let sent = try Self.swaks(
            port: postfix.port, .plain, from: "quinn@client.example", to: "nobody@harbour.example",
            message: Self.message(from: "quinn@client.example", to: "nobody@harbour.example", subject: "unknown"))
        #expect(sent.status != 0)
        #expect(sent.output.contains("550 5.1.1 <nobody@harbour.example>: Recipient address rejected"), "\(sent.output)")
    }

    @Test func otherMailIsRelayedToTheRelayHost() throws {
        let sink = try SMTPSink()
        defer { sink.stop() }
        let postfix = try PostfixInstance(mailboxes: [Self.mailbox], relay: .init(port: sink.port), hostname: "mx.harbour.example")
        defer { postfix.stop() }
        let message = Self.message(from: "quinn@client.example", to: "dave@elsewhere.example", subject: "onward")
        let sent = try Self.swaks(port: postfix.port, .plain, from: "quinn@client.example", to: "dave@elsewhere.example", message: message)
        #expect(sent.status == 0, "\(sent.output)")

        let relayed = try Self.waitFor(within: 20) { try sink.messages().first }
        let dump = try #require(relayed, "nothing reached the relay host; Postfix's log:\n\(postfix.logText)")
        #expect(dump.contains("X-Helo-Args: mx.harbour.example\n"), "\(dump)")
        #expect(dump.contains("X-Mail-Args: <quinn@client.example>"), "\(dump)")
        #expect(dump.contains("X-Rcpt-Args: <dave@elsewhere.example>"), "\(dump)")
        #expect(dump.contains("by mx.harbour.example (Postfix) with ESMTP id"), "\(dump)")
        // smtp-sink ends its dump with an empty line of its own.
        #expect(dump.hasSuffix(message + "\n"), "\(dump)")
        #expect(try postfix.messages(to: Self.mailbox, count: 0).isEmpty)
    }

    @Test func relayingToPortolanUsesSTARTTLSAndAUTH() throws {
        let server = try ServerProcess.start()
        defer { server.stop() }
        let relay = PostfixInstance.Relay(port: server.port(25), tls: .encrypt, credentials: ("alice", TestEstate.password))
        let postfix = try PostfixInstance(mailboxes: [Self.mailbox], relay: relay, hostname: "mx.harbour.example")
        defer { postfix.stop() }
        let message = Self.message(from: "alice@acme.example", to: "frank@elsewhere.example", subject: "by Postfix")
        let sent = try Self.swaks(port: postfix.port, .plain, from: "alice@acme.example", to: "frank@elsewhere.example", message: message)
        #expect(sent.status == 0, "\(sent.output)")

        let spooled = try Self.waitFor(within: 20) { try server.spooled().first }
        let arrived = try #require(spooled, "nothing reached portolan serve; Postfix's log:\n\(postfix.logText)\nportolan's:\n\(server.logText)")
        #expect(arrived.message.contains("with ESMTPSA"), "\(arrived.message)")
        #expect(arrived.message.replacingOccurrences(of: "\r\n", with: "\n").hasSuffix(message), "\(arrived.message)")
        #expect(postfix.warnings.isEmpty, "\(postfix.logText)")
        #expect(postfix.logText.contains("TLS connection established to 127.0.0.1[127.0.0.1]:\(server.port(25))"), "\(postfix.logText)")
    }

    @Test func stopEndsTheMasterAndEveryDaemon() throws {
        let postfix = try PostfixInstance(mailboxes: [Self.mailbox])
        let pid = postfix.pid
        let sent = try Self.swaks(
            port: postfix.port, .plain, from: "quinn@client.example", to: Self.mailbox,
            message: Self.message(from: "quinn@client.example", to: Self.mailbox, subject: "before the end"))
        #expect(sent.status == 0, "\(sent.output)")
        _ = try postfix.messages(to: Self.mailbox)
        #expect(Self.group(pid).count > 1, "the master and its daemons")
        #expect(postfix.stop(), "the master ended on SIGTERM")
        #expect(kill(pid, 0) == -1 && errno == ESRCH)
        // The daemons, told by their master, end soon after it.
        let left = try Self.waitFor(within: 10) { Self.group(pid).isEmpty ? true : nil }
        #expect(left == true, "still running in the master's process group: \(Self.group(pid))")
        #expect(!FileManager.default.fileExists(atPath: postfix.folder.path))
    }

    /// The live processes of process group `id` (the master's PID), from /proc.
    static func group(_ id: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { Int32($0) }.filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = stat.lastIndex(of: ")")
            else { return false }
            // After "(name)": state, ppid, pgrp.
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 2 && Int32(fields[2]) == id && !fields[0].hasPrefix("Z")
        }
    }

    static func waitFor<T>(within seconds: TimeInterval, _ probe: () throws -> T?) throws -> T? {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if let value = try probe() { return value }
            if Date() >= deadline { return nil }
            usleep(50_000)
        }
    }
}
