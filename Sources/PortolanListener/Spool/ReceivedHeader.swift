import Foundation

/// The `Received:` trace header (RFC 5321 4.4) prepended to every spooled
/// message. Its text depends only on the envelope, the id and the date, so
/// that a fixed clock gives fixed bytes.
public enum ReceivedHeader {
    public static func render(envelope: Envelope, id: String, date: Date) -> String {
        let protocolName = "ESMTP" + (envelope.tls == nil ? "" : "S") + (envelope.authenticatedAs == nil ? "" : "A")
        // A local submission (`portolan sendmail`, a bounce): no client.
        if envelope.clientAddress.isEmpty {
            let recipients = envelope.recipients.count == 1 ? "\tfor <\(envelope.recipients[0])>; " : "\t"
            return "Received: by \(envelope.serverHost) (Portolan) with local id \(id)\r\n"
                + "\t(envelope-from <\(envelope.mailFrom)>)\r\n" + recipients + rfc5322Date(date) + "\r\n"
        }
        var lines = [
            // `from HELO (REVERSE-NAME [ADDRESS])`, as Postfix writes it. No
            // reverse lookup is done, so the name is `unknown`, as Postfix
            // writes it when the lookup fails: a trace reader never takes the
            // HELO name, which the client chose, for a verified one.
            "Received: from \(envelope.helo) (unknown [\(envelope.clientAddress)])",
            "\tby \(envelope.serverHost) (Portolan) with \(protocolName) id \(id)",
        ]
        if let tls = envelope.tls { lines.append("\t(using \(tls))") }
        if let user = envelope.authenticatedAs { lines.append("\t(authenticated as \(user))") }
        lines.append("\t(envelope-from <\(envelope.mailFrom)>)")
        let recipients = envelope.recipients.count == 1 ? "\tfor <\(envelope.recipients[0])>; " : "\t"
        lines.append(recipients + rfc5322Date(date))
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// `Sat, 29 Nov 2025 04:01:00 +0000`, always in UTC and in English.
    public static func rfc5322Date(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(days[Int(parts.tm_wday) % 7]), \(parts.tm_mday) \(months[Int(parts.tm_mon) % 12]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) +0000"
    }
}
