import Foundation

/// A recipient that a delivery status notification reports as failed, and why.
public struct BouncedRecipient: Sendable, Equatable {
    /// The envelope recipient, as the sender gave it at RCPT.
    public var recipient: String
    /// The peer's reply as text (`550 5.1.1 <x@y>: Recipient address
    /// rejected`), or, when no peer's reply decided it, the reason
    /// (`cannot connect to 127.0.0.1:25: Connection refused`).
    public var reply: String
    /// The reply's code when `reply` is a peer's reply, nil when it is a reason.
    public var replyCode: Int?
    /// The peer's host name, when one answered.
    public var remoteMTA: String?

    public init(recipient: String, reply: String, replyCode: Int? = nil, remoteMTA: String? = nil) {
        self.recipient = recipient
        self.reply = reply
        self.replyCode = replyCode
        self.remoteMTA = remoteMTA
    }
}

/// The bounce sent to an envelope sender when recipients failed: a
/// `multipart/report` (RFC 3462) of a text for people, a
/// `message/delivery-status` (RFC 3464) for programs, and the original
/// message's header section (`text/rfc822-headers`), never its body.
///
/// Invariants: the output depends only on the arguments (the MIME boundary
/// comes from `id`), so a fixed clock and id give fixed bytes; every line
/// ends with CRLF and has at most 998 octets; every byte is ASCII, so the
/// bounce needs no 8BITMIME from the peer that takes it.
///
/// Per recipient, `Status:` is the reply's enhanced status code (RFC 3463)
/// when it has one of its own class, else `5.0.0`. `Diagnostic-Code:` is
/// `smtp; REPLY` for a peer's reply and `X-Portolan; REASON` for a reason
/// (RFC 3464 2.3.6 allows `X-` types), so a reader can tell which side
/// decided. A character that is not printable ASCII becomes `?`, in the
/// copied header section too; long text is folded at spaces and a word
/// too long for a line is cut.
///
/// The caller sends it with `MAIL FROM:<>` and never renders one for a
/// message whose sender is `<>` (RFC 5321 6.1), so bounces cannot loop.
public enum DeliveryStatusNotification {
    /// The bounce message, CRLF lines, ready to queue with MAIL FROM:<> to `sender`.
    public static func render(
        reportingHost: String, to sender: String, recipients: [BouncedRecipient], originalMessage: [UInt8], arrivalDate: Date,
        date: Date, id: String
    ) -> [UInt8] {
        let host = printable(reportingHost)
        let parts = [
            Part(description: "Notification", type: "text/plain; charset=us-ascii", lines: notification(host: host, recipients)),
            Part(description: "Delivery report", type: "message/delivery-status", lines: report(host: host, arrivalDate, recipients)),
            Part(description: "Undelivered Message Headers", type: "text/rfc822-headers", lines: headerSection(of: originalMessage)),
        ]
        let boundary = boundary(id: id, avoiding: parts)
        var lines = [
            "From: Mail Delivery System <MAILER-DAEMON@\(host)>",
            "To: <\(printable(sender))>",
            "Subject: Undelivered Mail Returned to Sender",
            "Date: \(ReceivedHeader.rfc5322Date(date))",
            "Message-ID: <\(id.isEmpty ? "bounce" : replacing(id, allowed: isAtext))@\(host)>",
            "Auto-Submitted: auto-replied",
            "MIME-Version: 1.0",
            "Content-Type: multipart/report; report-type=delivery-status;",
            "\tboundary=\"\(boundary)\"",
            "",
            "This is a MIME-encapsulated message.",
        ]
        for part in parts {
            lines += ["", "--\(boundary)", "Content-Description: \(part.description)", "Content-Type: \(part.type)", ""] + part.lines
        }
        lines += ["", "--\(boundary)--"]
        return Array(lines.map { $0 + "\r\n" }.joined().utf8)
    }

    struct Part {
        var description: String
        var type: String
        var lines: [String]
    }

    /// Longest line, without its CRLF (RFC 5322 2.1.1).
    static let maxLine = 998
    /// Where generated text is folded (RFC 5322 2.1.1's recommended 78).
    static let width = 78

    // MARK: The parts

    static func notification(host: String, _ recipients: [BouncedRecipient]) -> [String] {
        var lines = fold("This is the mail delivery system at \(host).", prefix: "", indent: "")
        lines += [""] + fold(
            "Your message could not be delivered to the recipients below, and will not be tried again. Its headers are attached.",
            prefix: "", indent: "")
        for bounced in recipients {
            let recipient = "<\(printable(bounced.recipient))>:"
            let reason: String
            switch (bounced.remoteMTA.map(printable), diagnostic(bounced)) {
            case (let remote?, .reply(let reply)): reason = "\(remote) said: \(reply)"
            case (nil, .reply(let reply)): reason = reply
            case (let remote?, .reason(let text)): reason = "\(remote): \(text)"
            case (nil, .reason(let text)): reason = text
            }
            lines += [""] + fold("\(recipient) \(reason)", prefix: "")
        }
        return lines
    }

    static func report(host: String, _ arrivalDate: Date, _ recipients: [BouncedRecipient]) -> [String] {
        var lines = ["Reporting-MTA: dns; \(host)", "Arrival-Date: \(ReceivedHeader.rfc5322Date(arrivalDate))"]
        for bounced in recipients {
            lines += [""] + fold("rfc822; \(printable(bounced.recipient))", prefix: "Final-Recipient:")
            lines += ["Action: failed", "Status: \(status(bounced))"]
            if let remote = bounced.remoteMTA { lines += fold("dns; \(printable(remote))", prefix: "Remote-MTA:") }
            switch diagnostic(bounced) {
            case .reply(let reply): lines += fold("smtp; \(reply)", prefix: "Diagnostic-Code:")
            case .reason(let text) where !text.isEmpty: lines += fold("X-Portolan; \(text)", prefix: "Diagnostic-Code:")
            case .reason: break
            }
        }
        return lines
    }

