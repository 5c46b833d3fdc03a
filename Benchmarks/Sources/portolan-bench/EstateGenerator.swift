/// A small deterministic pseudo-random generator (SplitMix64), so that every
/// run of the benchmark reads exactly the same text.
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<bound`.
    mutating func below(_ bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }

    /// True about once in `times`.
    mutating func oneIn(_ times: Int) -> Bool {
        below(times) == 0
    }
}

/// Writes a realistic topology in the Portolan language: a header, many servers
/// (host, addresses, key ring, access lists, the other Internet ports, SMTP
/// inbound and outbound with routes), then sites and users. Block and flow
/// collections, quoted strings, comments, a few anchors and aliases and a few
/// non-ASCII characters appear in about the proportions a hand-written estate has.
struct EstateGenerator {
    /// Pure ASCII output (no umlauts in comments and descriptions).
    var asciiOnly = false
    private var random = SplitMix64(seed: 0x504F_5254_4F4C_414E)
    private var text = ""

    init(asciiOnly: Bool = false) {
        self.asciiOnly = asciiOnly
    }

    /// About `targetBytes` of YAML text (a little more: whole servers only).
    mutating func generate(targetBytes: Int) -> [UInt8] {
        text = ""
        text.reserveCapacity(targetBytes + 4096)
        header()
        let serverShare = targetBytes * 85 / 100
        var count = 0
        text += "servers:\n"
        while text.utf8.count < serverShare {
            count += 1
            server(count, of: max(count, 2))
        }
        sites(forServers: count)
        text += "users:\n"
        var user = 0
        while text.utf8.count < targetBytes {
            user += 1
            self.user(user)
        }
        return Array(text.utf8)
    }

    private mutating func header() {
        text += """
            # The estate of Acme, generated for benchmarks.
            portolan: 1
            organization: Acme
            internet_domains: [acme.example, "branch.acme.example", mail.acme.example]
            defaults:
              server:
                smtp:
                  inbound:
                    max_message_size: 25MiB   # the default for every server
                    auth: &anonymous_auth
                      tcp: { name_password: false, anonymous: true }
                      ssl: { client_certificate: false, name_password: false, anonymous: true }

            """
    }

    private mutating func server(_ number: Int, of total: Int) {
        let name = Self.name("srv", number)
        text += "  \(name):\n"
        text += "    host: \(name).acme.example\n"
        text += "    addresses: [10.\(number >> 16 & 255).\(number >> 8 & 255).\(number & 255), \"fd00::\(String(number, radix: 16))\"]\n"
        if random.oneIn(8) {
            let place = asciiOnly ? "Zurich" : ["Zürich", "München", "Besançon", "Malmö"][random.below(4)]
            text += "    # Standort \(place), rack \(random.below(40) + 1)\n"
        }
        text += "    internet_sites: \(random.oneIn(3))\n"
        text += "    tls: { certificate: tls/\(name).pem, key: tls/\(name).key }\n"
        access()
        otherPorts()
        smtp(number, of: total)
    }

    private mutating func access() {
        if random.oneIn(4) {
            text += "    access: { allow: [\"*/Acme\"], deny: [] }\n"
            return
        }
        text += """
                access:
                  allow: ["*/Acme", admins, 'LocalDomainServers']
                  deny: [\(Self.name("user", random.below(500) + 1))]

            """
    }

    private mutating func otherPorts() {
        text += "    ports:\n"
        for (name, tcp, ssl) in [("pop3", 110, 995), ("imap", 143, 993), ("http", 80, 443), ("ldap", 389, 636)] {
            let enabled = random.oneIn(5)
            text += "      \(name): { tcp: { port: \(tcp), enabled: \(enabled) }, ssl: { port: \(ssl), enabled: \(!enabled) } }\n"
        }
    }

    private mutating func smtp(_ number: Int, of total: Int) {
        let starttls = ["disabled", "enabled", "required"][random.below(3)]
        text += """
                smtp:
                  listener: true
                  within_domain: \(random.oneIn(10))
                  inbound:
                    tcp: { port: 25, enabled: true }
                    ssl: { port: 465, enabled: \(random.oneIn(2)) }
                    starttls: \(starttls)        # "SSL negotiated over TCP/IP port"
                    enforce_server_access: false
                    authenticated_users: true

            """
        if random.oneIn(3) {
            text += "        auth: *anonymous_auth\n"
        } else {
            text += """
                        auth:
                          tcp: { name_password: true, anonymous: false }
                          ssl: { client_certificate: false, name_password: true, anonymous: false }

                """
        }
        text += "        max_message_size: \(random.below(50) + 1)MiB\n"
        outbound(number, of: total)
    }

    private mutating func outbound(_ number: Int, of total: Int) {
        let relay = Self.name("srv", (number % total) + 1)
        text += """
                  outbound:
                    tcp: { port: 25, mode: \(["enabled", "starttls"][random.below(2)]) }
                    ssl: { port: 465, enabled: false }
                    relay: \(relay)
                    relay_auth: disabled

            """
        let routes = random.below(3)
        guard routes > 0 else { return }
        text += "        routes:\n"
        for _ in 0..<routes {
            let peer = random.below(total) + 1
            text += "          - to: \(Self.name("srv", peer))\n"
            text += "            domains: [d\(peer).acme.example, \"mail.d\(peer).acme.example\"]\n"
        }
    }

    private mutating func sites(forServers count: Int) {
        text += "sites:\n"
        for site in 1...max(1, count / 20) {
            let first = Self.name("srv", (site * 20) % count + 1)
            let second = Self.name("srv", (site * 20 + 1) % count + 1)
            text += """
                  \(Self.name("site", site)):
                    protocol: smtp
                    servers: [\(first), \(second)]
                    hosts: [mail\(site).acme.example, 10.200.\(site >> 8 & 255).\(site & 255)]
                    security:
                      tcp: { name_password: true, anonymous: false }
                      ssl: { client_certificate: false, name_password: true, anonymous: false }
                    tls: { certificate: tls/mail\(site).pem, key: tls/mail\(site).key }

                """
        }
    }

    private mutating func user(_ number: Int) {
        let name = Self.name("user", number)
        text += """
              \(name):
                name: \(name)/Acme
                internet_address: \(name)@acme.example
                password: "$pbkdf2-sha256$600000$c2FsdHNhbHQ$\(String(random.next(), radix: 36))"

            """
    }

    /// `srv00042`: fixed width, so that names sort as numbers.
    static func name(_ prefix: String, _ number: Int) -> String {
        let digits = String(number)
        return prefix + String(repeating: "0", count: max(0, 5 - digits.count)) + digits
    }
}
