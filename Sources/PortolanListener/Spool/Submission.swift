import Foundation

/// Why a message handed to sendmail(1) cannot be queued; the text names
/// what is wrong and where.
public struct SubmissionError: Error, Sendable, Equatable, CustomStringConvertible {
    public var description: String

    public init(_ description: String) {
        self.description = description
    }
}

/// A message given on standard input the way sendmail(1) takes it, made
/// ready for the queue: its lines end with CRLF, and it carries `From:`,
/// `Date:` and `Message-ID:`, as a message on the wire must (RFC 5322 3.6).
///
/// Invariants: `message` holds no NUL and no CR or LF but in a CRLF that
/// ends a line, since an SMTP peer refuses both (RFC 5321 2.3.8, 4.1.1.4);
/// `recipients` is not empty, every one passes `Address.isValid`, and none
/// is there twice.
///
/// The header section is the lines up to the first empty one, or up to the
/// first line that is neither a header field nor the continuation of one
/// (`echo hello | sendmail ...`): that line begins the body, after an
/// empty line added to part it from the headers. The `Bcc:` header is always
/// removed, with `-t` or without, so that no recipient learns of the blind
/// copies. Lines longer than 998 octets are left as they are.
public struct Submission: Sendable, Equatable {
    /// CRLF lines, as a spool stores them (not dot-stuffed).
    public var message: [UInt8]
    public var recipients: [String]

    public init(message: [UInt8], recipients: [String]) {
        self.message = message
        self.recipients = recipients
    }

    /// sendmail -f SENDER, -t, -i (-oi) semantics; `arguments` are the
    /// recipients given on the command line, `user@domain` or `<user@domain>`.
    ///
    /// - `ignoreDots` (`-i`): the input ends only at its end; without it, a
    ///   line that is a single `.` ends the message, as sendmail's default.
    /// - `extractRecipients` (`-t`): the addresses of `To:`, `Cc:` and `Bcc:`
    ///   are added after the arguments, as Postfix's sendmail does (classic
    ///   sendmail would remove them instead); `Resent-` headers are not read.
    /// - `sender` is the envelope sender (`-f`), empty for `<>`. `From:` is
    ///   added when absent: `<sender>`, `<MAILER-DAEMON@host>` for `<>`, and
    ///   a sender without a domain (`postmaster`) gets `@host`.
    /// - `Date:` is `date` and `Message-ID:` is `<messageID@host>`, each when absent.
    public static func prepare(
        input: [UInt8], arguments: [String], extractRecipients: Bool, ignoreDots: Bool, sender: String, host: String, date: Date,
        messageID: String
    ) throws(SubmissionError) -> Submission {
        guard sender.isEmpty || Address.isValid(sender) else {
            throw SubmissionError("the sender `\(sender)` is not a mail address (local@domain, or empty for <>)")
        }
        let (header, body) = try sections(of: lines(of: input, ignoreDots: ignoreDots))
        var recipients = try arguments.map { argument throws(SubmissionError) in try recipient(argument) }
        if extractRecipients {
            for field in header where ["to", "cc", "bcc"].contains(field.name) {
                do throws(AddressList.Problem) {
                    recipients += try AddressList.mailboxes(in: field.value)
                } catch {
                    throw SubmissionError("the \(field.writtenName): header on line \(field.line): \(error.text)")
                }
            }
        }
        recipients = unique(recipients)
        guard !recipients.isEmpty else {
            throw SubmissionError(
                extractRecipients
                    ? "no recipients: none given as arguments, and no address in To:, Cc: or Bcc:"
                    : "no recipients: give them as arguments, or use -t to take them from To:, Cc: and Bcc:")
        }
        let present = Set(header.map(\.name))
        var added: [String] = []
        if !present.contains("from") {
            added.append("From: <\(sender.isEmpty ? "MAILER-DAEMON@\(host)" : sender.contains("@") ? sender : "\(sender)@\(host)")>")
        }
        if !present.contains("date") { added.append("Date: \(ReceivedHeader.rfc5322Date(date))") }
        if !present.contains("message-id") { added.append("Message-ID: <\(messageID)@\(host)>") }
        var message: [UInt8] = []
        for line in added { message += Array(line.utf8) + crlf }
        for field in header where field.name != "bcc" {
            for line in field.lines { message += line + crlf }
        }
        for line in body { message += line + crlf }
        return Submission(message: message, recipients: recipients)
    }

