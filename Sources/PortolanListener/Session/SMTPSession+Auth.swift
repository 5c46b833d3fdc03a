import NIOCore
import PortolanBundle

/// STARTTLS and AUTH (RFC 3207, RFC 4954 with PLAIN and LOGIN).
extension SMTPSession {
    mutating func startTLS() -> [SessionAction] {
        if tlsVersion != nil { return fail(.tlsActive) }
        guard policy.startTLS != .disabled else { return fail(.tlsUnavailable) }
        guard transaction == nil else { return fail(.nestedMail) }
        phase = .startingTLS
        // Discard what follows the command in the same read: plaintext that
        // would otherwise be taken as sent over TLS (CVE-2011-0411).
        return [.framing(.discard), .reply(.readyForTLS), .startTLS]
    }

    /// TLS is up (after STARTTLS). The session starts over (RFC 3207 4.2),
    /// under the policy of the site the client may have named by SNI.
    public mutating func tlsStarted(version: String, policy newPolicy: SessionPolicy) -> [SessionAction] {
        guard phase == .startingTLS else { return [] }
        tlsVersion = version
        policy = newPolicy
        helo = nil
        transaction = nil
        user = nil
        phase = newPolicy.enabled ? .command : .refused
        return [.framing(.command)]
    }

    mutating func auth(mechanism: String, initialResponse: String?) -> [SessionAction] {
        guard helo != nil else { return fail(.needHelo) }
        guard policy.namePassword else { return fail(.authUnavailable) }
        guard tlsVersion != nil else { return fail(.encryptionRequired) }
        guard user == nil else { return fail(.alreadyAuthenticated) }
        guard transaction == nil else { return fail(.nestedMail) }
        switch (mechanism, initialResponse) {
        case ("PLAIN", nil):
            phase = .authPlain
            return [.framing(.authResponse), .reply(Reply(334, ""))]
        case ("PLAIN", let response?):
            return checkPlain(response)
        case ("LOGIN", nil):
            phase = .authLoginUser
            return [.framing(.authResponse), .reply(Reply(334, "VXNlcm5hbWU6"))]
        case ("LOGIN", let response?):
            return authLoginUser(ByteBuffer(string: response))
        default:
            return fail(.authUnknownMechanism)
        }
    }

    mutating func authPlainResponse(_ line: ByteBuffer) -> [SessionAction] {
        phase = .command
        return [.framing(.command)] + checkPlain(String(buffer: line))
    }

    mutating func authLoginUser(_ line: ByteBuffer) -> [SessionAction] {
        let text = String(buffer: line)
        if text == "*" { return cancelAuth() }
        guard let login = Base64.decode(text).map({ String(decoding: $0, as: UTF8.self) }) else { return undecodable() }
        phase = .authLoginPassword(login: login)
        return [.framing(.authResponse), .reply(Reply(334, "UGFzc3dvcmQ6"))]
    }

    mutating func authLoginPassword(_ line: ByteBuffer, login: String) -> [SessionAction] {
        let text = String(buffer: line)
        if text == "*" { return cancelAuth() }
        guard let password = Base64.decode(text) else { return undecodable() }
        return [.framing(.command)] + check(login: login, password: password)
    }

    /// RFC 4616: `authzid NUL authcid NUL passwd`; an authzid other than the
    /// authcid is refused (no proxy logins).
    mutating func checkPlain(_ response: String) -> [SessionAction] {
        if response == "*" { return cancelAuth() }
        guard let decoded = response == "=" ? [] : Base64.decode(response) else { return undecodable() }
        let parts = decoded.split(separator: 0, maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3 else { return undecodable() }
        let authzid = String(decoding: parts[0], as: UTF8.self)
        let login = String(decoding: parts[1], as: UTF8.self)
        guard authzid.isEmpty || authzid == login else { return check(login: login, password: nil) }
        return check(login: login, password: Array(parts[2]))
    }

    /// Asks for the check even for an unknown login, against a decoy hash,
    /// so that timing does not tell which logins exist.
    mutating func check(login: String, password: [UInt8]?) -> [SessionAction] {
        let user = password == nil ? nil : policy.user(forLogin: login)
        phase = .verifying(login: login, user: user)
        let hash = user?.passwordHash ?? policy.decoyHash
        return [.verifyPassword(PasswordCheck(login: login, hash: hash, password: password ?? []))]
    }

    /// The outcome of `.verifyPassword`. Failures are answered after a delay
    /// that grows with each one, in this session or from this client's
    /// address (`clientFailures`, this one included, as the listener counts
    /// them across sessions); the last one the session allows closes it.
    public mutating func passwordChecked(matches: Bool, clientFailures: Int = 0) -> [SessionAction] {
        guard case .verifying(let login, let candidate) = phase else { return [] }
        phase = .command
        if matches, let candidate {
            user = candidate
            return [.log(.authSucceeded(login: login, user: candidate.hierarchicalName)), .reply(.authSucceeded)]
        }
        authFailures += 1
        let delay = SessionAction.delay(seconds: max(authFailures, clientFailures))
        if authFailures >= policy.limits.maxAuthFailures {
            return [.log(.authFailed(login: login)), delay] + close(with: .tooManyAuthFailures)
        }
        return [.log(.authFailed(login: login)), delay, .reply(.authFailed)]
    }

    /// The client's address has failed too often lately (the listener
    /// counts across sessions): no password is checked, the right one neither.
    public mutating func authRefusedForNow() -> [SessionAction] {
        guard case .verifying(let login, _) = phase else { return [] }
        phase = .command
        return [.log(.authLockedOut(login: login))] + fail(.authLockedOut)
    }

    mutating func cancelAuth() -> [SessionAction] {
        phase = .command
        return [.framing(.command)] + fail(.authCancelled)
    }

    mutating func undecodable() -> [SessionAction] {
        phase = .command
        return [.framing(.command)] + fail(.authUndecodable)
    }

    /// A refused line during an AUTH exchange ends the exchange.
    mutating func cancellingAuth() -> [SessionAction] {
        switch phase {
        case .authPlain, .authLoginUser, .authLoginPassword:
            phase = .command
            return [.framing(.command)]
        default:
            return []
        }
    }
}

/// Standard base64 (RFC 4648) as AUTH uses it; strict about the alphabet.
enum Base64 {
    static func decode(_ text: String) -> [UInt8]? {
        let body = text.utf8.reversed().drop { $0 == UInt8(ascii: "=") }.reversed()
        guard text.utf8.count % 4 == 0, text.utf8.count - body.count <= 2,
            !body.contains(UInt8(ascii: ".")), let decoded = AdaptedBase64.decode(String(decoding: body, as: UTF8.self))
        else { return nil }
        return decoded
    }

    static func encode(_ bytes: [UInt8]) -> String {
        let text = String(AdaptedBase64.encode(bytes).map { $0 == "." ? "+" : $0 })
        return text + String(repeating: "=", count: (4 - text.utf8.count % 4) % 4)
    }
}
