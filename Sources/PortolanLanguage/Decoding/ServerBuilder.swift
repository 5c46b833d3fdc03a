import PortolanDiagnostics

/// Makes a `Server` from its view (its object over `defaults.server`).
/// Every key has a default except `host`, `tls` and `smtp.inbound.auth`, so a
/// server can always be built; an incomplete key ring is left out.
enum ServerBuilder {
    static func server(_ name: Name, _ object: ObjectView, files: SourceFiles) -> Server {
        Server(
            name: name, span: object.span, host: object.string(Keys.Server.host), addresses: object.strings(Keys.Server.addresses),
            internetSites: object.bool(Keys.Server.internetSites), tls: object.object(Keys.Server.tls).flatMap { keyRing($0, files: files) },
            access: accessList(object.nested(Keys.Server.access)), ports: otherPorts(object.nested(Keys.Server.ports)),
            smtp: smtp(object.nested(Keys.Server.smtp)))
    }

    /// A key ring, when both files are named. Paths are relative to the folder
    /// of the file that wrote the `tls` mapping.
    static func keyRing(_ object: ObjectView, files: SourceFiles) -> KeyRing? {
        guard let certificate = object.string(Keys.KeyRing.certificate), let key = object.string(Keys.KeyRing.key) else { return nil }
        return KeyRing(certificate: certificate, key: key, baseDirectory: directory(of: files.path(of: object.span)), span: object.span)
    }

    /// The folder part of a path as given ("examples/x" for "examples/x/a.yaml", "." for "a.yaml").
    static func directory(of file: String) -> String {
        guard let slash = file.utf8.lastIndex(of: UInt8(ascii: "/")) else { return "." }
        if slash == file.startIndex { return "/" }
        return String(file[..<slash])
    }

    private static func accessList(_ object: ObjectView) -> AccessList {
        AccessList(allow: object.strings(Keys.Access.allow), deny: object.strings(Keys.Access.deny), span: object.isWritten ? object.span : nil)
    }

    private static func otherPorts(_ object: ObjectView) -> OtherPorts {
        // Most servers write no `ports`: their values are the grammar's
        // defaults, made when they are asked for.
        guard object.isWritten else { return .implied(at: object.anchor) }
        var result: [OtherProtocolPorts] = []
        for (proto, key) in zip(OtherProtocol.allCases, Keys.protocols) {
            let ports = object.nested(key)
            let tcp = portSetting(ports.nested(Keys.Ports.tcp)), ssl = portSetting(ports.nested(Keys.Ports.ssl))
            result.append(OtherProtocolPorts(proto: proto, tcp: tcp, ssl: ssl))
        }
        return .written(result)
    }

    /// The default ports of each protocol, read from the grammar once.
    fileprivate static let defaultPorts: [DefaultPorts] = zip(OtherProtocol.allCases, Keys.protocols).map { proto, key in
        let definition = Grammar.otherPorts.types[key.position].objectDefinition!
        func setting(_ key: Key) -> (port: Int, enabled: Bool) {
            let setting = definition.types[key.position].objectDefinition!
            guard let port = setting.integerDefaults[Keys.PortSetting.port.position],
                  case .boolean(let enabled)? = setting.defaultValues[Keys.PortSetting.enabled.position] else {
                preconditionFailure("the grammar gives \(proto) ports no defaults")
            }
            return (port, enabled)
        }
        return DefaultPorts(proto: proto, tcp: setting(Keys.Ports.tcp), ssl: setting(Keys.Ports.ssl))
    }

    fileprivate struct DefaultPorts {
        var proto: OtherProtocol
        var tcp: (port: Int, enabled: Bool)
        var ssl: (port: Int, enabled: Bool)

        func located(at span: SourceSpan) -> OtherProtocolPorts {
            OtherProtocolPorts(
                proto: proto,
                tcp: PortSetting(
                    port: Located(number: tcp.port, at: span, explicit: false), enabled: Located(flag: tcp.enabled, at: span, explicit: false)),
                ssl: PortSetting(
                    port: Located(number: ssl.port, at: span, explicit: false), enabled: Located(flag: ssl.enabled, at: span, explicit: false)))
        }
    }

    static func portSetting(_ object: ObjectView) -> PortSetting {
        PortSetting(port: object.integer(Keys.PortSetting.port), enabled: object.bool(Keys.PortSetting.enabled))
    }

