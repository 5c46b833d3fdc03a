import PortolanDiagnostics
import PortolanLanguage

/// An enabled port of a server, of any protocol: what the server binds on each of
/// its addresses.
public struct BoundPort: Sendable {
    /// `SMTP TCP`, `POP3 SSL`, ...
    public let label: String
    public let number: Int
    /// The port number's setting (or the server's name when defaulted).
    public let span: SourceSpan
    /// The number or the status stands in for a value the decoder refused.
    public var restsOnRefusedValue: Bool = false
}

extension Model {
    /// Every port `server` binds: the SMTP ports when the listener is on and the
    /// port is enabled, and every enabled POP3, IMAP, HTTP and LDAP port.
    public func boundPorts(of server: ServerID) -> [BoundPort] {
        let definition = self[server]
        let others = definition.ports
        var ports: [BoundPort] = []
        ports.reserveCapacity(2 + 2 * others.count)
        func add(_ label: String, _ setting: PortSetting, listenerRefused: Bool = false) {
            if setting.enabled.value {
                ports.append(BoundPort(
                    label: label, number: setting.port.value, span: setting.port.span,
                    restsOnRefusedValue: setting.restsOnRefusedValue || listenerRefused))
            }
        }
        if definition.smtp.listener.value {
            let refused = definition.smtp.listener.isRefused
            add("SMTP TCP", definition.smtp.inbound.tcp, listenerRefused: refused)
            add("SMTP SSL", definition.smtp.inbound.ssl, listenerRefused: refused)
        }
        for other in others where other.tcp.enabled.value || other.ssl.enabled.value {
            let labels = Self.portLabels(of: other.proto)
            add(labels.tcp, other.tcp)
            add(labels.ssl, other.ssl)
        }
        return ports
    }

    /// `POP3 TCP` and `POP3 SSL`, ...: written out, so that no label is built per server.
    private static func portLabels(of proto: OtherProtocol) -> (tcp: String, ssl: String) {
        switch proto {
        case .pop3: return ("POP3 TCP", "POP3 SSL")
        case .imap: return ("IMAP TCP", "IMAP SSL")
        case .http: return ("HTTP TCP", "HTTP SSL")
        case .ldap: return ("LDAP TCP", "LDAP SSL")
        }
    }
}
