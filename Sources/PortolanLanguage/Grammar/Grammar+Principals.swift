extension Grammar {
    public static let user = ObjectDefinition("User", shared: true, "A person who may authenticate to SMTP (AUTH PLAIN or LOGIN).", fields: [
        KeyDefinition(
            "name", .string, default: .derived("\"<key>/<organization>\""), "The hierarchical name.",
            domino: "Person document > Basics > User name"),
        KeyDefinition("internet_address", .mailAddress, "The Internet mail address.", domino: "Person document > Basics > Internet address"),
        KeyDefinition(
            "password", .passwordHash,
            "A passlib pbkdf2_sha256 hash (`portolan passwd` makes one); plaintext is refused.",
            domino: "Person document > Basics > Internet password"),
        KeyDefinition(
            "mail_server", .string,
            "The server that holds the user's mailbox (a server of this topology). Absent: mail is delivered where it arrives.",
            domino: "Person document > Mail > Mail server"),
    ])

    public static let externalHost = ObjectDefinition("ExternalHost", shared: true, "An SMTP host outside this topology.", fields: [
        KeyDefinition("host", .hostName, required: true, "The fully qualified host name.",
            missingHelp: "add 'host:' with the host's fully qualified name"),
        KeyDefinition("addresses", .list(.address), default: .emptyList,
            "IP addresses to connect to instead of resolving host. Empty: resolve host.",
            domino: "Connection document > Basics > Destination server address"),
        KeyDefinition("inbound", .object(externalInbound), default: .fields, "What the host offers to senders."),
    ])

    public static let externalInbound = ObjectDefinition("ExternalInbound", shared: true, "What an external host offers to senders.", fields: [
        KeyDefinition("tcp", .portOrOff, default: .integer(25), "The plain TCP port, or false when it has none."),
        KeyDefinition("ssl", .portOrOff, default: .off, "The SSL (implicit TLS) port, or false when it has none."),
        KeyDefinition("starttls", .boolean, default: .boolean(false), "Whether the TCP port offers STARTTLS."),
        KeyDefinition("anonymous", .boolean, default: .boolean(true), "Whether anonymous senders are accepted."),
        KeyDefinition("name_password", .boolean, default: .boolean(false), "Whether AUTH with name and password is offered."),
    ])
}
