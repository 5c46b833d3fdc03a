import PortolanDiagnostics

/// Why a server sends to a peer over SMTP (LANGUAGE.md, "SMTP edges").
public enum EdgeKind: String, Sendable, Hashable, CaseIterable {
    /// The peer is the server's relay host.
    case relay
    /// One of the server's routes (SMTP connection documents) goes to the peer.
    case route
    /// The server has `within_domain: true` and the peer is another server with an SMTP listener.
    case withinDomain = "within_domain"
}

/// One SMTP edge: `from` opens SMTP sessions to `to`.
public struct SMTPEdge: Hashable, Sendable {
    public let from: ServerID
    public let to: PeerID
    public let kind: EdgeKind
    /// The setting that makes the edge: the `relay` value, the route's `to`, or `within_domain`.
    public let span: SourceSpan
    /// The domains a route carries; empty for relay (every non-local domain) and within_domain.
    public let domains: [String]

    public init(from: ServerID, to: PeerID, kind: EdgeKind, span: SourceSpan, domains: [String] = []) {
        self.from = from
        self.to = to
        self.kind = kind
        self.span = span
        self.domains = domains
    }

    /// True when a server routes or relays to itself (PT409); such an edge carries no mail.
    public var isSelfEdge: Bool { to == .server(from) }
}
