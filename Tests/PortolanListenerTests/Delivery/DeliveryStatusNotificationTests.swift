import Foundation
import PortolanListener
import Testing

/// The bounce, byte for byte, and as a MIME reader takes it apart.
@Suite struct DeliveryStatusNotificationTests {
    static let original = Array("""
        Received: from client.example (unknown [192.0.2.7])\r
        \tby spoke.acme.example (Portolan) with ESMTP id 1700000000.0123456789abcdef\r
        From: Carol <carol@acme.example>\r
        Subject: Quarterly figures\r
        \r
        The body, which the bounce leaves out.\r

        """.utf8)

    static let bob = BouncedRecipient(
        recipient: "bob@branch.example",
        reply: "550 5.1.1 <bob@branch.example>: Recipient address rejected: User unknown in virtual mailbox table", replyCode: 550,
        remoteMTA: "mx.branch.example")
    static let dave = BouncedRecipient(recipient: "dave@other.example", reply: "cannot connect to 127.0.0.1:25: Connection refused")
    static let erin = BouncedRecipient(recipient: "erin@third.example", reply: "554 Transaction failed", replyCode: 554, remoteMTA: "mx.third.example")

    static func render(_ recipients: [BouncedRecipient], original: [UInt8] = original, id: String = "1700000000.0123456789abcdef")
        -> String
    {
        let bytes = DeliveryStatusNotification.render(
            reportingHost: "spoke.acme.example", to: "carol@acme.example", recipients: recipients, originalMessage: original,
            arrivalDate: Date(timeIntervalSince1970: 1_700_000_000), date: Date(timeIntervalSince1970: 1_700_086_400), id: id)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func goldenBounce() {
        #expect(Self.render([Self.bob, Self.dave, Self.erin]) == """
            From: Mail Delivery System <MAILER-DAEMON@spoke.acme.example>\r
            To: <carol@acme.example>\r
            Subject: Undelivered Mail Returned to Sender\r
            Date: Wed, 15 Nov 2023 22:13:20 +0000\r
            Message-ID: <1700000000.0123456789abcdef@spoke.acme.example>\r
            Auto-Submitted: auto-replied\r
            MIME-Version: 1.0\r
            Content-Type: multipart/report; report-type=delivery-status;\r
            \tboundary="=_1700000000.0123456789abcdef"\r
            \r
            This is a MIME-encapsulated message.\r
            \r
            --=_1700000000.0123456789abcdef\r
            Content-Description: Notification\r
            Content-Type: text/plain; charset=us-ascii\r
            \r
            This is the mail delivery system at spoke.acme.example.\r
            \r
            Your message could not be delivered to the recipients below, and will not be\r
            tried again. Its headers are attached.\r
            \r
            <bob@branch.example>: mx.branch.example said: 550 5.1.1 <bob@branch.example>:\r
                Recipient address rejected: User unknown in virtual mailbox table\r
            \r
            <dave@other.example>: cannot connect to 127.0.0.1:25: Connection refused\r
            \r
            <erin@third.example>: mx.third.example said: 554 Transaction failed\r
            \r
            --=_1700000000.0123456789abcdef\r
            Content-Description: Delivery report\r
            Content-Type: message/delivery-status\r
            \r
            Reporting-MTA: dns; spoke.acme.example\r
            Arrival-Date: Tue, 14 Nov 2023 22:13:20 +0000\r
            \r
            Final-Recipient: rfc822; bob@branch.example\r
            Action: failed\r
            Status: 5.1.1\r
            Remote-MTA: dns; mx.branch.example\r
            Diagnostic-Code: smtp; 550 5.1.1 <bob@branch.example>: Recipient address\r
                rejected: User unknown in virtual mailbox table\r
            \r
            Final-Recipient: rfc822; dave@other.example\r
            Action: failed\r
            Status: 5.0.0\r
            Diagnostic-Code: X-Portolan; cannot connect to 127.0.0.1:25: Connection\r
                refused\r
            \r
            Final-Recipient: rfc822; erin@third.example\r
            Action: failed\r
            Status: 5.0.0\r
            Remote-MTA: dns; mx.third.example\r
            Diagnostic-Code: smtp; 554 Transaction failed\r
            \r
            --=_1700000000.0123456789abcdef\r
            Content-Description: Undelivered Message Headers\r
            Content-Type: text/rfc822-headers\r
            \r
            Received: from client.example (unknown [192.0.2.7])\r
            \tby spoke.acme.example (Portolan) with ESMTP id 1700000000.0123456789abcdef\r
            From: Carol <carol@acme.example>\r
            Subject: Quarterly figures\r
            \r
            --=_1700000000.0123456789abcdef--\r

            """)
    }

    /// Python's `email` package, a MIME reader written apart from this one,
    /// finds the three parts, every delivery-status field and the original
    /// Subject, and no defect in any part.
    @Test func aMIMEReaderTakesItApart() throws {
        let script = """
            import email, sys
            message = email.message_from_bytes(sys.stdin.buffer.read())
            parts = message.get_payload()
            print(message.get_content_type(), message.get_param("report-type"), [p.get_content_type() for p in parts])
            print("defects:", [type(d).__name__ for p in [message] + parts for d in p.defects])
            print("charset:", parts[0].get_content_charset())
            for block in parts[1].get_payload():
                print(" | ".join(name + ": " + " ".join(value.split()) for name, value in block.items()))
            print("Subject:", email.message_from_string(parts[2].get_payload())["Subject"])
            print("original body:", repr(email.message_from_string(parts[2].get_payload()).get_payload()))
            """
        let output = try Self.python(script, input: Array(Self.render([Self.bob, Self.dave, Self.erin]).utf8))
        #expect(output == """
            multipart/report delivery-status ['text/plain', 'message/delivery-status', 'text/rfc822-headers']
            defects: []
            charset: us-ascii
            Reporting-MTA: dns; spoke.acme.example | Arrival-Date: Tue, 14 Nov 2023 22:13:20 +0000
            Final-Recipient: rfc822; bob@branch.example | Action: failed | Status: 5.1.1 | Remote-MTA: dns; mx.branch.example | \
            Diagnostic-Code: smtp; 550 5.1.1 <bob@branch.example>: Recipient address rejected: User unknown in virtual mailbox table
            Final-Recipient: rfc822; dave@other.example | Action: failed | Status: 5.0.0 | \
            Diagnostic-Code: X-Portolan; cannot connect to 127.0.0.1:25: Connection refused
            Final-Recipient: rfc822; erin@third.example | Action: failed | Status: 5.0.0 | Remote-MTA: dns; mx.third.example | \
            Diagnostic-Code: smtp; 554 Transaction failed
            Subject: Quarterly figures
            original body: ''

            """)
    }

    /// `Status:` is the reply's enhanced code when it is one of the reply's
    /// class, else `5.0.0`; `Diagnostic-Code:` starts with the reply code.
    @Test(arguments: [
        ("550 5.1.1 <x@y.example>: no such user", 550, "5.1.1", "smtp; 550 5.1.1 <x@y.example>: no such user"),
        ("450 4.2.2 Mailbox full", 450, "4.2.2", "smtp; 450 4.2.2 Mailbox full"),
        ("550 5.1.1", 550, "5.1.1", "smtp; 550 5.1.1"),
        ("550 4.1.1 class of another reply", 550, "5.0.0", "smtp; 550 4.1.1 class of another reply"),
        ("550 5.1234.1 detail too long", 550, "5.0.0", "smtp; 550 5.1234.1 detail too long"),
        ("550 5.1 two fields", 550, "5.0.0", "smtp; 550 5.1 two fields"),
        ("550 5.1.1x not a word", 550, "5.0.0", "smtp; 550 5.1.1x not a word"),
        ("250 2.0.0 Ok", 250, "5.0.0", "smtp; 250 2.0.0 Ok"),
        // The code missing from the text is put before it.
        ("5.7.1 Relaying denied", 554, "5.7.1", "smtp; 554 5.7.1 Relaying denied"),
        ("5501 not the code", 550, "5.0.0", "smtp; 550 5501 not the code"),
    ] as [(String, Int, String, String)])
    func statusFollowsTheReply(reply: String, code: Int, status: String, diagnostic: String) {
        let bounced = BouncedRecipient(recipient: "x@y.example", reply: reply, replyCode: code, remoteMTA: "mx.y.example")
        #expect(Self.fields(Self.render([bounced])) == [
            "Final-Recipient: rfc822; x@y.example", "Action: failed", "Status: \(status)", "Remote-MTA: dns; mx.y.example",
            "Diagnostic-Code: \(diagnostic)",
        ])
    }

    @Test func aReasonIsNoSMTPDiagnostic() {
        #expect(Self.fields(Self.render([BouncedRecipient(recipient: "x@y.example", reply: "given up after 24 hours")])) == [
            "Final-Recipient: rfc822; x@y.example", "Action: failed", "Status: 5.0.0", "Diagnostic-Code: X-Portolan; given up after 24 hours",
        ])
        #expect(Self.fields(Self.render([BouncedRecipient(recipient: "x@y.example", reply: "")])) == [
            "Final-Recipient: rfc822; x@y.example", "Action: failed", "Status: 5.0.0",
        ])
    }

    /// A peer's non-ASCII text and line breaks become `?`: the bounce stays
    /// 7-bit and nobody's reply adds a header to it.
    @Test func onlyPrintableASCIIComesOut() {
        let bounced = BouncedRecipient(
            recipient: "j\u{FC}rgen@y.example", reply: "550 5.7.1 Zugriff f\u{FC}r J\u{FC}rgen verweigert\r\nX-Injected: yes",
            replyCode: 550, remoteMTA: "mx.y.example\tz")
        let original = Array("Subject: Gr\u{FC}\u{DF}e\r\nX-Bytes: \u{1}\u{7F}\u{FF}\r\n\r\n".utf8) + [0xC3, 0x0D, 0x0A]
        let output = Self.render([bounced], original: original)
        #expect(output.utf8.allSatisfy { $0 < 0x80 })
        #expect(Self.fields(output) == [
            "Final-Recipient: rfc822; j?rgen@y.example", "Action: failed", "Status: 5.7.1", "Remote-MTA: dns; mx.y.example z",
            "Diagnostic-Code: smtp; 550 5.7.1 Zugriff f?r J?rgen verweigert??X-Injected:", "    yes",
        ])
        #expect(Self.copiedHeaders(output) == ["Subject: Gr??e", "X-Bytes: ???"])
        #expect(output.contains("\r\n\r\n<j?rgen@y.example>: mx.y.example z said: 550 5.7.1 Zugriff f?r J?rgen\r\n    verweigert??X-Injected: yes\r\n\r\n--=_"))
    }

    /// Text is folded at spaces to 78 columns; a word too long for 998
    /// octets is cut, and so is a copied header line.
    @Test func noLineIsLongerThan998Octets() {
        let word = String(repeating: "x", count: 2_500)
        let bounced = BouncedRecipient(recipient: "x@y.example", reply: "550 5.0.0 " + word, replyCode: 550)
        let output = Self.render([bounced], original: Array("X-Long: \(String(repeating: "y", count: 2_500))\r\n\r\n".utf8))
        let lines = output.components(separatedBy: "\r\n")
        #expect(lines.map(\.utf8.count).max() == 998)
        let indent = "    "
        let x994 = String(repeating: "x", count: 994)
        #expect(Array(Self.fields(output).suffix(4)) == [
            "Diagnostic-Code: smtp; 550 5.0.0", indent + x994, indent + x994, indent + String(repeating: "x", count: 512),
        ])
        #expect(Self.copiedHeaders(output) == [
            "X-Long: " + String(repeating: "y", count: 990), " " + String(repeating: "y", count: 997), " " + String(repeating: "y", count: 513),
        ])
        #expect(lines.contains(indent + x994) && lines.contains("<x@y.example>: 550 5.0.0"))
    }

    /// A header section with no body, or none at all.
    @Test func headerSectionIsUpToTheFirstEmptyLine() {
        #expect(Self.copiedHeaders(Self.render([Self.dave], original: Array("Subject: only headers".utf8))) == ["Subject: only headers"])
        #expect(Self.copiedHeaders(Self.render([Self.dave], original: Array("Subject: a\nX-Bare: lf\n\nbody\n".utf8))) == [
            "Subject: a", "X-Bare: lf",
        ])
        #expect(Self.copiedHeaders(Self.render([Self.dave], original: Array("\r\nSubject: in the body\r\n".utf8))) == [])
        #expect(Self.copiedHeaders(Self.render([Self.dave], original: [])) == [])
    }

    /// The boundary is `=_` and the id, made of boundary characters; a copied
    /// line that starts with it makes it longer.
    @Test func boundaryComesFromTheIdAndIsInNoPart() {
        func boundaries(_ output: String) -> [String] {
            output.components(separatedBy: "\r\n").filter { $0.hasPrefix("\tboundary=") || $0.hasPrefix("--=_") && !$0.contains(":") }
        }
        #expect(boundaries(Self.render([Self.dave], id: "a b<c>")) == [
            "\tboundary=\"=_a?b?c?\"", "--=_a?b?c?", "--=_a?b?c?", "--=_a?b?c?", "--=_a?b?c?--",
        ])
        let output = Self.render([Self.dave], original: Array("--=_ID: x\r\n--=_ID_: y\r\n\r\n".utf8), id: "ID")
        #expect(boundaries(output) == ["\tboundary=\"=_ID__\"", "--=_ID__", "--=_ID__", "--=_ID__", "--=_ID__--"])
        #expect(output.contains("\r\nMessage-ID: <ID@spoke.acme.example>\r\n"))
        #expect(Self.render([Self.dave], id: "a b<c>").contains("\r\nMessage-ID: <a?b?c?@spoke.acme.example>\r\n"))
    }

    // MARK: Helpers

    /// The per-recipient fields of the delivery-status part, continuation lines kept.
    static func fields(_ output: String) -> [String] {
        let lines = output.components(separatedBy: "\r\n")
        guard let start = lines.firstIndex(where: { $0.hasPrefix("Final-Recipient:") }) else { return [] }
        return Array(lines[start...].prefix { !$0.isEmpty })
    }

    /// The lines of the `text/rfc822-headers` part.
    static func copiedHeaders(_ output: String) -> [String] {
        let lines = output.components(separatedBy: "\r\n")
        guard let type = lines.firstIndex(of: "Content-Type: text/rfc822-headers") else { return [] }
        return Array(lines[(type + 2)...].prefix { !$0.isEmpty })
    }

    /// Runs `python3 -c script` with `input` on standard input; its output, or its error when it fails.
    static func python(_ script: String, input: [UInt8]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        (process.standardInput, process.standardOutput, process.standardError) = (stdin, stdout, stderr)
        try process.run()
        // The input is small enough for the pipe's buffer, the output too.
        try stdin.fileHandleForWriting.write(contentsOf: input)
        try stdin.fileHandleForWriting.close()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        let error = stderr.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return "python3 failed: " + String(decoding: error, as: UTF8.self) }
        return String(decoding: output, as: UTF8.self)
    }
}
