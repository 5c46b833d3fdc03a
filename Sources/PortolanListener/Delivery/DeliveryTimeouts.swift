import NIOCore

/// How long a delivery waits at each stage before it gives up and defers
/// what is undecided. The defaults are RFC 5321 4.5.3.2's (five minutes for
/// the greeting and each command, ten for the reply to the end of the data),
/// with bounds of its own for connecting and the TLS handshake.
public struct DeliveryTimeouts: Equatable, Sendable {
    public var connect: TimeAmount
    public var tlsHandshake: TimeAmount
    public var greeting: TimeAmount
    /// EHLO, STARTTLS, AUTH, MAIL, RCPT, DATA and QUIT.
    public var command: TimeAmount
    /// From the end of the message to the peer's reply.
    public var endOfData: TimeAmount

    public init(
        connect: TimeAmount = .seconds(30), tlsHandshake: TimeAmount = .seconds(60), greeting: TimeAmount = .minutes(5),
        command: TimeAmount = .minutes(5), endOfData: TimeAmount = .minutes(10)
    ) {
        self.connect = connect
        self.tlsHandshake = tlsHandshake
        self.greeting = greeting
        self.command = command
        self.endOfData = endOfData
    }

    /// The wait that applies to `session` now.
    func current(for session: SMTPClientSession) -> TimeAmount {
        if session.isHandshaking { return tlsHandshake }
        if session.isAwaitingEndOfData { return endOfData }
        return session.greeted ? command : greeting
    }
}
