import NIOCore
import PortolanBundle

/// The mail transaction: MAIL, RCPT, DATA and the spool's answer.
extension SMTPSession {
    mutating func mail(from path: String, parameters: [String: String]) -> [SessionAction] {
        guard helo != nil else { return fail(.needHelo) }
        guard transaction == nil else { return fail(.nestedMail) }
        if tlsVersion == nil && policy.startTLS == .required { return fail(.needStartTLS) }
        // `enforce_server_access` governs who may log in, not anonymous mail.
        if user == nil && !policy.anonymous { return fail(.authRequired) }
        // In a fixed order: a dictionary's order differs from one instance to
        // the next, and the reply to several bad parameters must not.
        for (key, value) in parameters.sorted(by: { $0.key < $1.key }) {
            switch key {
            case "SIZE":
                guard let size = Int(value), size >= 0 else { return fail(.syntax) }
                if size > policy.limits.maxMessageSize { return fail(.messageTooBig) }
            case "BODY":
                guard ["7BIT", "8BITMIME"].contains(value.uppercased()) else { return fail(.unsupportedParameter) }
            case "AUTH":
                continue  // RFC 4954 5: accepted and ignored.
            default:
                return fail(.unsupportedParameter)
            }
        }
        transaction = Transaction(mailFrom: path)
        return [.reply(Reply(250, "2.1.0 Ok"))]
    }

    mutating func rcpt(to path: String) -> [SessionAction] {
        guard var current = transaction else { return fail(.needMail) }
        if current.recipients.count >= policy.limits.maxRecipients { return [.reply(.tooManyRecipients)] }
        let client = ClientIdentity(address: clientAddress, reverseName: reverseName)
        switch policy.admission.recipient(address: path, client: client, authenticated: user != nil) {
        case .local, .relayed: break
        case .relayDenied: return fail(.relayDenied)
        case .unknownUser: return fail(.unknownUser(path))
        case .needsReverseName:
            phase = .resolvingName(recipient: path)
            return [.lookUpClientName]
        }
        current.recipients.append(path)
        transaction = current
        return [.reply(Reply(250, "2.1.5 Ok"))]
    }

    /// The answer to `.lookUpClientName`: the client's reverse name, or nil
    /// when it has none (or the lookup took too long). RCPT goes on with it.
    public mutating func clientNameFound(_ name: String?) -> [SessionAction] {
        guard case .resolvingName(let recipient) = phase else { return [] }
        phase = .command
        reverseName = name.map(ClientIdentity.ReverseName.name) ?? .none
        return rcpt(to: recipient)
    }

    mutating func data() -> [SessionAction] {
        guard let current = transaction else { return fail(.needMail) }
        guard !current.recipients.isEmpty else { return fail(.needRcpt) }
        phase = .data
        return [.framing(.data), .reply(.startData)]
    }

    /// Keeps at most the size limit in memory; the rest is counted and dropped.
    /// Mutates the transaction in place: a copy of it for every line of the
    /// message would cost more than the line.
    mutating func appendData(_ bytes: ByteBuffer) {
        guard let size = transaction?.size else { return }
        transaction?.size = size + bytes.readableBytes
        if size + bytes.readableBytes > policy.limits.maxMessageSize {
            transaction?.oversized = true
            transaction?.message = ByteBuffer()
        } else {
            var bytes = bytes
            transaction?.message.writeBuffer(&bytes)
        }
    }

    mutating func endOfData(bareLineEnding: Bool, nul: Bool) -> [SessionAction] {
        guard let current = transaction else { return close(with: .tooManyErrors) }
        phase = .command
        if bareLineEnding || nul {
            transaction = nil
            return fail(bareLineEnding ? .bareLineEndingInData : .nulInData)
        }
        if current.oversized {
            transaction = nil
            return [.reply(.messageTooBig)]
        }
        // With our own Received line it would carry one more.
        if Self.hops(in: current.message) + 1 > policy.limits.maxHops {
            transaction = nil
            return [.reply(.tooManyHops)]
        }
        phase = .spooling
        let envelope = Envelope(
            mailFrom: current.mailFrom, recipients: current.recipients, helo: helo ?? "", clientAddress: clientAddress,
            authenticatedAs: user?.hierarchicalName, tls: tlsVersion, serverHost: policy.serverHost, site: policy.siteName)
        return [.spool(envelope, current.message)]
    }

    /// How many `Received:` headers the header section of `message` has: the
    /// hosts it has passed (RFC 5321 6.3).
    static func hops(in message: ByteBuffer) -> Int {
        message.withUnsafeReadableBytes { bytes in
            var count = 0
            var start = 0
            let received = Array("received:".utf8)
            while start < bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != UInt8(ascii: "\n") { end += 1 }
                // The empty line ends the header section.
                if end - start <= 1 { break }
                if end - start >= received.count {
                    var matches = true
                    for (offset, expected) in received.enumerated() where bytes[start + offset] | 0x20 != expected {
                        matches = false
                        break
                    }
                    if matches { count += 1 }
                }
                start = end + 1
            }
            return count
        }
    }

    /// The spool's answer: the message id once it is durable, or nil.
    public mutating func spooled(id: String?) -> [SessionAction] {
        guard phase == .spooling else { return [] }
        phase = .command
        transaction = nil
        guard let id else { return [.reply(.spoolFailed)] }
        junkCommands = 0
        return [.reply(Reply(250, "2.0.0 Ok: queued as \(id)"))]
    }
}
