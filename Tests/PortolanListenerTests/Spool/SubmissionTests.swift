import Foundation
import PortolanListener
import Testing

/// A message as sendmail(1) takes it on standard input, made ready for the queue.
@Suite struct SubmissionTests {
    static let date = "Tue, 14 Nov 2023 22:13:20 +0000"
    static let added = "From: <carol@acme.example>\r\nDate: \(date)\r\nMessage-ID: <1700000000.abc@spoke.acme.example>\r\n"

    static func prepare(
        _ input: String, _ arguments: [String] = ["dave@other.example"], t: Bool = false, i: Bool = false,
        sender: String = "carol@acme.example"
    ) throws(SubmissionError) -> Submission {
        try Submission.prepare(
            input: Array(input.utf8), arguments: arguments, extractRecipients: t, ignoreDots: i, sender: sender, host: "spoke.acme.example",
            date: Date(timeIntervalSince1970: 1_700_000_000), messageID: "1700000000.abc")
    }

    static func text(_ submission: Submission) -> String { String(decoding: submission.message, as: UTF8.self) }

    /// LF, CRLF or both: CRLF out; a last line without a newline gets one.
    @Test(arguments: [
        "Subject: hi\nTo: dave@other.example\n\nline one\nline two",
        "Subject: hi\r\nTo: dave@other.example\r\n\r\nline one\r\nline two\r\n",
        "Subject: hi\r\nTo: dave@other.example\n\r\nline one\nline two\r\n",
    ])
    func linesEndWithCRLF(input: String) throws {
        let submission = try Self.prepare(input)
        #expect(submission == Submission(
            message: Array((Self.added + "Subject: hi\r\nTo: dave@other.example\r\n\r\nline one\r\nline two\r\n").utf8),
            recipients: ["dave@other.example"]))
    }

    /// Without -i a line of a single `.` (LF, CRLF, or last) ends the
    /// message and the rest is not read; other dots are kept as they are,
    /// never stuffed nor unstuffed. With -i only the end of input ends it.
    @Test func aLoneDotEndsTheMessageUnlessIgnoringDots() throws {
        let input = "Subject: s\n\n..two dots\n .\n.\nafter\u{0}\n"
        #expect(Self.text(try Self.prepare(input)) == Self.added + "Subject: s\r\n\r\n..two dots\r\n .\r\n")
        #expect(Self.text(try Self.prepare("Subject: s\r\n\r\nbefore\r\n.\r\nafter\r\n")) == Self.added + "Subject: s\r\n\r\nbefore\r\n")
        #expect(Self.text(try Self.prepare("Subject: s\n\nbefore\n.")) == Self.added + "Subject: s\r\n\r\nbefore\r\n")
        #expect(Self.text(try Self.prepare(".\nSubject: s\n")) == Self.added)
        #expect(Self.text(try Self.prepare("Subject: s\n\nbefore\n.\nafter\n.", i: true))
            == Self.added + "Subject: s\r\n\r\nbefore\r\n.\r\nafter\r\n.\r\n")
        #expect(throws: SubmissionError("line 6 holds a NUL byte, which mail cannot carry")) { try Self.prepare(input, i: true) }
    }

    /// -t: the arguments first, then To:, Cc: and Bcc: (folded, with display
    /// names, comments, groups); each recipient once; Bcc: leaves the message.
    @Test func extractsRecipientsFromFoldedHeadersAndDropsBcc() throws {
        let input = """
            From: Carol <carol@acme.example>
            To: Bob <bob@branch.example>,
            \t"Dave, the Second" <dave@other.example>
            Bcc: hidden@secret.example,
              other-hidden@secret.example
            Cc: erin@third.example (Erin),
             undisclosed-recipients:;, team: frank@fourth.example, "g h"@fifth.example;
            Subject: figures

            Bcc: in the body stays
            """
        let submission = try Self.prepare(input, ["admin@acme.example", "<bob@Branch.Example>"], t: true)
        #expect(submission.recipients == [
            "admin@acme.example", "bob@Branch.Example", "dave@other.example", "hidden@secret.example", "other-hidden@secret.example",
            "erin@third.example", "frank@fourth.example", "\"g h\"@fifth.example",
        ])
        let headers = """
            From: Carol <carol@acme.example>\r
            To: Bob <bob@branch.example>,\r
            \t"Dave, the Second" <dave@other.example>\r
            Cc: erin@third.example (Erin),\r
             undisclosed-recipients:;, team: frank@fourth.example, "g h"@fifth.example;\r
            Subject: figures\r
            \r
            Bcc: in the body stays\r

            """
        #expect(Self.text(submission) == "Date: \(Self.date)\r\nMessage-ID: <1700000000.abc@spoke.acme.example>\r\n" + headers)
        // Without -t only the arguments count, and Bcc: is removed all the same.
        let plain = try Self.prepare(input, ["admin@acme.example"])
        #expect(plain.recipients == ["admin@acme.example"])
        #expect(plain.message == submission.message)
    }

    /// The same recipient twice: the domain (and postmaster) without case, the local part as written.
    @Test func eachRecipientOnce() throws {
        let submission = try Self.prepare(
            "To: a@X.example, A@x.example, a@x.example., Postmaster, b@y.example\n",
            ["a@x.example", "postmaster", "<b@y.example>"], t: true)
        #expect(submission.recipients == ["a@x.example", "postmaster", "b@y.example", "A@x.example"])
    }

    @Test(arguments: [
        ("Bob <bob@x.example>", ["bob@x.example"]),
        ("\"Smith, Bob\" <bob@x.example>, carol@y.example", ["bob@x.example", "carol@y.example"]),
        ("undisclosed-recipients:;", []),
        ("undisclosed-recipients:", []),
        ("team: a@x.example, (comment) b@y.example (Bee);, c@z.example", ["a@x.example", "b@y.example", "c@z.example"]),
        ("Bob (the (nested \\) one) comment) <bob@x.example>", ["bob@x.example"]),
        ("<@relay.example,@other.example:c@z.example>", ["c@z.example"]),
        ("=?UTF-8?Q?J=C3=BCrgen?= <j@x.example>", ["j@x.example"]),
        ("J\u{FC}rgen M. <j@x.example>", ["j@x.example"]),
        ("\"quoted local\"@x.example, \"a\\\"b\"@x.example", ["\"quoted local\"@x.example", "\"a\\\"b\"@x.example"]),
        ("a@x.example,, b@x.example ,", ["a@x.example", "b@x.example"]),
        ("a@[192.0.2.1], first . last @ x.example", ["a@[192.0.2.1]", "first.last@x.example"]),
        ("postmaster", ["postmaster"]),
        ("", []),
    ] as [(String, [String])])
    func addressListSyntax(value: String, mailboxes: [String]) throws {
        let submission = try Self.prepare("To: \(value)\n\nx\n", ["admin@acme.example"], t: true)
        #expect(submission.recipients == ["admin@acme.example"] + mailboxes)
    }

    /// From:, Date: and Message-ID: are added on top when absent (names
    /// without case), never when present.
    @Test func headersAddedOnlyWhenAbsent() throws {
        let complete = "from: x@y.example\nDATE: Mon, 13 Nov 2023 10:00:00 +0000\nMessage-Id: <m@y.example>\n\nbody\n"
        #expect(Self.text(try Self.prepare(complete)) == complete.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(Self.text(try Self.prepare("Subject: s\nDate : Mon, 13 Nov 2023 10:00:00 +0000\n\nbody\n"))
            == "From: <carol@acme.example>\r\nMessage-ID: <1700000000.abc@spoke.acme.example>\r\n"
            + "Subject: s\r\nDate : Mon, 13 Nov 2023 10:00:00 +0000\r\n\r\nbody\r\n")
        #expect(Self.text(try Self.prepare("", sender: "")) == Self.added.replacingOccurrences(
            of: "<carol@acme.example>", with: "<MAILER-DAEMON@spoke.acme.example>"))
        #expect(Self.text(try Self.prepare("", sender: "postmaster")) == Self.added.replacingOccurrences(
            of: "<carol@acme.example>", with: "<postmaster@spoke.acme.example>"))
    }

    /// A line that is neither a header field nor a continuation ends the
    /// headers, and an empty line is put before it.
    @Test(arguments: [
        ("hello world\nsecond\n", "\r\nhello world\r\nsecond\r\n"),
        ("Subject: x\nnot a header\n", "Subject: x\r\n\r\nnot a header\r\n"),
        ("  indented first\n", "\r\n  indented first\r\n"),
        ("From someone Mon Nov 13 10:00:00 2023\nSubject: x\n", "\r\nFrom someone Mon Nov 13 10:00:00 2023\r\nSubject: x\r\n"),
        (": no name\n", "\r\n: no name\r\n"),
        ("Subject: only headers\n", "Subject: only headers\r\n"),
        ("\nSubject: in the body\n", "\r\nSubject: in the body\r\n"),
        ("", ""),
    ])
    func aLineThatIsNoHeaderBeginsTheBody(input: String, expected: String) throws {
        #expect(Self.text(try Self.prepare(input)) == Self.added + expected)
    }

    @Test(arguments: [
        ("Subject: x\n\nb\n", [], false, "carol@acme.example",
         "no recipients: give them as arguments, or use -t to take them from To:, Cc: and Bcc:"),
        ("To: undisclosed-recipients:;\n\nb\n", [], true, "carol@acme.example",
         "no recipients: none given as arguments, and no address in To:, Cc: or Bcc:"),
        ("", ["bob"], false, "carol@acme.example", "the recipient `bob` is not a mail address (local@domain, or postmaster)"),
        ("", ["<bob@x.example"], false, "carol@acme.example",
         "the recipient `<bob@x.example` is not a mail address (local@domain, or postmaster)"),
        ("", ["Bob <bob@x.example>"], false, "carol@acme.example",
         "the recipient `Bob <bob@x.example>` is not a mail address (local@domain, or postmaster)"),
        ("", ["bob@-bad.example"], false, "carol@acme.example",
         "the recipient `bob@-bad.example` is not a mail address (local@domain, or postmaster)"),
        ("", [""], false, "carol@acme.example", "the recipient `` is not a mail address (local@domain, or postmaster)"),
        ("", ["<>"], false, "carol@acme.example", "the recipient `<>` is not a mail address (local@domain, or postmaster)"),
        ("", ["a@x.example"], false, "carol", "the sender `carol` is not a mail address (local@domain, or empty for <>)"),
        ("", ["a@x.example"], false, "<carol@acme.example>",
         "the sender `<carol@acme.example>` is not a mail address (local@domain, or empty for <>)"),
        ("To: Bob Smith\n\n", [], true, "carol@acme.example",
         "the To: header on line 1: `Bob Smith` is not a mail address (local@domain)"),
        ("Subject: x\nto: a@x.example\nCC: broken <a@x.example\n", [], true, "carol@acme.example",
         "the CC: header on line 3: an unclosed <"),
        ("To: \"Bob <b@x.example>\n", [], true, "carol@acme.example", "the To: header on line 1: an unclosed quoted string"),
        ("To: (Bob <b@x.example>\n", [], true, "carol@acme.example", "the To: header on line 1: an unclosed comment"),
        ("To: a@[192.0.2.1\n", [], true, "carol@acme.example", "the To: header on line 1: an unclosed domain literal"),
        ("To: <a@x.example> junk\n", [], true, "carol@acme.example", "the To: header on line 1: `junk` after an address in <>"),
        ("To: a@x.example <b@x.example>\n", [], true, "carol@acme.example",
         "the To: header on line 1: unexpected `<` after `a@x.example`"),
        ("To: a@x.example;\n", [], true, "carol@acme.example", "the To: header on line 1: unexpected `;` after `a@x.example`"),
        ("To: <>\n", [], true, "carol@acme.example", "the To: header on line 1: `<>` is not a mail address (local@domain)"),
        ("Bcc: a@x.example,\n b@\n", [], true, "carol@acme.example",
         "the Bcc: header on line 1: `b@` is not a mail address (local@domain)"),
        ("Subject: x\n\nline\nbad\u{0}line\n", ["a@x.example"], false, "carol@acme.example",
         "line 4 holds a NUL byte, which mail cannot carry"),
        ("Subject: a\rb\n", ["a@x.example"], false, "carol@acme.example",
         "line 1 holds a CR that does not end the line, which mail cannot carry"),
        ("Subject: a\n\nlast\r", ["a@x.example"], false, "carol@acme.example",
         "line 3 holds a CR that does not end the line, which mail cannot carry"),
    ] as [(String, [String], Bool, String, String)])
    func refusesWithAClearText(input: String, arguments: [String], t: Bool, sender: String, text: String) {
        #expect(throws: SubmissionError(text)) { try Self.prepare(input, arguments, t: t, sender: sender) }
    }

    @Test func errorsReadAsTheirText() {
        #expect("\(SubmissionError("no recipients"))" == "no recipients")
    }
}