    private static func smtp(_ object: ObjectView) -> SMTPSettings {
        SMTPSettings(
            listener: object.bool(Keys.SMTP.listener), withinDomain: object.bool(Keys.SMTP.withinDomain),
            inbound: inbound(object.nested(Keys.SMTP.inbound)), outbound: outbound(object.nested(Keys.SMTP.outbound)), span: object.span)
    }

    private static func inbound(_ object: ObjectView) -> SMTPInbound {
        SMTPInbound(
            tcp: portSetting(object.nested(Keys.Inbound.tcp)), ssl: portSetting(object.nested(Keys.Inbound.ssl)),
            starttls: object.starttls(Keys.Inbound.starttls),
            enforceServerAccess: object.bool(Keys.Inbound.enforceServerAccess), authenticatedUsers: object.bool(Keys.Inbound.authenticatedUsers),
            auth: object.object(Keys.Inbound.auth).map(serverAuth), maxMessageSize: object.integer(Keys.Inbound.maxMessageSize),
            relay: relayControls(object.nested(Keys.Inbound.relay)), span: object.span)
    }

    private static func relayControls(_ object: ObjectView) -> RelayControls {
        RelayControls(
            enforce: object.relayEnforcement(Keys.Relay.enforce), allowHosts: object.strings(Keys.Relay.allowHosts),
            authenticated: object.relayAuthenticated(Keys.Relay.authenticated), span: object.span)
    }

    private static func serverAuth(_ object: ObjectView) -> PortAuthOptions {
        PortAuthOptions(tcp: authOptions(object.nested(Keys.Ports.tcp)), ssl: authOptions(object.nested(Keys.Ports.ssl)), span: object.span)
    }

    /// A port's options; TCP ports have no `client_certificate` key, it is false there.
    static func authOptions(_ object: ObjectView) -> AuthOptions {
        let certificate = object.has(Keys.AuthOptions.clientCertificate)
            ? object.bool(Keys.AuthOptions.clientCertificate) : Located(flag: false, at: object.anchor, explicit: false)
        return AuthOptions(
            clientCertificate: certificate, namePassword: object.bool(Keys.AuthOptions.namePassword),
            anonymous: object.bool(Keys.AuthOptions.anonymous))
    }

    private static func outbound(_ object: ObjectView) -> SMTPOutbound {
        let tcp = object.nested(Keys.Outbound.tcp)
        return SMTPOutbound(
            tcpPort: tcp.integer(Keys.Outbound.tcpPort), tcpMode: tcp.outboundMode(Keys.Outbound.tcpMode),
            ssl: portSetting(object.nested(Keys.Outbound.ssl)), relay: object.string(Keys.Outbound.relay),
            relayAuth: object.relayAuth(Keys.Outbound.relayAuth), relayLogin: object.object(Keys.Outbound.relayLogin).flatMap(relayLogin),
            retry: retrySchedule(object.nested(Keys.Outbound.retry)),
            routes: object.objects(Keys.Outbound.routes).compactMap(route), span: object.span)
    }

    /// A relay login, when both keys are written (PT103 reported a missing one).
    private static func relayLogin(_ object: ObjectView) -> RelayLogin? {
        guard let user = object.string(Keys.RelayLogin.user), let file = object.string(Keys.RelayLogin.passwordFile) else { return nil }
        return RelayLogin(user: user, passwordFile: file, span: object.span)
    }

    /// The retry schedule; its order is checked apart (`RetryOrder`), on the values merged from `defaults.server`.
    private static func retrySchedule(_ object: ObjectView) -> RetrySchedule {
        RetrySchedule(
            initial: object.integer(Keys.Retry.initial), longest: object.integer(Keys.Retry.longest),
            lifetime: object.integer(Keys.Retry.lifetime), span: object.span)
    }

    private static func route(_ object: ObjectView) -> Route? {
        guard let to = object.string(Keys.Route.to), object.hasValue(Keys.Route.domains) else { return nil }
        return Route(to: to, domains: object.strings(Keys.Route.domains), span: object.span)
    }
}

extension OtherProtocolPorts {
    /// The grammar's default ports of every other protocol, implied at `span`.
    static func defaults(at span: SourceSpan) -> [OtherProtocolPorts] {
        ServerBuilder.defaultPorts.map { $0.located(at: span) }
    }
}
