/// Where in the SMTP conversation a recipient's fate was decided.
public enum DeliveryStage: String, Equatable, Sendable, CustomStringConvertible {
    /// Reaching the peer: the socket, or the greeting it did not send.
    case connect
    /// The greeting (`220`), EHLO or HELO.
    case greeting
    /// STARTTLS or the TLS handshake.
    case tls
    case auth
    case mail
    case rcpt
    /// `DATA`, the message, and the reply to its end.
    case data

    public var description: String { rawValue }
}

/// What the peer answered, or why there was no answer to hold against it.
public enum PeerAnswer: Equatable, Sendable, CustomStringConvertible {
    case reply(Reply)
    /// No reply: the connection failed, timed out, or the peer broke the
    /// protocol; the text says which.
    case noReply(String)

    public var description: String {
        switch self {
        case .reply(let reply): return reply.description
        case .noReply(let reason): return reason
        }
    }
}

/// The fate of one recipient in one attempt. A `4xx` or a failed connection
/// defers (the queue tries again later); a `5xx` fails (the sender gets a
/// bounce); `delivered` holds the peer's reply to the end of the data.
public enum DeliveryResult: Equatable, Sendable {
    case delivered(Reply)
    case deferred(DeliveryStage, PeerAnswer)
    case failed(DeliveryStage, PeerAnswer)

    /// A `4xx` defers, a `5xx` fails; anything else (a `2xx` or `3xx` where
    /// it makes no sense) is the peer breaking the protocol, which defers.
    static func refusal(_ reply: Reply, at stage: DeliveryStage) -> DeliveryResult {
        reply.code >= 500 && reply.code < 600 ? .failed(stage, .reply(reply)) : .deferred(stage, .reply(reply))
    }
}

/// One recipient and its result.
public struct RecipientOutcome: Equatable, Sendable {
    public var recipient: String
    public var result: DeliveryResult

    public init(recipient: String, result: DeliveryResult) {
        self.recipient = recipient
        self.result = result
    }
}

/// What one delivery to one peer came to: a result for every recipient, in
/// the order they were given, and how the connection that decided them was made.
public struct DeliveryReport: Equatable, Sendable {
    public var outcomes: [RecipientOutcome]
    /// The endpoint of the last connection tried; nil when the plan had none.
    public var endpoint: DeliveryPlan.Endpoint?
    /// `TLSv1.3` and the like when the session was encrypted, else nil.
    public var tls: String?
    /// The login the session authenticated as, when it did.
    public var authenticatedAs: String?

    public init(outcomes: [RecipientOutcome], endpoint: DeliveryPlan.Endpoint?, tls: String?, authenticatedAs: String?) {
        self.outcomes = outcomes
        self.endpoint = endpoint
        self.tls = tls
        self.authenticatedAs = authenticatedAs
    }
}

/// One recipient's outcome in one attempt of the delivery agent, as its
/// observer is told it: which queued message, the result, and who answered
/// (a mailbox, or the peer's host and endpoint).
public struct DeliveryEvent: Sendable {
    public var messageID: String
    public var recipient: String
    public var result: DeliveryResult
    public var peer: String?
    /// The TLS version of the session, when it was encrypted.
    public var tls: String?
    /// The connection the attempt ended on (address, port after any
    /// offset, security); nil when none was tried.
    public var endpoint: DeliveryPlan.Endpoint?

    public init(
        messageID: String, recipient: String, result: DeliveryResult, peer: String?, tls: String? = nil, endpoint: DeliveryPlan.Endpoint? = nil
    ) {
        self.messageID = messageID
        self.recipient = recipient
        self.result = result
        self.peer = peer
        self.tls = tls
        self.endpoint = endpoint
    }
}
