import Foundation

/// Writes an estate of any number of servers that checks clean (no errors, no
/// warnings), so that `portolan build` writes every bundle:
///
/// - hubs (one per 50 servers, at least two), one per region: Internet Sites
///   on, an SMTP site document each, inbound TCP on the non-standard port 26
///   with STARTTLS and SSL on 465, a route to the next hub, relaying to an
///   external smart host on 26;
/// - spokes relaying through their region's hub on 26 with STARTTLS. One in 25
///   is the region's submission server: STARTTLS, name and password, server
///   access enforced for the region's group. About a third of the others run
///   an anonymous SMTP listener on 25 (some with STARTTLS); some have POP3 or
///   IMAP enabled, some a narrower access list;
/// - users (one per two servers) with passlib pbkdf2_sha256 hashes (four
///   precomputed ones, reused), one group per region naming its users, and the
///   smart host.
///
/// The same estate comes as one file or as a directory: `organization.yaml`
/// (header, defaults, groups, the smart host), `users.yaml`, and one file per
/// server under `servers/` (a hub's file holds its site document too).
struct ScaleEstate {
    var servers: Int

    /// Hashes made with passlib's pbkdf2_sha256 (210,000 rounds), reused.
    static let hashes = [
        "$pbkdf2-sha256$210000$AWBMqXXunXNO6b231lqr1Q$6uT3VSnk7HCFrhkA0V6sNd00qs9rddxeI/GtDCqZv/A",
        "$pbkdf2-sha256$210000$0pqTslbqnVMqZYyxljLGmA$NOyxVdCVa4gqiAgKILPit.b.R.66/92p5t8rdLrS7qs",
        "$pbkdf2-sha256$210000$olSK8b6Xspay1jpnbM3ZWw$avf1EzZlJC6jEQ4rX8XolRfIEx95x9Zd.C8lIh.WEaY",
        "$pbkdf2-sha256$210000$JSRkLOX8/1.LMSZkzPl/Dw$uIM0w7OkfJSySRXVs4OSsLCxS67tyJCqMmIti9Sim44",
    ]

    var hubs: Int { max(2, servers / 50) }
    var spokes: Int { max(0, servers - hubs) }
    var users: Int { max(4, servers / 2) }

    static func hubName(_ number: Int) -> String { "hub" + padded(number, 5) }
    static func spokeName(_ number: Int) -> String { "spoke" + padded(number, 6) }
    static func userName(_ number: Int) -> String { "user" + padded(number, 6) }
    static func regionName(_ number: Int) -> String { "region" + padded(number, 5) }

    /// The region (and hub) of a spoke or a user: round robin.
    func region(of number: Int) -> Int { (number - 1) % hubs + 1 }
    /// Every 25th spoke of a region takes submissions from the region's users.
    func isSubmission(spoke number: Int) -> Bool { ((number - 1) / hubs) % 25 == 0 }

