import PortolanDiagnostics

/// Makes a `Server` from its object (already merged with `defaults.server`).
/// Every key has a default except `host`, `tls` and `smtp.inbound.auth`, so a
/// server can always be built; an incomplete key ring is left out.
enum ServerBuilder {
    static func server(_ name: Name, _ object: FieldObject) -> Server {
        Server(
            name: name, span: object.span, host: object.string("host"), addresses: object.strings("addresses"),
            internetSites: object.bool("internet_sites"), tls: object.object("tls").flatMap(keyRing),
            access: accessList(object.nested("access")), ports: otherPorts(object.nested("ports")),
            smtp: smtp(object.nested("smtp")))
    }

    /// A key ring, when both files are named. Paths are relative to the folder
    /// of the file that wrote the `tls` mapping.
    static func keyRing(_ object: FieldObject) -> KeyRing? {
        guard let certificate = object.string("certificate"), let key = object.string("key") else { return nil }
        return KeyRing(certificate: certificate, key: key, baseDirectory: directory(of: object.span.file), span: object.span)
    }

    /// The folder part of a path as given ("examples/x" for "examples/x/a.yaml", "." for "a.yaml").
    static func directory(of file: String) -> String {
        guard let slash = file.lastIndex(of: "/") else { return "." }
        if slash == file.startIndex { return "/" }
        return String(file[..<slash])
    }

    private static func accessList(_ object: FieldObject) -> AccessList {
        AccessList(allow: object.strings("allow"), deny: object.strings("deny"), span: object.isWritten ? object.span : nil)
    }

    private static func otherPorts(_ object: FieldObject) -> [OtherProtocolPorts] {
        OtherProtocol.allCases.map { proto in
            let ports = object.nested(proto.rawValue)
            return OtherProtocolPorts(proto: proto, tcp: portSetting(ports.nested("tcp")), ssl: portSetting(ports.nested("ssl")))
        }
    }

    static func portSetting(_ object: FieldObject) -> PortSetting {
        PortSetting(port: object.integer("port"), enabled: object.bool("enabled"))
    }

    private static func smtp(_ object: FieldObject) -> SMTPSettings {
        SMTPSettings(
            listener: object.bool("listener"), withinDomain: object.bool("within_domain"),
            inbound: inbound(object.nested("inbound")), outbound: outbound(object.nested("outbound")), span: object.span)
    }

    private static func inbound(_ object: FieldObject) -> SMTPInbound {
        SMTPInbound(
            tcp: portSetting(object.nested("tcp")), ssl: portSetting(object.nested("ssl")),
            starttls: object.defaultedChoice("starttls", as: StartTLSPolicy.self),
            enforceServerAccess: object.bool("enforce_server_access"), authenticatedUsers: object.bool("authenticated_users"),
            auth: object.object("auth").map(serverAuth), maxMessageSize: object.integer("max_message_size"), span: object.span)
    }

    private static func serverAuth(_ object: FieldObject) -> ServerAuth {
        ServerAuth(tcp: authOptions(object.nested("tcp")), ssl: authOptions(object.nested("ssl")), span: object.span)
    }

    /// A port's options; TCP ports have no `client_certificate` key, it is false there.
    static func authOptions(_ object: FieldObject) -> AuthOptions {
        let certificate = object.definition.index(of: "client_certificate") == nil
            ? Located(false, at: object.anchor, explicit: false) : object.bool("client_certificate")
        return AuthOptions(clientCertificate: certificate, namePassword: object.bool("name_password"), anonymous: object.bool("anonymous"))
    }

    private static func outbound(_ object: FieldObject) -> SMTPOutbound {
        let tcp = object.nested("tcp")
        return SMTPOutbound(
            tcpPort: tcp.integer("port"), tcpMode: tcp.defaultedChoice("mode", as: OutboundMode.self),
            ssl: portSetting(object.nested("ssl")), relay: object.string("relay"),
            relayAuth: object.defaultedChoice("relay_auth", as: RelayAuth.self),
            routes: object.objects("routes").compactMap(route), span: object.span)
    }

    private static func route(_ object: FieldObject) -> Route? {
        guard let to = object.string("to"), object.hasValue("domains") else { return nil }
        return Route(to: to, domains: object.strings("domains"), span: object.span)
    }
}

extension FieldObject {
    /// A nested object whose key defaults to all-defaults, so it is always there.
    func nested(_ key: String) -> FieldObject {
        if let object = object(key) { return object }
        assertionFailure("\(definition.name).\(key) is not an object with defaults")
        return FieldObject(definition, span: anchor, anchor: anchor, path: path, written: false)
    }
}
