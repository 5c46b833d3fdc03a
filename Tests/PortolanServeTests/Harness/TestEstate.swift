import Foundation
import PortolanBundle

/// The bundle the serve tests run: one host, `hub.acme.example`, with
///
/// - port 25: plain, STARTTLS enabled, open site `acme` (anonymous and name
///   and password on TCP; name and password only on SSL);
/// - port 465: implicit TLS, the same site;
/// - port 26 bound for `127.0.0.99`: site `closed`, which allows nothing;
/// - port 27 bound for `127.0.0.98`: site `members`, no anonymous mail;
/// - port 28: plain, STARTTLS required.
///
/// Serving with `--address 127.0.0.1` keeps each listener's bundle address
/// for site selection, which is what lets one loopback address reach all
/// three sites. Passwords are hashed with very few rounds to keep tests fast.
enum TestEstate {
    static let password = "wonderland"
    static let ports = [25, 465, 26, 27, 28]

    static func bundle(tls: TLSFiles, siteTLS: TLSFiles, limits: Limits = defaultLimits) -> HostBundle {
        let open = AuthOptionsSpec(clientCertificate: false, namePassword: true, anonymous: true)
        let authOnly = AuthOptionsSpec(clientCertificate: false, namePassword: true, anonymous: false)
        let nothing = AuthOptionsSpec(clientCertificate: false, namePassword: false, anonymous: false)
        return HostBundle(
            compiler: "test",
            server: ServerIdentity(name: "hub", hierarchicalName: "hub/Acme", host: "hub.acme.example", organization: "Acme"),
            localDomains: ["acme.example"],
            listeners: [
                ListenerSpec(address: nil, port: 25, security: .plain, starttls: "enabled"),
                ListenerSpec(address: "127.0.0.99", port: 26, security: .plain, starttls: "enabled"),
                ListenerSpec(address: "127.0.0.98", port: 27, security: .plain, starttls: "enabled"),
                ListenerSpec(address: nil, port: 28, security: .plain, starttls: "required"),
                ListenerSpec(address: nil, port: 465, security: .implicitTLS, starttls: "disabled"),
            ],
            internetSites: true,
            sites: [
                SiteSpec(name: "closed", hosts: ["127.0.0.99", "closed.acme.example"], security: PortAuthSpec(tcp: nothing, ssl: nothing), tls: nil),
                SiteSpec(name: "members", hosts: ["127.0.0.98"], security: PortAuthSpec(tcp: authOnly, ssl: authOnly), tls: nil),
                SiteSpec(name: "mail", hosts: ["mail.acme.example"], security: PortAuthSpec(tcp: open, ssl: authOnly), tls: siteTLS),
                SiteSpec(name: "acme", hosts: [], security: PortAuthSpec(tcp: open, ssl: authOnly), tls: nil),
            ],
            auth: PortAuthSpec(tcp: nothing, ssl: nothing), authenticatedUsers: true, access: AccessSpec(enforce: false), relay: .dominoDefault,
            users: [
                UserSpec(
                    name: "alice", hierarchicalName: "alice/Acme", logins: ["alice", "alice/Acme", "alice@acme.example"],
                    passwordHash: PasswordHashing.hash(password: password, rounds: 3))
            ],
            mailboxes: mailboxes.map { MailboxSpec(address: $0 + "@acme.example", user: $0, mailServer: nil) },
            tls: tls, limits: limits,
            outbound: OutboundSpec(tcpPort: 25, tcpMode: "enabled", sslPort: nil, relay: nil, relayAuth: "disabled", routes: [], withinDomain: false))
    }

    /// The local parts of acme.example that are users' addresses (a local
    /// address that is none is refused with `550 5.1.1`); `nobody` is not one.
    static let mailboxes = [
        "a", "b", "c", "alice", "bob", "carol", "ceo", "there", "0alice", "rcpt", "anna", "ben", "chloe", "dave", "emma", "finn",
        "hugo", "grace.hopper", "carol.jones", "spoke-relay", "\"a b\"", "\"a>b\\\"c\"",
    ]

    static let defaultLimits = Limits(
        maxMessageSize: 4_000, commandTimeout: 20, maxConnectionsPerClient: 20, maxErrors: 6, maxAuthFailures: 3, maxRecipients: 5,
        shutdownGrace: 3)

    /// Writes `root/out/hub/bundle.json` and `root/out/manifest.json`.
    static func write(_ bundle: HostBundle, to root: URL) throws -> URL {
        let folder = root.appendingPathComponent("out/hub")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let bytes = BundleCodec.encode(bundle)
        try Data(bytes).write(to: folder.appendingPathComponent("bundle.json"))
        let manifest = Manifest(
            compiler: "test", sources: String(repeating: "0", count: 64),
            bundles: [.init(server: "hub", path: "hub/bundle.json", sha256: BundleCodec.sha256(bytes))])
        try Data(BundleCodec.encode(manifest)).write(to: root.appendingPathComponent("out/manifest.json"))
        return folder
    }
}