    /// The original header section: its lines up to the first empty one,
    /// made printable ASCII (tabs kept, as folding uses them) and cut to
    /// `maxLine`, a cut continuing on a folded line.
    static func headerSection(of message: [UInt8]) -> [String] {
        var lines: [String] = []
        for raw in message.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let line = raw.last == UInt8(ascii: "\r") ? raw.dropLast() : raw[...]
            if line.isEmpty { break }
            var text = Substring(replacing(String(decoding: line, as: UTF8.self), allowed: { isPrintable($0) || $0 == "\t" }))
            lines.append(String(text.prefix(maxLine)))
            text = text.dropFirst(maxLine)
            while !text.isEmpty {
                lines.append(" " + text.prefix(maxLine - 1))
                text = text.dropFirst(maxLine - 1)
            }
        }
        return lines
    }

    // MARK: Per recipient

    enum Diagnostic: Equatable {
        /// A peer's reply, starting with its code.
        case reply(String)
        case reason(String)
    }

    static func diagnostic(_ bounced: BouncedRecipient) -> Diagnostic {
        let text = printable(bounced.reply)
        guard let code = bounced.replyCode else { return .reason(text) }
        return .reply(replyText(text, startsWith: code) ? text : "\(code) \(text)")
    }

    /// `reply` begins with `code` as a word of its own (`550 ...`, `550-...` or `550`).
    static func replyText(_ reply: String, startsWith code: Int) -> Bool {
        let digits = String(code)
        guard reply.hasPrefix(digits) else { return false }
        let rest = reply.dropFirst(digits.count)
        return rest.isEmpty || rest.first == " " || rest.first == "-"
    }

    /// The enhanced status code that starts the reply's text (`5.1.1`, RFC
    /// 3463: class, subject and detail of up to three digits), when its class
    /// is the reply code's and a failure's (4 or 5); else `5.0.0`, a
    /// permanent failure of no known kind.
    static func status(_ bounced: BouncedRecipient) -> String {
        guard case .reply(let reply) = diagnostic(bounced), let code = bounced.replyCode else { return "5.0.0" }
        let word = reply.dropFirst(String(code).count + 1).prefix { $0 != " " }
        let fields = word.split(separator: ".", omittingEmptySubsequences: false)
        guard fields.count == 3, fields[0] == "\(code / 100)", ["4", "5"].contains(fields[0]),
            fields.dropFirst().allSatisfy({ (1...3).contains($0.count) && $0.allSatisfy(\.isASCIIDigit) })
        else { return "5.0.0" }
        return String(word)
    }

    // MARK: Text

    /// `prefix` and `text` on lines of at most `width` octets, broken at
    /// spaces, later lines starting with `indent` (four spaces, Postfix's
    /// layout, continue a field); a word longer than a line may be is cut.
    static func fold(_ text: String, prefix: String, indent: String = "    ") -> [String] {
        let longest = maxLine - indent.count
        var words: [Substring] = prefix.isEmpty ? [] : [Substring(prefix)]
        for word in text.split(separator: " ") {
            var rest = word
            while rest.count > longest {
                words.append(rest.prefix(longest))
                rest = rest.dropFirst(longest)
            }
            words.append(rest)
        }
        var lines: [String] = []
        var line = ""
        for word in words {
            if line.isEmpty {
                line = (lines.isEmpty ? "" : indent) + word
            } else if line.count + 1 + word.count <= width {
                line += " " + word
            } else {
                lines.append(line)
                line = indent + word
            }
        }
        return lines + [line]
    }

    /// `text` with tabs as spaces and every other character that is not
    /// printable ASCII as `?`.
    static func printable(_ text: String) -> String {
        replacing(text.replacingOccurrences(of: "\t", with: " "), allowed: isPrintable)
    }

    static func replacing(_ text: String, allowed: (Unicode.Scalar) -> Bool) -> String {
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars { result.append(allowed(scalar) ? scalar : "?") }
        return String(result)
    }

    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool { (0x20...0x7E).contains(scalar.value) }

    /// RFC 5322 atext and `.`: what a Message-ID's left part may hold.
    static func isAtext(_ scalar: Unicode.Scalar) -> Bool {
        isASCIIAlphanumeric(scalar) || "!#$%&'*+-/=?^_`{|}~.".unicodeScalars.contains(scalar)
    }

    /// RFC 2046 bchars without space: what a boundary may hold.
    static func isBoundaryCharacter(_ scalar: Unicode.Scalar) -> Bool {
        isASCIIAlphanumeric(scalar) || "'()+_,-./:=?".unicodeScalars.contains(scalar)
    }

    static func isASCIIAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
    }

    /// `=_` and the id (its first 60 characters, RFC 2046 allows 70). No
    /// generated line starts with `--=_`; should a copied header line start
    /// with the boundary, `_` is added until none does.
    static func boundary(id: String, avoiding parts: [Part]) -> String {
        var boundary = "=_" + replacing(String(id.prefix(60)), allowed: isBoundaryCharacter)
        let lines = parts.flatMap(\.lines).filter { $0.hasPrefix("--=_") }
        while lines.contains(where: { $0.hasPrefix("--" + boundary) }) { boundary += "_" }
        return boundary
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
