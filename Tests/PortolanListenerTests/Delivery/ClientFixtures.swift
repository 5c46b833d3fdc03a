import NIOCore
import PortolanBundle
import PortolanListener

/// Plans and a peer script for driving an `SMTPClientSession` by hand.
enum ClientFixtures {
    static let credentials = Credentials(user: "spoke-relay", password: "secret")

    static func plan(
        security: DeliveryPlan.Endpoint.Security = .plain(startTLS: false), authentication: DeliveryPlan.Authentication = .none
    ) -> (DeliveryPlan, DeliveryPlan.Endpoint) {
        let endpoint = DeliveryPlan.Endpoint(host: "127.0.0.10", port: 25, security: security)
        let plan = DeliveryPlan(
            endpoints: [endpoint], authentication: authentication, heloName: "spoke.acme.example", serverName: "hub.acme.example")
        return (plan, endpoint)
    }

    static func session(
        security: DeliveryPlan.Endpoint.Security = .plain(startTLS: false), authentication: DeliveryPlan.Authentication = .none,
        recipients: [String] = ["dave@elsewhere.example"], message: String = "Subject: x\r\n\r\nHello.\r\n"
    ) -> SMTPClientSession {
        let (plan, endpoint) = plan(security: security, authentication: authentication)
        return SMTPClientSession(
            plan: plan, endpoint: endpoint, mailFrom: "carol@acme.example", recipients: recipients, message: ByteBuffer(string: message))
    }

    /// One turn: what the peer sends (whole lines with CRLF; `<tls>` for a
    /// completed handshake, `<lost>` for a dropped connection) and what the
    /// client must answer, byte for byte (`<starttls>` and `<close>` for
    /// those actions).
    typealias Turn = (peer: String, client: String)

    /// Plays `turns` and returns the first turn whose answer differs, as
    /// "turn N: expected ... got ...", or nil when all matched.
    static func play(_ session: inout SMTPClientSession, _ turns: [Turn]) -> String? {
        for (number, turn) in turns.enumerated() {
            let got = answer(&session, to: turn.peer)
            if got != turn.client {
                return "turn \(number + 1) (\(turn.peer.debugDescription)): expected \(turn.client.debugDescription), got \(got.debugDescription)"
            }
        }
        return nil
    }

    static func answer(_ session: inout SMTPClientSession, to peer: String) -> String {
        var actions: [SMTPClientSession.Action] = []
        switch peer {
        case "<tls>": actions = session.tlsEstablished(version: "TLSv1.3")
        case "<lost>": actions = session.connectionLost("the peer closed the connection")
        default:
            var lines = peer.components(separatedBy: "\r\n")
            if lines.last == "" { lines.removeLast() }
            for line in lines { actions += session.receive(line: Array(line.utf8)) }
        }
        return actions.map { action in
            switch action {
            case .send(let bytes): return String(buffer: bytes)
            case .startTLS: return "<starttls>"
            case .close: return "<close>"
            }
        }.joined()
    }

    static func results(_ session: SMTPClientSession) -> [String: DeliveryResult] {
        Dictionary(uniqueKeysWithValues: session.outcomes.map { ($0.recipient, $0.result) })
    }
}
