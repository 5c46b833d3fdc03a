/// A key as the builders read it: its name and its position in its object's
/// definition, found once, so that reading a value needs no search by name.
/// Objects of one layout made by one grammar function (every port setting,
/// say) share positions; each read checks the name at the position.
struct Key: Sendable {
    let name: String
    let position: Int

    init(_ name: String, in definition: ObjectDefinition?) {
        guard let definition, let position = definition.index(of: name) else {
            preconditionFailure("the grammar has no key '\(name)' where the decoder reads it")
        }
        self.name = name
        self.position = position
    }
}

/// Every key the builders read, by object.
enum Keys {
    enum File {
        static let portolan = Key("portolan", in: Grammar.file)
        static let organization = Key("organization", in: Grammar.file)
        static let internetDomains = Key("internet_domains", in: Grammar.file)
        static let defaults = Key("defaults", in: Grammar.file)
        static let defaultsServer = Key("server", in: Grammar.defaults)
        static let sections = Section.allCases.map { Key($0.key, in: Grammar.file) }
    }

    enum Server {
        static let host = Key("host", in: Grammar.server)
        static let addresses = Key("addresses", in: Grammar.server)
        static let internetSites = Key("internet_sites", in: Grammar.server)
        static let tls = Key("tls", in: Grammar.server)
        static let access = Key("access", in: Grammar.server)
        static let ports = Key("ports", in: Grammar.server)
        static let smtp = Key("smtp", in: Grammar.server)
    }

    enum KeyRing {
        static let certificate = Key("certificate", in: Grammar.keyRing)
        static let key = Key("key", in: Grammar.keyRing)
    }

    enum Access {
        static let allow = Key("allow", in: Grammar.accessList)
        static let deny = Key("deny", in: Grammar.accessList)
    }

    /// `pop3`, `imap`, `http`, `ldap` under `ports`, in `OtherProtocol.allCases` order.
    static let protocols = OtherProtocol.allCases.map { Key($0.rawValue, in: Grammar.otherPorts) }

    /// Objects of two ports: a protocol's, the SMTP inbound side, auth, security.
    enum Ports {
        static let tcp = Key("tcp", in: Grammar.otherPorts.nestedDefinition("pop3"))
        static let ssl = Key("ssl", in: Grammar.otherPorts.nestedDefinition("pop3"))
    }

    enum PortSetting {
        static let port = Key("port", in: Grammar.smtpInboundSettings.nestedDefinition("tcp"))
        static let enabled = Key("enabled", in: Grammar.smtpInboundSettings.nestedDefinition("tcp"))
    }

    enum SMTP {
        static let listener = Key("listener", in: Grammar.smtp)
        static let withinDomain = Key("within_domain", in: Grammar.smtp)
        static let inbound = Key("inbound", in: Grammar.smtp)
        static let outbound = Key("outbound", in: Grammar.smtp)
    }

    enum Inbound {
        static let tcp = Key("tcp", in: Grammar.smtpInboundSettings)
        static let ssl = Key("ssl", in: Grammar.smtpInboundSettings)
        static let starttls = Key("starttls", in: Grammar.smtpInboundSettings)
        static let enforceServerAccess = Key("enforce_server_access", in: Grammar.smtpInboundSettings)
        static let authenticatedUsers = Key("authenticated_users", in: Grammar.smtpInboundSettings)
        static let auth = Key("auth", in: Grammar.smtpInboundSettings)
        static let maxMessageSize = Key("max_message_size", in: Grammar.smtpInboundSettings)
        static let relay = Key("relay", in: Grammar.smtpInboundSettings)
    }

    enum Relay {
        static let enforce = Key("enforce", in: Grammar.relayControls)
        static let allowHosts = Key("allow_hosts", in: Grammar.relayControls)
        static let authenticated = Key("authenticated", in: Grammar.relayControls)
    }

    enum AuthOptions {
        static let namePassword = Key("name_password", in: Grammar.serverAuth.nestedDefinition("ssl"))
        static let anonymous = Key("anonymous", in: Grammar.serverAuth.nestedDefinition("ssl"))
        static let clientCertificate = Key("client_certificate", in: Grammar.serverAuth.nestedDefinition("ssl"))
    }

    enum Outbound {
        static let tcp = Key("tcp", in: Grammar.smtpOutboundSettings)
        static let tcpPort = Key("port", in: Grammar.smtpOutboundSettings.nestedDefinition("tcp"))
        static let tcpMode = Key("mode", in: Grammar.smtpOutboundSettings.nestedDefinition("tcp"))
        static let ssl = Key("ssl", in: Grammar.smtpOutboundSettings)
        static let relay = Key("relay", in: Grammar.smtpOutboundSettings)
        static let relayAuth = Key("relay_auth", in: Grammar.smtpOutboundSettings)
        static let relayLogin = Key("relay_login", in: Grammar.smtpOutboundSettings)
        static let retry = Key("retry", in: Grammar.smtpOutboundSettings)
        static let routes = Key("routes", in: Grammar.smtpOutboundSettings)
    }

    enum RelayLogin {
        static let user = Key("user", in: Grammar.relayLogin)
        static let passwordFile = Key("password_file", in: Grammar.relayLogin)
    }

    enum Retry {
        static let initial = Key("initial", in: Grammar.retrySchedule)
        static let longest = Key("longest", in: Grammar.retrySchedule)
        static let lifetime = Key("lifetime", in: Grammar.retrySchedule)
    }

    enum Route {
        static let to = Key("to", in: Grammar.route)
        static let domains = Key("domains", in: Grammar.route)
    }

    enum Site {
        static let proto = Key("protocol", in: Grammar.site)
        static let organization = Key("organization", in: Grammar.site)
        static let servers = Key("servers", in: Grammar.site)
        static let hosts = Key("hosts", in: Grammar.site)
        static let security = Key("security", in: Grammar.site)
        static let tls = Key("tls", in: Grammar.site)
    }

    enum User {
        static let name = Key("name", in: Grammar.user)
        static let internetAddress = Key("internet_address", in: Grammar.user)
        static let password = Key("password", in: Grammar.user)
        static let mailServer = Key("mail_server", in: Grammar.user)
    }

    enum External {
        static let host = Key("host", in: Grammar.externalHost)
        static let addresses = Key("addresses", in: Grammar.externalHost)
        static let inbound = Key("inbound", in: Grammar.externalHost)
        static let tcp = Key("tcp", in: Grammar.externalInbound)
        static let ssl = Key("ssl", in: Grammar.externalInbound)
        static let starttls = Key("starttls", in: Grammar.externalInbound)
        static let anonymous = Key("anonymous", in: Grammar.externalInbound)
        static let namePassword = Key("name_password", in: Grammar.externalInbound)
    }
}