    static let crlf: [UInt8] = [.cr, .lf]

    /// An argument, `user@domain` or `<user@domain>`, as a mailbox.
    static func recipient(_ argument: String) throws(SubmissionError) -> String {
        let mailbox = argument.hasPrefix("<") && argument.hasSuffix(">") && argument.count >= 2
            ? String(argument.dropFirst().dropLast()) : argument
        guard Address.isValid(mailbox) else {
            throw SubmissionError("the recipient `\(argument)` is not a mail address (local@domain, or postmaster)")
        }
        return mailbox
    }

    /// The first of each recipient, in order; the domain (and a bare
    /// `postmaster`) compared without case, as DNS and RFC 5321 compare them,
    /// the local part as written.
    static func unique(_ recipients: [String]) -> [String] {
        var seen = Set<String>()
        return recipients.filter { recipient in
            guard let at = recipient.lastIndex(of: "@"), let domain = Address.domain(of: recipient) else {
                return seen.insert(recipient.lowercased()).inserted
            }
            return seen.insert(recipient[..<at] + "@" + domain).inserted
        }
    }

    // MARK: Lines

    /// The input's lines without their ends: a line ends at LF, with or
    /// without a CR before it; a last line without one counts. Without
    /// `ignoreDots`, a line of a single `.` ends the input.
    static func lines(of input: [UInt8], ignoreDots: Bool) throws(SubmissionError) -> [ArraySlice<UInt8>] {
        var lines: [ArraySlice<UInt8>] = []
        var start = 0
        while start < input.count {
            let end = input[start...].firstIndex(of: .lf) ?? input.count
            var line = input[start..<end]
            if end < input.count && line.last == .cr { line = line.dropLast() }
            if !ignoreDots && line.elementsEqual([.dot]) { break }
            if line.contains(0) { throw SubmissionError("line \(lines.count + 1) holds a NUL byte, which mail cannot carry") }
            if line.contains(.cr) {
                throw SubmissionError("line \(lines.count + 1) holds a CR that does not end the line, which mail cannot carry")
            }
            lines.append(line)
            start = end + 1
        }
        return lines
    }

    /// One header field: its lines (the first and its continuations) and where it starts.
    struct Field {
        var lines: [ArraySlice<UInt8>]
        /// The name as written, and lowercased for comparing.
        var writtenName: String
        var name: String
        var line: Int

        /// The unfolded value: everything after the colon.
        var value: String {
            var bytes = Array(lines[0].drop { $0 != .colon }.dropFirst())
            for continuation in lines.dropFirst() { bytes += continuation }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// The header fields, and the body with the empty line that parts it
    /// from them (added when a line that is no header ended the headers).
    static func sections(of lines: [ArraySlice<UInt8>]) -> (header: [Field], body: [ArraySlice<UInt8>]) {
        var fields: [Field] = []
        for (index, line) in lines.enumerated() {
            if let name = fieldName(line) {
                fields.append(Field(lines: [line], writtenName: name, name: name.lowercased(), line: index + 1))
            } else if let first = line.first, first == .space || first == .tab, !fields.isEmpty {
                fields[fields.count - 1].lines.append(line)
            } else {
                return (fields, (line.isEmpty ? [] : [[]]) + lines[index...])
            }
        }
        return (fields, [])
    }

    /// The name of the field that `line` starts, when it starts one: printable
    /// ASCII but `:` (RFC 5322 2.2), then the colon, with spaces before it
    /// tolerated (obs-field, 4.5).
    static func fieldName(_ line: ArraySlice<UInt8>) -> String? {
        let name = line.prefix { $0 > 0x20 && $0 < 0x7F && $0 != .colon }
        guard !name.isEmpty, line[name.endIndex...].drop(while: { $0 == .space || $0 == .tab }).first == .colon else { return nil }
        return String(decoding: name, as: UTF8.self)
    }
}
