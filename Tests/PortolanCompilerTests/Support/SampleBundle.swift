import PortolanBundle

/// A small bundle built in code, for the emitter and plan tests: one plain
/// listener on 25, the server's own auth (anonymous on TCP), no users.
enum SampleBundle {
    static func make(_ name: String, tcpPort: Int = 25) -> HostBundle {
        let anonymous = AuthOptionsSpec(clientCertificate: false, namePassword: false, anonymous: true)
        return HostBundle(
            compiler: "test",
            server: ServerIdentity(name: name, hierarchicalName: name + "/Acme", host: name + ".acme.example", organization: "Acme"),
            localDomains: ["acme.example"],
            listeners: [ListenerSpec(address: nil, port: tcpPort, security: .plain, starttls: "disabled")],
            internetSites: false, sites: [], auth: PortAuthSpec(tcp: anonymous, ssl: anonymous), authenticatedUsers: true,
            access: AccessSpec(enforce: false), relay: .dominoDefault, users: [], tls: nil, limits: Limits(maxMessageSize: 10_485_760),
            outbound: OutboundSpec(
                tcpPort: 25, tcpMode: "enabled", sslPort: nil, relay: nil, relayAuth: "disabled", routes: [], withinDomain: false))
    }
}
