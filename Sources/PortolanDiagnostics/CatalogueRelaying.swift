extension DiagnosticCode {
    /// PT412: the relay host does not let the sender relay.
    public static let relayRefused = DiagnosticCode("PT412")
    /// PT413: Internet mail goes to MX hosts on a port they do not listen on.
    public static let mxPortMismatch = DiagnosticCode("PT413")
    /// PT414: the sender cannot authenticate to its relay host.
    public static let relayAuthenticationFails = DiagnosticCode("PT414")
    /// PT415: relaying depends on the sender's reverse DNS name.
    public static let relayByReverseName = DiagnosticCode("PT415")
    /// PT416: a user's mail server cannot take its mail.
    public static let mailServerCannotTakeMail = DiagnosticCode("PT416")
}

extension Catalogue {
    /// PT412-PT416: relaying, the relay login, Internet mail to MX hosts and mail servers.
    static let relayingEntries: [CatalogueEntry] = [
        make(.relayRefused, .error, "the relay host does not let the sender relay", """
            B is server A's relay host, or a server that one of A's routes sends domains \\
            outside the local Internet domains to, and B's relay controls \\
            (`smtp.inbound.relay`) do not let A relay. A may relay through B when one of \\
            these holds: B's `enforce` is `none`; `enforce` is `external` and A is an \\
            internal host (an address of A is among the servers' addresses that B's bundle \\
            carries, or A's reverse DNS name lies in a local Internet domain); A is in B's \\
            `allow_hosts` (by server name, host name, address or CIDR range); or A \\
            authenticates to B (`relay_auth`, `relay_login`) and B's `authenticated` is \\
            `allow`. None of them holds here.

            Why it matters: B accepts A's session and its mail for local recipients, but \\
            answers every RCPT TO for an Internet recipient with `554 5.7.1 Relay access \\
            denied`. A's Internet mail stays in its mail.box, is retried, and is returned to \\
            its senders as undeliverable.

            Fix: let A relay through B: give A its `addresses` (so that B knows it as an \\
            internal host), name it in B's `allow_hosts`, or let A authenticate with \\
            `authenticated: allow` on B:

                servers:
                  hub:
                    smtp:
                      inbound:
                        relay: { enforce: external, allow_hosts: [spoke] }
                  spoke:
                    addresses: [192.0.2.21]
                    smtp:
                      outbound: { relay: hub }

            Domino field: Configuration Settings document > Router/SMTP > Restrictions and \\
            Controls > SMTP Inbound Controls > Perform Anti-Relay enforcement for these \\
            connecting hosts, Exclude these connecting hosts from anti-relay checks, and \\
            Exceptions for authenticated users, on B.
            """),
        make(.mxPortMismatch, .warning, "Internet mail goes to MX hosts on a port they do not listen on", """
            Server A has no relay host, so the mail it sends outside the local Internet \\
            domains (and outside its routes) goes straight to each domain's MX hosts. MX \\
            hosts listen on port 25, without implicit TLS. A's outbound TCP port is another \\
            number, or A sends over SSL only (outbound TCP disabled): its one outbound \\
            setting serves every session, MX hosts included.

            Why it matters: A connects to the MX hosts on a port where nothing listens, or \\
            opens TLS where they expect plain SMTP. Its Internet mail is retried until it \\
            expires and is returned as undeliverable.

            Fix: send A's Internet mail through a relay host that listens on A's port, or \\
            set A's outbound TCP port back to 25 with mode enabled or starttls:

                servers:
                  spoke:
                    smtp:
                      outbound:
                        tcp: { port: 26, mode: enabled }
                        relay: hub

            Domino field: Server document > Ports > Internet Ports > Mail > Mail (SMTP \\
            Outbound) > TCP/IP port number and SSL port status, and Configuration Settings \\
            document > Router/SMTP > Basics > Relay host for messages leaving the local \\
            Internet domain.
            """),
        make(.relayAuthenticationFails, .error, "the sender cannot authenticate to its relay host", """
            Server A sets `relay_auth` to enabled or required, and it has no \\
            `relay_login`, or the user its `relay_login` names cannot authenticate at the \\
            relay host B: the user has no `password`, B enforces its access list \\
            (`enforce_server_access`) and the user does not pass it, or B does not accept \\
            authenticated users (`authenticated_users: false`). This is inferred.

            Why it matters: with `required`, A gives up each delivery to B when it cannot \\
            authenticate, and the mail is returned as undeliverable; with `enabled`, A goes \\
            on anonymously, and B may then refuse it (PT407) or refuse to relay (PT412).

            Fix: name a user with a password that B admits, and put the password in the \\
            file on A's host that `password_file` names:

                users:
                  spoke-relay:
                    password: "$pbkdf2-sha256$..."   # portolan passwd
                servers:
                  spoke:
                    smtp:
                      outbound:
                        relay: hub
                        relay_auth: required
                        relay_login: { user: spoke-relay, password_file: /etc/portolan/spoke-relay.secret }

            Domino field: Configuration Settings document > Router/SMTP > Basics > Use \\
            authentication when sending messages to the relay host, the Person document > \\
            Internet password of the user, and on B Server document > Security > Server \\
            Access and Router/SMTP > Restrictions and Controls > SMTP Inbound Controls > \\
            authenticated users.
            """),
        make(.relayByReverseName, .warning, "relaying depends on the sender's reverse DNS name", """
            Relay host B lets server A relay only because A is an internal host (B's \\
            `enforce` is `external`; A is not in B's `allow_hosts` and does not \\
            authenticate with `authenticated: allow`), and A has no `addresses`. B then \\
            knows A as internal only when the reverse DNS name of the address A connects \\
            from is A's `host` or lies in a local Internet domain, which `serve` looks up \\
            at run time.

            Why it matters: when A's address has no PTR record, or one outside the local \\
            domains (common behind NAT or on cloud hosts), B answers A's Internet \\
            recipients with `554 5.7.1 Relay access denied`, although `check` could not \\
            see it.

            Fix: give A the addresses it connects from, or name A in B's `allow_hosts`:

                servers:
                  spoke:
                    addresses: [192.0.2.21]

            Domino field: Server document > Ports > Notes Network Ports > TCPIP > Net \\
            Address of A, and Configuration Settings document > Router/SMTP > Restrictions \\
            and Controls > SMTP Inbound Controls > Perform Anti-Relay enforcement for these \\
            connecting hosts (External hosts) on B.
            """),
        make(.mailServerCannotTakeMail, .error, "a user's mail server cannot take its mail", """
            A user's `mail_server` is a server without an SMTP listener \\
            (`smtp.listener: false`), or an external host. Mail for the user that arrives \\
            elsewhere is sent to its mail server over SMTP (with `within_domain`), and that \\
            server must take it. This is inferred.

            Why it matters: the arriving server cannot hand the message on: a server without \\
            a listener refuses the connection, and an external host holds no mailbox of this \\
            topology. The user's mail is retried and returned as undeliverable.

            Fix: name a server of this topology whose SMTP listener is on, or leave \\
            `mail_server` out to keep mail where it arrives:

                users:
                  alice:
                    mail_server: hub
                servers:
                  hub:
                    smtp: { listener: true }

            Domino field: Person document > Mail > Mail server, against the Server \\
            document > Basics > SMTP listener task of that server.
            """),
    ]
}
