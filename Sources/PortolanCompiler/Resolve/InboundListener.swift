import PortolanLanguage

/// One socket a server's SMTP listener binds: what the bundle lowering writes into
/// the listener table.
public struct InboundListener: Hashable, Sendable {
    /// Plain TCP (possibly with STARTTLS) or implicit TLS.
    public let port: InboundPort
    public let number: Int
    /// The addresses to bind; empty means every address.
    public let addresses: [String]
    /// STARTTLS on the plain TCP port; always `.disabled` on the SSL port.
    public let starttls: StartTLSPolicy
}

extension Model {
    /// The SMTP listeners `server` opens: none when the listener task is off, else
    /// one per enabled inbound port.
    public func inboundListeners(of server: ServerID) -> [InboundListener] {
        let definition = self[server]
        let smtp = definition.smtp
        guard smtp.listener.value else { return [] }
        let addresses = definition.addresses.map(\.value)
        var listeners: [InboundListener] = []
        if smtp.inbound.tcp.enabled.value {
            listeners.append(InboundListener(
                port: .tcp, number: smtp.inbound.tcp.port.value, addresses: addresses,
                starttls: smtp.inbound.starttls.value))
        }
        if smtp.inbound.ssl.enabled.value {
            listeners.append(InboundListener(
                port: .ssl, number: smtp.inbound.ssl.port.value, addresses: addresses, starttls: .disabled))
        }
        return listeners
    }
}
