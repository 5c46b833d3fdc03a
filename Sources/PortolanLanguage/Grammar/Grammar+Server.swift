extension Grammar {
    static let serverDocument = "Server document"
    static let internetPorts = "Server document > Ports > Internet Ports"

    /// A Domino Server document. No key is required: `host` is needed only when
    /// SMTP is used, which the compiler checks (PT312).
    public static let server = ObjectDefinition("Server", shared: true, "A Domino server (its Server document).", fields: [
        KeyDefinition(
            "host", .hostName, "The fully qualified Internet host name.",
            domino: "\(serverDocument) > Basics > Fully qualified Internet host name"),
        KeyDefinition(
            "addresses", .list(.address), default: .emptyList,
            "The IP addresses the listeners bind. Empty: every address of the host.",
            domino: "\(serverDocument) > Ports > Notes Network Ports > TCPIP > Net Address"),
        KeyDefinition(
            "internet_sites", .boolean, default: .boolean(false),
            "Take Internet protocol settings (authentication, key ring) from Internet Site documents instead of this document.",
            domino: "\(serverDocument) > Basics > Load Internet configurations from Server\\Internet Sites documents"),
        KeyDefinition("tls", .object(keyRing), "The server's key ring.", domino: "\(internetPorts) > SSL settings > SSL key file name"),
        KeyDefinition("access", .object(accessList), default: .fields, "Who may access this server.",
            domino: "\(serverDocument) > Security > Server Access"),
        KeyDefinition(
            "ports", .object(otherPorts), default: .fields, "The ports of the other Internet protocols (checked for clashes and site coverage).",
            domino: internetPorts),
        KeyDefinition("smtp", .object(smtp), default: .fields, "The SMTP listener, inbound and outbound settings."),
    ])

    /// A certificate and its private key, both PEM files.
    public static let keyRing = ObjectDefinition(
        "KeyRing", shared: true, mergesAsWhole: true,
        "A key ring: certificate and private key in PEM files, relative to the file that names them.", fields: [
            KeyDefinition("certificate", .string, required: true, "Path of the certificate chain (PEM).",
                domino: "SSL key file name (a PEM certificate instead of a .kyr file)"),
            KeyDefinition("key", .string, required: true, "Path of the private key (PEM).",
                domino: "SSL key file stash (a PEM private key instead of a .sth file)"),
        ])

    public static let accessList = ObjectDefinition("AccessList", shared: true, "A server access list.", fields: [
        KeyDefinition(
            "allow", .list(.string), default: .emptyList,
            "Names, groups and \"*/Organization\" patterns that may access the server. Empty: everyone.",
            domino: "\(serverDocument) > Security > Server Access > Access server"),
        KeyDefinition(
            "deny", .list(.string), default: .emptyList, "Names, groups and patterns that may not access the server.",
            domino: "\(serverDocument) > Security > Server Access > Not access server"),
    ])

    static let otherPorts = ObjectDefinition("OtherPorts", "The ports of the Internet protocols other than SMTP.", fields:
        OtherProtocol.allCases.map { proto in
            KeyDefinition(proto.rawValue, .object(protocolPorts(proto)), default: .fields, "\(proto.displayName) ports.",
                          domino: "\(internetPorts) > \(proto.dominoTab)")
        })

    static func protocolPorts(_ proto: OtherProtocol) -> ObjectDefinition {
        let field = "\(internetPorts) > \(proto.dominoTab)"
        return ObjectDefinition("\(proto.displayName)Ports", "The TCP and SSL ports of \(proto.displayName).", fields: [
            portSetting("tcp", "The plain TCP port.", port: proto.defaultPorts.tcp, enabled: false, domino: "\(field) > TCP/IP port"),
            portSetting("ssl", "The SSL (implicit TLS) port.", port: proto.defaultPorts.ssl, enabled: false, domino: "\(field) > SSL port"),
        ])
    }

    /// `{ port: N, enabled: B }` with the given defaults.
    static func portSetting(_ name: String, _ summary: String, port: Int, enabled: Bool, domino: String) -> KeyDefinition {
        KeyDefinition(name, .object(ObjectDefinition("PortSetting", "A port number and whether it is enabled.", fields: [
            KeyDefinition("port", .port, default: .integer(port), "The port number.", domino: "\(domino) number"),
            KeyDefinition("enabled", .boolean, default: .boolean(enabled), "Whether the port is enabled.", domino: "\(domino) status"),
        ])), default: .fields, summary, domino: domino)
    }
}

extension OtherProtocol {
    var displayName: String {
        switch self {
        case .pop3: return "POP3"
        case .imap: return "IMAP"
        case .http: return "HTTP"
        case .ldap: return "LDAP"
        }
    }

    /// Where the protocol's ports sit under Ports > Internet Ports.
    var dominoTab: String {
        switch self {
        case .pop3: return "Mail > Mail (POP)"
        case .imap: return "Mail > Mail (IMAP)"
        case .http: return "Web > Web (HTTP/HTTPS)"
        case .ldap: return "Directory > Directory (LDAP)"
        }
    }
}
