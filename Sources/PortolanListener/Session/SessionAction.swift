import NIOCore
import PortolanJSON

/// What the session asks its connection to do, in order.
public enum SessionAction: Equatable, Sendable {
    case reply(Reply)
    /// Change how the following input is framed.
    case framing(FramingMode)
    /// Hold everything that follows (replies, input) for this long.
    case delay(seconds: Int)
    /// Start TLS now; the 220 reply went out before this action.
    case startTLS
    /// Check a password off the event loop, then call `passwordChecked`.
    case verifyPassword(PasswordCheck)
    /// Look up the client's reverse DNS name (bounded wait), then call `clientNameFound`.
    case lookUpClientName
    /// Store the message durably, then call `spooled`.
    case spool(Envelope, ByteBuffer)
    case log(SessionEvent)
    case close
}

/// A password and the hash to check it against. Its description never shows
/// the password.
public struct PasswordCheck: Equatable, Sendable, CustomStringConvertible {
    public var login: String
    public var hash: String
    public var password: [UInt8]

    public init(login: String, hash: String, password: [UInt8]) {
        self.login = login
        self.hash = hash
        self.password = password
    }

    public var description: String { "PasswordCheck(login: \(login))" }
}

/// What the session tells the log (the connection logs I/O events itself).
public enum SessionEvent: Equatable, Sendable {
    case authSucceeded(login: String, user: String)
    case authFailed(login: String)
    /// AUTH refused without a check: the client's address failed too often.
    case authLockedOut(login: String)
}

/// The envelope of one message, as received.
public struct Envelope: Equatable, Sendable, Codable {
    /// The reverse path; empty for the null sender `<>`.
    public var mailFrom: String
    public var recipients: [String]
    /// The HELO or EHLO name, a domain or an address literal (checked).
    public var helo: String
    /// The client's address, from the socket.
    public var clientAddress: String
    /// The user's hierarchical name when the session authenticated.
    public var authenticatedAs: String?
    /// `TLSv1.3` and the like; nil for plain text.
    public var tls: String?
    public var serverHost: String
    public var site: String?

    public init(
        mailFrom: String, recipients: [String], helo: String, clientAddress: String, authenticatedAs: String?, tls: String?,
        serverHost: String, site: String?
    ) {
        self.mailFrom = mailFrom
        self.recipients = recipients
        self.helo = helo
        self.clientAddress = clientAddress
        self.authenticatedAs = authenticatedAs
        self.tls = tls
        self.serverHost = serverHost
        self.site = site
    }
}

extension Envelope: JSONWritable {
    public func write<Sink: JSONSink>(to json: inout Sink) {
        json.beginObject()
        json.member(CodingKeys.authenticatedAs, ifPresent: authenticatedAs)
        json.member(CodingKeys.clientAddress, clientAddress)
        json.member(CodingKeys.helo, helo)
        json.member(CodingKeys.mailFrom, mailFrom)
        json.member(CodingKeys.recipients, recipients)
        json.member(CodingKeys.serverHost, serverHost)
        json.member(CodingKeys.site, ifPresent: site)
        json.member(CodingKeys.tls, ifPresent: tls)
        json.endObject()
    }
}