    static func padded(_ number: Int, _ width: Int) -> String {
        let digits = String(number)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// A distinct private address per server: hubs in 10.0/16, spokes from 10.1/16 on.
    static func address(hub number: Int) -> String { "10.0.\(number >> 8 & 255).\(number & 255)" }
    static func address(spoke number: Int) -> String {
        "10.\(1 + (number >> 16)).\(number >> 8 & 255).\(number & 255)"
    }

    // MARK: Pieces

    func header(withVersion: Bool = true) -> String {
        """
        # The estate of Acme: \(servers) servers (\(hubs) hubs, \(spokes) spokes), generated for benchmarks.
        portolan: 1
        organization: Acme
        internet_domains: [acme.example, mail.acme.example]

        defaults:
          server:
            smtp:
              inbound:
                max_message_size: 25MiB
              outbound:
                # One outbound port for every session: every hub and the smart host
                # listen on 26, so every server sends on 26, with STARTTLS.
                tcp: { port: 26, mode: starttls }

        """
    }

    func commonSections() -> String {
        var text = """
            external:
              isp:
                # The ISP's smart host, on the alternative port 26.
                host: smtp.isp.example
                inbound: { tcp: 26, ssl: 465, starttls: true, anonymous: true, name_password: false }

            groups:
              admins: [\(Self.userName(1)), \(Self.userName(2))]
              operators: [admins, "\(Self.userName(3))/Acme"]

            """
        for region in 1...hubs {
            let members = stride(from: region, through: users, by: hubs).map(Self.userName)
            text += "  \(Self.regionName(region)): [\(members.joined(separator: ", "))]\n"
        }
        text += "\n"
        return text
    }

    func hub(_ number: Int) -> String {
        let name = Self.hubName(number)
        let next = Self.hubName(number % hubs + 1)
        let address = Self.address(hub: number)
        return """
              \(name):
                host: \(name).acme.example
                addresses: [\(address)]
                internet_sites: true
                tls: { certificate: tls/\(name).pem, key: tls/\(name).key }
                access:
                  allow: [operators, "*/Acme"]
                smtp:
                  listener: true
                  inbound:
                    tcp: { port: 26, enabled: true }
                    ssl: { port: 465, enabled: true }
                    starttls: enabled        # "SSL negotiated over TCP/IP port"
                  outbound:
                    relay: isp
                    routes:
                      - to: \(next)
                        domains: [region\(number % hubs + 1).partner.example, "mx.region\(number % hubs + 1).partner.example"]

            """
    }

    func site(ofHub number: Int) -> String {
        let name = Self.hubName(number)
        return """
              smtp-\(name):
                protocol: smtp
                servers: [\(name)]
                hosts: [\(name).acme.example, \(Self.address(hub: number))]
                security:
                  tcp: { name_password: false, anonymous: true }
                  ssl: { client_certificate: false, name_password: false, anonymous: true }
                tls: { certificate: tls/mail-\(name).pem, key: tls/mail-\(name).key }

            """
    }

    func spoke(_ number: Int) -> String {
        let name = Self.spokeName(number)
        let region = region(of: number)
        let hub = Self.hubName(region)
        var text = """
              \(name):
                host: \(name).acme.example
                addresses: [\(Self.address(spoke: number))]
                tls: { certificate: tls/\(name).pem, key: tls/\(name).key }

            """
        if isSubmission(spoke: number) {
            return text + """
                    access: { allow: [\(Self.regionName(region)), admins] }
                    smtp:
                      listener: true
                      inbound:
                        tcp: { port: 25, enabled: true }
                        starttls: enabled
                        enforce_server_access: true
                        auth:
                          tcp: { name_password: true, anonymous: false }
                          ssl: { client_certificate: false, name_password: true, anonymous: false }
                      outbound:
                        relay: \(hub)

                """
        }
        switch number % 7 {
        case 0: text += "    access: { allow: [operators, \(Self.userName(number % users + 1))], deny: [] }\n"
        case 3: text += "    ports:\n      pop3: { tcp: { port: 110, enabled: true } }\n      imap: { ssl: { port: 993, enabled: true } }\n"
        default: break
        }
        if number % 3 == 0 {
            text += """
                    smtp:
                      listener: true
                      inbound:
                        tcp: { port: 25, enabled: true }
                        starttls: \(number % 2 == 0 ? "enabled" : "disabled")
                        auth:
                          tcp: { name_password: false, anonymous: true }
                          ssl: { client_certificate: false, name_password: false, anonymous: false }
                      outbound:
                        relay: \(hub)

                """
        } else {
            text += """
                    smtp:
                      listener: false
                      outbound:
                        relay: \(hub)         # Internet mail leaves through the hub

                """
        }
        return text
    }

    func user(_ number: Int) -> String {
        let name = Self.userName(number)
        return """
              \(name):
                internet_address: \(name)@acme.example
                password: "\(Self.hashes[number % Self.hashes.count])"

            """
    }

    // MARK: Whole estates

    /// The whole estate in one file.
    func singleFile() -> String {
        var text = header()
        text.reserveCapacity(servers * 420 + users * 160)
        text += commonSections()
        text += "servers:\n"
        for number in 1...hubs { text += hub(number) }
        for number in stride(from: 1, through: spokes, by: 1) { text += spoke(number) }
        text += "sites:\n"
        for number in 1...hubs { text += site(ofHub: number) }
        text += "users:\n"
        for number in 1...users { text += user(number) }
        return text
    }

    /// The estate as files: relative path → text.
    func files(into consume: (String, String) throws -> Void) rethrows {
        try consume("organization.yaml", header() + commonSections())
        var users = "# People who submit mail through the hubs.\nportolan: 1\nusers:\n"
        for number in 1...self.users { users += user(number) }
        try consume("users.yaml", users)
        for number in 1...hubs {
            try consume("servers/\(Self.hubName(number)).yaml",
                        "portolan: 1\nservers:\n" + hub(number) + "sites:\n" + site(ofHub: number))
        }
        for number in stride(from: 1, through: spokes, by: 1) {
            try consume("servers/\(Self.spokeName(number)).yaml", "portolan: 1\nservers:\n" + spoke(number))
        }
    }
}

/// `portolan-bench estate --servers N [--file PATH] [--dir PATH]`: writes the
/// estate of `ScaleEstate` as one file, as a directory, or both.
struct EstateCommand {
    var servers = 1_000
    var file: String?
    var directory: String?

    static let usage = "usage: portolan-bench estate --servers N [--file PATH] [--dir PATH]"

    init(arguments: ArraySlice<String>) throws(UsageError) {
        var rest = arguments
        while let option = rest.popFirst() {
            switch option {
            case "--servers":
                guard let text = rest.popFirst(), let value = Int(text), value >= 3 else {
                    throw UsageError("--servers needs a number of at least 3")
                }
                servers = value
            case "--file": file = rest.popFirst()
            case "--dir": directory = rest.popFirst()
            default: throw UsageError("unknown option \(option)")
            }
        }
        guard file != nil || directory != nil else { throw UsageError("give --file, --dir or both") }
    }

    func run() throws(UsageError) {
        let estate = ScaleEstate(servers: servers)
        do {
            if let file {
                try Data(estate.singleFile().utf8).write(to: URL(fileURLWithPath: file))
            }
            if let directory {
                let manager = FileManager.default
                let root = URL(fileURLWithPath: directory)
                if manager.fileExists(atPath: directory) { try manager.removeItem(at: root) }
                try manager.createDirectory(at: root.appendingPathComponent("servers"), withIntermediateDirectories: true)
                try estate.files { path, text in
                    try Data(text.utf8).write(to: root.appendingPathComponent(path))
                }
            }
        } catch {
            throw UsageError("cannot write the estate: \(error)")
        }
    }
}
