import Foundation
import PortolanTestSupport
import Testing

/// `portolan sendmail` and `portolan queue` as a user runs them on a host's
/// spool, with no server running: what is queued, what the listing prints
/// (text and JSON), and the refusals with their exit statuses.
@Suite struct QueueCommandTests {
    /// `portolan ARGUMENTS...` in `workspace`, on the fixed test clock.
    static func portolan(_ workspace: Workspace, _ arguments: [String], input: String = "", clock: Int = 1_700_000_000) throws -> Tool.Result {
        try Tool.run(
            executable: PortolanBinary.url, arguments, input: Data(input.utf8),
            environment: ["NO_COLOR": "1", "PORTOLAN_FIXED_CLOCK": "\(clock)"], in: workspace.root)
    }

    /// Queue ids (`<seconds>.<16 hex digits>`) and the random part of
    /// Message-IDs as `ID` and `RANDOM`, so that the output can be compared.
    static func normalised(_ text: String, ids: [String]) -> String {
        var text = text
        for (number, id) in ids.enumerated() { text = text.replacingOccurrences(of: id, with: "ID\(number + 1)") }
        return text.replacingOccurrences(of: #"<(17000000[0-9]{2})\.[0-9a-f]{16}@"#, with: "<$1.RANDOM@", options: .regularExpression)
    }

    static func ids(in workspace: Workspace) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: workspace.url("spool/new").path).sorted()
    }

    @Test func sendmailQueuesAndQueueListsWhatWaits() throws {
        let workspace = try Workspace()
        // The host's name, as `serve` notes it in its spool.
        try FileManager.default.createDirectory(at: workspace.url("spool"), withIntermediateDirectories: true)
        try Data("hub.acme.example\n".utf8).write(to: workspace.url("spool/host"))
        // -t: recipients from To: and Cc: and Bcc:, which is removed; a line
        // with a single dot ends the message.
        let first = try Self.portolan(workspace, ["sendmail", "-t", "-f", "alice@acme.example"], input: """
            To: Bob <bob@acme.example>, carol@acme.example
            Cc: "Dave, the elder" <dave@elsewhere.example>
            Bcc: erin@elsewhere.example
            Subject: minutes

            The minutes are attached.
            .
            This line is not sent.

            """)
        #expect(first.status == 0 && first.output.isEmpty && first.error.isEmpty, "\(first.error)")
        let firstID = try #require(try Self.ids(in: workspace).first)
        // -i (and -oi): the dot is a line of the message; recipients as arguments.
        let second = try Self.portolan(workspace, ["sendmail", "-oi", "-f", "alice@acme.example", "frank@elsewhere.example", "<grace@elsewhere.example>"], input: "Subject: dots\n\nabove\n.\nbelow\n",
            clock: 1_700_000_060)
        #expect(second.status == 0, "\(second.error)")
        let ids = try Self.ids(in: workspace)
        try #require(ids.count == 2)
        let secondID = ids.first { $0 != firstID } ?? "?"
        let order = [firstID, secondID]

        let stored = try String(contentsOf: workspace.url("spool/new/\(firstID)"), encoding: .utf8)
        try golden.check(Self.normalised(stored, ids: order), matches: "queue/sendmail-t.eml")
        let dots = try String(contentsOf: workspace.url("spool/new/\(secondID)"), encoding: .utf8)
        #expect(dots.hasSuffix("Subject: dots\r\n\r\nabove\r\n.\r\nbelow\r\n"), "\(dots)")

        let text = try Self.portolan(workspace, ["queue", "spool"])
        #expect(text.status == 0, "\(text.error)")
        try golden.check(Self.normalised(text.output, ids: order), matches: "queue/list.txt")
        let json = try Self.portolan(workspace, ["queue", "spool", "--format", "json"])
        #expect(json.status == 0, "\(json.error)")
        try golden.check(Self.normalised(json.output, ids: order), matches: "queue/list.json")

        let flushed = try Self.portolan(workspace, ["queue", "spool", "--flush"])
        #expect(flushed.status == 0)
        #expect(flushed.output == "flush requested: a portolan serve running on spool tries every queued message within a second\n")
        #expect(FileManager.default.fileExists(atPath: workspace.url("spool/flush").path))

        let deleted = try Self.portolan(workspace, ["queue", "spool", "--delete", firstID])
        #expect(deleted.status == 0 && deleted.output == "deleted \(firstID)\n")
        let again = try Self.portolan(workspace, ["queue", "spool", "--delete", firstID])
        #expect(again.status == 1 && again.output.isEmpty)
        #expect(again.error == "portolan queue: no message \(firstID) in spool\n")
        let rest = try Self.portolan(workspace, ["queue", "spool"])
        #expect(rest.output.hasPrefix("\(secondID)  Tue, 14 Nov 2023 22:14:20 +0000  "))
        #expect(rest.output.hasSuffix("1 message queued.\n"))
        _ = try Self.portolan(workspace, ["queue", "spool", "--delete", secondID])
        #expect(try Self.portolan(workspace, ["queue", "spool"]).output == "The queue is empty.\n")
        #expect(try Self.portolan(workspace, ["queue", "spool", "--format", "json"]).output == "[]\n")
    }

    @Test func badSubmissionsAndMissingSpoolsAreRefusedWithTheirExitStatus() throws {
        let workspace = try Workspace()
        let none = try Self.portolan(workspace, ["sendmail", "-f", "alice@acme.example"], input: "Subject: to nobody\n\nHello.\n")
        #expect(none.status == 2)
        #expect(none.error.hasPrefix("portolan sendmail: "), "\(none.error)")
        let bad = try Self.portolan(workspace, ["sendmail", "-f", "alice@acme.example", "not an address"], input: "Subject: x\n\nx\n")
        #expect(bad.status == 2)
        #expect(bad.error == "portolan sendmail: the recipient `not an address` is not a mail address (local@domain, or postmaster)\n")
        #expect(((try? Self.ids(in: workspace)) ?? []).isEmpty, "nothing was queued")

        let missing = try Self.portolan(workspace, ["queue", "no-such-spool"])
        #expect(missing.status == 1 && missing.output.isEmpty)
        #expect(missing.error == "portolan queue: no-such-spool is not a spool (it has no new/ folder)\n")
    }
}
