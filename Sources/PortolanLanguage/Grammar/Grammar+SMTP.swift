extension Grammar {
    static let smtpInbound = "\(internetPorts) > Mail > Mail (SMTP Inbound)"
    static let smtpOutbound = "\(internetPorts) > Mail > Mail (SMTP Outbound)"
    static let routerSMTP = "Configuration Settings document > Router/SMTP"
    static let inboundControls = "\(routerSMTP) > Restrictions and Controls > SMTP Inbound Controls"
    static let transferControls = "\(routerSMTP) > Restrictions and Controls > Transfer Controls"
    static let relayAuthentication = "\(routerSMTP) > Basics > Use authentication when sending messages to the relay host"

    /// The default largest message accepted, in bytes (10 MiB).
    public static let defaultMaxMessageSize = "10MiB"

    public static let smtp = ObjectDefinition("SMTP", shared: true, "The SMTP settings of a server.", fields: [
        KeyDefinition("listener", .boolean, default: .boolean(true), "Run the SMTP listener task.",
            domino: "\(serverDocument) > Basics > SMTP listener task"),
        KeyDefinition(
            "within_domain", .boolean, default: .boolean(false),
            "Send to every other server of the topology over SMTP.",
            domino: "\(routerSMTP) > Basics > Servers within the local Domino domain are reachable via SMTP over TCPIP"),
        KeyDefinition("inbound", .object(smtpInboundSettings), default: .fields, "Mail (SMTP Inbound): how the server receives.",
            domino: smtpInbound),
        KeyDefinition("outbound", .object(smtpOutboundSettings), default: .fields, "Mail (SMTP Outbound): how the server sends, to every peer.",
            domino: smtpOutbound),
    ])

    public static let smtpInboundSettings = ObjectDefinition("SMTPInbound", shared: true, "Mail (SMTP Inbound).", fields: [
        portSetting("tcp", "The plain TCP port.", port: 25, enabled: true, domino: "\(smtpInbound) > TCP/IP port"),
        portSetting("ssl", "The SSL port: implicit TLS (RFC 8314).", port: 465, enabled: false, domino: "\(smtpInbound) > SSL port"),
        KeyDefinition(
            "starttls", .choice(StartTLSPolicy.allCases.map(\.rawValue)), default: .text(StartTLSPolicy.disabled.rawValue),
            "STARTTLS on the TCP port: not offered, offered, or required before mail is accepted.",
            domino: "\(routerSMTP) > Advanced > Commands and Extensions > SSL negotiated over TCP/IP port"),
        KeyDefinition(
            "enforce_server_access", .boolean, default: .boolean(false),
            "Only users and servers allowed by the server access list may connect.",
            domino: "\(smtpInbound) > Enforce server access settings"),
        KeyDefinition(
            "authenticated_users", .boolean, default: .boolean(true), "Accept connections from authenticated users.",
            domino: "\(routerSMTP) > Restrictions and Controls > SMTP Inbound Controls > authenticated users"),
        KeyDefinition(
            "auth", .object(serverAuth),
            "Authentication options of the ports, used only when internet_sites is false. Absent: the server sets none of its own.",
            domino: "\(smtpInbound) > Authentication options"),
        KeyDefinition(
            "max_message_size", .size, default: .text(defaultMaxMessageSize),
            "The largest message accepted: bytes, or a size literal (KiB, MiB, GiB, KB, MB, GB).",
            domino: "\(routerSMTP) > Restrictions and Controls > Restrictions > Maximum message size"),
        KeyDefinition("relay", .object(relayControls), default: .fields, "Who may relay through this server to recipients outside the local Internet domains.",
            domino: inboundControls),
    ])

    public static let relayControls = ObjectDefinition("RelayControls", "The anti-relay controls of SMTP inbound.", fields: [
        KeyDefinition(
            "enforce", .choice(RelayEnforcement.allCases.map(\.rawValue)), default: .text(RelayEnforcement.external.rawValue),
            "The clients the controls apply to: all, external (internal hosts, the servers of this topology and "
                + "hosts named in a local Internet domain, may relay), or none (everyone may relay).",
            domino: "\(inboundControls) > Perform Anti-Relay enforcement for these connecting hosts"),
        KeyDefinition(
            "allow_hosts", .list(.connectingHost), default: .emptyList,
            "Clients that may relay whatever `enforce` says: server names of this topology, host names, IP addresses and CIDR ranges.",
            domino: "\(inboundControls) > Exclude these connecting hosts from anti-relay checks"),
        KeyDefinition(
            "authenticated", .choice(RelayAuthenticated.allCases.map(\.rawValue)), default: .text(RelayAuthenticated.allow.rawValue),
            "allow: every authenticated session may relay; check: authenticated sessions pass the controls like the others.",
            domino: "\(inboundControls) > Exceptions for authenticated users"),
    ])

    public static let serverAuth = ObjectDefinition(
        "ServerAuth", "Authentication options per port of the server's own SMTP inbound settings.", fields: [
        KeyDefinition("tcp", .object(authOptions(
            certificate: nil, namePassword: false, anonymous: true, domino: "\(smtpInbound) > Authentication options > TCP/IP port")),
            default: .fields, "On the TCP port."),
        KeyDefinition("ssl", .object(authOptions(
            certificate: false, namePassword: false, anonymous: true, domino: "\(smtpInbound) > Authentication options > SSL port")),
            default: .fields, "On the SSL port."),
    ])

    /// The options of one port; `certificate` nil leaves `client_certificate` out
    /// (TCP ports have no client certificates). It comes last, so that the
    /// other keys have the same positions in both kinds.
    static func authOptions(certificate: Bool?, namePassword: Bool, anonymous: Bool, domino: String) -> ObjectDefinition {
        var fields = [
            KeyDefinition("name_password", .boolean, default: .boolean(namePassword), "Accept name and password (AUTH).",
                domino: "\(domino) > Name & password"),
            KeyDefinition("anonymous", .boolean, default: .boolean(anonymous), "Accept anonymous senders.", domino: "\(domino) > Anonymous"),
        ]
        if let certificate {
            fields.append(KeyDefinition(
                "client_certificate", .boolean, default: .boolean(certificate), "Accept a client certificate.",
                domino: "\(domino) > Client certificate"))
        }
        return ObjectDefinition(certificate == nil ? "TCPAuthOptions" : "SSLAuthOptions", "Authentication options of one port.", fields: fields)
    }

    public static let smtpOutboundSettings = ObjectDefinition(
        "SMTPOutbound", shared: true, "Mail (SMTP Outbound): one setting for all outbound sessions of the server.", fields: [
            KeyDefinition("tcp", .object(ObjectDefinition("OutboundTCP", "The outbound TCP port.", fields: [
                KeyDefinition("port", .port, default: .integer(25), "The port peers are reached on.",
                    domino: "\(smtpOutbound) > TCP/IP port number"),
                KeyDefinition(
                    "mode", .choice(OutboundMode.allCases.map(\.rawValue)), default: .text(OutboundMode.enabled.rawValue),
                    "disabled, enabled (plain), or starttls (negotiated SSL).", domino: "\(smtpOutbound) > TCP/IP port status"),
            ])), default: .fields, "The outbound TCP port and its mode."),
            portSetting("ssl", "The outbound SSL port; when enabled, SSL is tried first, then TCP unless TCP is disabled.",
                        port: 465, enabled: false, domino: "\(smtpOutbound) > SSL port"),
            KeyDefinition(
                "relay", .string, "The relay host for mail leaving the local Internet domains: a server or an external host.",
                domino: "\(routerSMTP) > Basics > Relay host for messages leaving the local Internet domain"),
            KeyDefinition(
                "relay_auth", .choice(RelayAuth.allCases.map(\.rawValue)), default: .text(RelayAuth.disabled.rawValue),
                "Authenticate to the relay host.", domino: relayAuthentication),
            KeyDefinition(
                "relay_login", .object(relayLogin),
                "The name the server authenticates to the relay host with; needed when relay_auth is enabled or required.",
                domino: relayAuthentication),
            KeyDefinition("retry", .object(retrySchedule), default: .fields, "When failed deliveries are tried again, and given up.",
                domino: transferControls),
            KeyDefinition("routes", .list(.object(route)), default: .emptyList, "SMTP connection documents.", domino: "Connection document (SMTP)"),
        ])

    /// Replaced as a whole by `defaults.server`, like a key ring: a user and its password file belong together.
    public static let relayLogin = ObjectDefinition(
        "RelayLogin", shared: true, mergesAsWhole: true, "The name a server authenticates to its relay host with.", fields: [
            KeyDefinition("user", .string, required: true, "A user of this topology (its key).",
                domino: "\(relayAuthentication) > Name",
                missingHelp: "add 'user:' with the key of the user the server authenticates as"),
            KeyDefinition(
                "password_file", .string, required: true,
                "The file on the host that holds the user's password, read by `portolan serve`; "
                    + "the password is never in the topology or a bundle.",
                domino: "\(relayAuthentication) > Password (a file on the host instead of the field)",
                missingHelp: "add 'password_file:' with the path of the file that holds the password on the host"),
        ])

    public static let retrySchedule = ObjectDefinition(
        "RetrySchedule", "When failed deliveries are tried again, and given up; durations are a whole number and s, m, h or d.", fields: [
            KeyDefinition("initial", .duration, default: .text("15m"), "The wait after the first failed attempt.",
                domino: "\(transferControls) > Initial transfer retry interval"),
            KeyDefinition("longest", .duration, default: .text("4h"),
                "The longest wait between two attempts.",
                domino: transferControls),
            KeyDefinition("lifetime", .duration, default: .text("24h"),
                "How long an undelivered message is tried before it is returned to its sender.",
                domino: "\(transferControls) > Expire transfer retry interval after"),
        ])

    public static let route = ObjectDefinition("Route", shared: true, "An SMTP connection document: mail for `domains` goes to `to`.", fields: [
        KeyDefinition("to", .string, required: true, "The destination: a server or an external host.",
            domino: "Connection document > Basics > Destination server"),
        KeyDefinition(
            "domains", .list(.hostName), required: true, "The Internet domains whose mail takes this route.",
            domino: "Connection document > Basics > Destination domain"),
    ])
}
