extension DiagnosticCode {
    /// PT301: Internet Sites are used but no SMTP site is hosted on the server.
    public static let noSiteOnServer = DiagnosticCode("PT301")
    /// PT302: the SMTP site allows no authentication option.
    public static let siteAllowsNoAuthentication = DiagnosticCode("PT302")
    /// PT303: smtp.inbound.auth is ignored when Internet Sites are used.
    public static let ignoredServerAuthentication = DiagnosticCode("PT303")
    /// PT304: two SMTP sites overlap on one server.
    public static let overlappingSites = DiagnosticCode("PT304")
    /// PT305: SSL or STARTTLS is enabled without a key ring.
    public static let tlsWithoutKeyRing = DiagnosticCode("PT305")
    /// PT306: STARTTLS without an enabled TCP port or listener.
    public static let starttlsWithoutTCP = DiagnosticCode("PT306")
    /// PT307: STARTTLS is required on the inbound TCP port.
    public static let starttlsRequiredInbound = DiagnosticCode("PT307")
    /// PT308: two enabled ports of one server share a port number.
    public static let portClash = DiagnosticCode("PT308")
    /// PT309: nobody passes the server access list.
    public static let nobodyPassesAccess = DiagnosticCode("PT309")
    /// PT310: name and password offered but no user can use them.
    public static let noUserForPassword = DiagnosticCode("PT310")
    /// PT311: an enabled port has no Internet Site of its protocol.
    public static let portWithoutSite = DiagnosticCode("PT311")
    /// PT312: the server uses SMTP but has no fully qualified host name.
    public static let noQualifiedHostName = DiagnosticCode("PT312")
    /// PT313: name and password on the TCP port without STARTTLS.
    public static let passwordWithoutStarttls = DiagnosticCode("PT313")
    /// PT314: a listener address is mapped to no SMTP site.
    public static let listenerAddressWithoutSite = DiagnosticCode("PT314")
}

extension Catalogue {
    static let serverEntries: [CatalogueEntry] = [
        make(.noSiteOnServer, .error, "Internet Sites are used but no SMTP site is hosted on the server", """
            The server loads its Internet configuration from Internet Site documents \
            (`internet_sites: true`), its SMTP listener is on, and no site with \
            `protocol: smtp` lists the server in its `servers` (nor `"*"`). Domino then has \
            no SMTP security settings for the server and refuses every inbound connection.

            Why it matters: every sender, whether an Internet mail server, another server of \
            the estate relaying through this one or a user's mail client, is answered \
            `554 5.7.0 This site is not enabled on the server.` and 503 to every later \
            command. Nothing is delivered to or through the server. Servers of the topology \
            that send to it are also reported (PT407).

            Fix: host an SMTP site on the server, or set `internet_sites: false` so that the \
            server's own `smtp.inbound.auth` applies:

                sites:
                  acme-smtp:
                    protocol: smtp
                    servers: [hub]
                    security:
                      tcp: { name_password: false, anonymous: true }
                      ssl: { client_certificate: false, name_password: true, anonymous: false }

            Domino field: Server document > Basics > Load Internet configurations from \
            Server\\Internet Sites documents; Internet Site document (SMTP Inbound) > Basics > \
            Domino servers that host this site.
            """),
        make(.siteAllowsNoAuthentication, .error, "the SMTP site allows no authentication option", """
            The SMTP site that serves the server has every authentication option set to No: \
            on TCP neither name and password nor anonymous, on SSL neither client \
            certificate, name and password nor anonymous. Domino treats such a site as not \
            enabled.

            Why it matters: every connection that reaches the addresses the site serves is \
            answered `554 5.7.0 This site is not enabled on the server.` and 503 to every \
            later command, exactly as if there were no site. Internet mail, mail from the \
            estate's own servers and users' clients are all refused.

            Fix: allow at least one option. Server-to-server mail is anonymous, users \
            authenticate with name and password:

                security:
                  tcp: { name_password: true, anonymous: true }
                  ssl: { client_certificate: false, name_password: true, anonymous: false }

            Domino field: Internet Site document > Security > TCP/IP authentication (Name & \
            password, Anonymous) and SSL authentication (Client certificate, Name & password, \
            Anonymous).
            """),
        make(.ignoredServerAuthentication, .warning, "smtp.inbound.auth is ignored when Internet Sites are used", """
            The server has `internet_sites: true` and also sets `smtp.inbound.auth`. With \
            Internet Sites, Domino takes SMTP port authentication from the Security tab of \
            the SMTP site, not from the Server document, whose authentication fields are not \
            even shown. The server's `auth` is ignored; a note points at the site whose \
            settings apply.

            Why it matters: what the file says is not what runs. An administrator who set \
            `auth.tcp.anonymous: false` to stop anonymous senders still has the site's \
            `anonymous: true` in force; one who enabled name and password on the server may \
            find that users' clients cannot authenticate because the site does not offer it.

            Fix: remove `smtp.inbound.auth` (also from `defaults`, if it comes from there) \
            and set the options in the site's `security`; or set `internet_sites: false` if \
            the server is meant to use its own settings.

            Domino field: Server document > Ports > Internet Ports > Mail > Mail (SMTP \
            Inbound) > Authentication options, replaced by Internet Site document > Security \
            when Server document > Basics > Load Internet configurations from \
            Server\\Internet Sites documents is Enabled.
            """),
        make(.overlappingSites, .error, "two SMTP sites overlap on one server", """
            Two SMTP sites are hosted on the same server, for the same organization, and \
            their `hosts` overlap: a host name or address appears in both, or neither has any \
            `hosts`. For a connection that matches both, Domino uses only the first site it \
            finds. (A site without `hosts` next to sites with hosts is not an overlap: it is \
            the fallback for connections that match none of their hosts.)

            Why it matters: which authentication options apply depends on the order of \
            documents, not on the configuration, and one of the two sites is silently dead \
            for the shared part. A submission site that requires name and password can be \
            bypassed by an overlapping site that allows anonymous senders, or the other way \
            round, Internet mail can be refused.

            Fix: give each site hosts of its own, remove the server from one site's \
            `servers`, or merge the two sites:

                sites:
                  acme-mx:     { protocol: smtp, servers: [hub], hosts: [mx.acme.example, 192.0.2.10] }
                  acme-submit: { protocol: smtp, servers: [hub], hosts: [submit.acme.example, 192.0.2.11] }

            Domino field: Internet Site document > Basics > Organization, Host names or \
            addresses mapped to this site, and Domino servers that host this site.
            """),
        make(.tlsWithoutKeyRing, .error, "SSL or STARTTLS is enabled without a key ring", """
            The server's SMTP SSL port is enabled (`smtp.inbound.ssl.enabled: true`) or its \
            `smtp.inbound.starttls` is enabled or required, but neither the server nor the \
            SMTP site that serves it has a `tls` key ring (certificate and private key).

            Why it matters: without a certificate there is nothing to present in the TLS \
            handshake. Clients connecting to the SSL port (465) have the connection closed \
            during the handshake; STARTTLS cannot be carried out, so senders that use it \
            cannot encrypt, and with `required` nobody can send at all.

            Fix: give the server (or the site) a key ring, or disable SSL and STARTTLS:

                servers:
                  hub:
                    tls: { certificate: tls/hub.pem, key: tls/hub.key }

            Domino field: Server document > Ports > Internet Ports > SSL settings > SSL key \
            file name, or Internet Site document > Security > SSL options > Key file name; \
            with Mail (SMTP Inbound) > SSL port status and Configuration Settings document > \
            Router/SMTP > Advanced > Commands and Extensions > SSL negotiated over TCP/IP port.
            """),
        make(.starttlsWithoutTCP, .error, "STARTTLS without an enabled TCP port or listener", """
            `smtp.inbound.starttls` is enabled or required, but the inbound TCP port is \
            disabled (`smtp.inbound.tcp.enabled: false`) or the SMTP listener is off \
            (`smtp.listener: false`). STARTTLS is a command given on the plain TCP port; with \
            no TCP port there is nothing to negotiate it on.

            Why it matters: the setting promises encrypted delivery over TCP that does not \
            exist. Senders set to negotiate SSL (`mode: starttls`) connect to the TCP port \
            and get "connection refused"; their mail waits in mail.box and is returned as \
            undeliverable (see PT403).

            Fix: enable the TCP port and the listener, or set `starttls: disabled` if the \
            server is meant to take SMTP over SSL only:

                smtp:
                  listener: true
                  inbound:
                    tcp: { port: 25, enabled: true }
                    starttls: enabled

            Domino field: Configuration Settings document > Router/SMTP > Advanced > \
            Commands and Extensions > SSL negotiated over TCP/IP port, with Server document > \
            Ports > Internet Ports > Mail > Mail (SMTP Inbound) > TCP/IP port status and \
            Server document > Basics > SMTP listener task.
            """),
        make(.starttlsRequiredInbound, .warning, "STARTTLS is required on the inbound TCP port", """
            `smtp.inbound.starttls` is `required`: the listener accepts no mail on the TCP \
            port until the sender has issued STARTTLS.

            Why it matters: every sender that does not use STARTTLS is refused and its mail \
            is not delivered. Many Internet mail servers, devices such as scanners and older \
            applications send in plain text; they are answered `530 5.7.0 Must issue a \
            STARTTLS command first` and bounce or queue the message. Servers of the topology \
            whose outbound mode is not `starttls` are reported as errors (PT405).

            Fix: use `enabled` unless every sender is known to use STARTTLS; keep `required` \
            for a server that only known, TLS-capable senders reach:

                smtp:
                  inbound:
                    starttls: enabled

            Domino field: Configuration Settings document > Router/SMTP > Advanced > \
            Commands and Extensions > SSL negotiated over TCP/IP port (Required).
            """),
        make(.portClash, .error, "two enabled ports of one server share a port number", """
            Two enabled ports of the same server have the same number on an address they \
            share: SMTP TCP and SMTP SSL, or an SMTP port and a POP3, IMAP, HTTP or LDAP \
            port. This is inferred: Domino runs a listener per protocol and port, and two \
            listeners cannot bind one address and port.

            Why it matters: the second listener fails to bind and that service does not run. \
            Its clients reach the other protocol instead: a mail client that connects to 465 \
            for SMTP over SSL and finds an HTTPS server gets a greeting it cannot read, and \
            its mail is not sent.

            Fix: change one of the port numbers, or disable one of the ports:

                ports:
                  http: { tcp: { port: 80, enabled: true }, ssl: { port: 443, enabled: true } }
                smtp:
                  inbound:
                    ssl: { port: 465, enabled: true }

            Domino field: inferred from Server document > Ports > Internet Ports (Web, \
            Directory, Mail) > TCP/IP port number, SSL port number and their port status.
            """),
        make(.nobodyPassesAccess, .warning, "nobody passes the server access list", """
            `smtp.inbound.enforce_server_access` is on, and no user or server defined in the \
            topology passes the server's access list: `access.allow` names nobody who exists, \
            or everyone it lets in is also in `access.deny`. This is inferred from Domino's \
            server access check, which the SMTP listener applies when enforcement is on.

            Why it matters: with enforcement on, only users and servers with access to the \
            server may connect. Since nobody has access, every SMTP session is refused: users \
            cannot send, and servers that relay or route through this one cannot deliver.

            Fix: let the intended users, groups and servers in, or turn enforcement off:

                access:
                  allow: [mail-users, "*/Acme"]
                  deny: []

            Domino field: Server document > Ports > Internet Ports > Mail > Mail (SMTP \
            Inbound) > Enforce server access settings, with Server document > Security > \
            Server Access > Access server and Not access server.
            """),
        make(.noUserForPassword, .warning, "name and password offered but no user can use them", """
            The server offers name and password authentication, on TCP or on SSL (in its own \
            `smtp.inbound.auth` or, with Internet Sites, in its SMTP site's `security`), but \
            no user who has a `password` passes the server's access list. This is inferred.

            Why it matters: the server's bundle holds no password it may check, so every \
            AUTH PLAIN or LOGIN fails with `535 5.7.8 Authentication failed`. Users whose \
            mail clients submit with authentication cannot send through this server; a port \
            that allows nothing but name and password is unusable.

            Fix: give the intended users a password and let them pass the access list, or \
            stop offering name and password:

                users:
                  alice: { password: "$pbkdf2-sha256$210000$<salt>$<checksum>" }
                servers:
                  hub:
                    access: { allow: [alice] }

            Domino field: Person document > Basics > Internet password, Server document > \
            Security > Server Access > Access server, and the Name & password option of Mail \
            (SMTP Inbound) > Authentication options or Internet Site document > Security.
            """),
        make(.portWithoutSite, .error, "an enabled port has no Internet Site of its protocol", """
            The server has `internet_sites: true` and an enabled POP3, IMAP, HTTP or LDAP \
            port, but no site of that protocol is hosted on the server. With Internet Sites \
            on, Domino configures every Internet protocol from site documents; a protocol \
            without one has no configuration.

            Why it matters: clients of that protocol are refused. A mail client polling IMAP \
            on 993 reports that the server rejected it, a browser gets no web site; the \
            port looks open in the Server document and does not serve anyone.

            Fix: host a site of that protocol on the server, or disable the port:

                sites:
                  acme-imap:
                    protocol: imap
                    servers: [hub]

            Domino field: Server document > Basics > Load Internet configurations from \
            Server\\Internet Sites documents; Internet Site document (IMAP, POP3, Web, LDAP) > \
            Basics > Domino servers that host this site; Server document > Ports > Internet \
            Ports > TCP/IP port status and SSL port status.
            """),
        make(.noQualifiedHostName, .error, "the server uses SMTP but has no fully qualified host name", """
            The server takes part in SMTP (its listener is on, or it sends mail over SMTP to \
            a relay host, route or other server), but it has no `host`, or its host is not \
            fully qualified (a single label such as `hub`).

            Why it matters: the host name is what the server's peers connect to, what it \
            announces in its greeting and in EHLO, and what its certificate must name. \
            Without it, the servers that relay or route to it have no address to connect to, \
            and receivers that check EHLO refuse the server's own mail (for example \
            `504 5.5.2 Helo command rejected: need fully-qualified hostname`).

            Fix: set the fully qualified name:

                servers:
                  hub:
                    host: hub.acme.example

            Domino field: Server document > Basics > Fully qualified Internet host name.
            """),
        make(.passwordWithoutStarttls, .warning, "name and password on the TCP port without STARTTLS", """
            Name and password authentication is allowed on the inbound TCP port (in \
            `smtp.inbound.auth.tcp`, or with Internet Sites in the site's `security.tcp`), \
            but STARTTLS is disabled. The listener never accepts AUTH on an unencrypted \
            connection, so nobody can authenticate on that port. This is inferred.

            Why it matters: mail clients set to authenticate on the TCP port get `538 5.7.11 \
            Encryption required` (or 504) to AUTH and cannot send. A server whose \
            `relay_auth` is `required` cannot hand its outgoing mail to this one and keeps it \
            queued; with `enabled` it falls back to an anonymous session, which may be \
            refused (PT407).

            Fix: enable STARTTLS (with a key ring, PT305), or stop offering name and password \
            on TCP and let clients authenticate on the SSL port:

                smtp:
                  inbound:
                    starttls: enabled
                tls: { certificate: tls/hub.pem, key: tls/hub.key }

            Domino field: Server document > Ports > Internet Ports > Mail > Mail (SMTP \
            Inbound) > TCP/IP port Authentication options > Name & password, or Internet \
            Site document > Security > TCP/IP authentication > Name & password; with \
            Configuration Settings document > Router/SMTP > Advanced > Commands and \
            Extensions > SSL negotiated over TCP/IP port.
            """),
        make(.listenerAddressWithoutSite, .warning, "a listener address is mapped to no SMTP site", """
            The server loads Internet Sites, and one of the addresses its listeners bind \
            (`addresses`) is in the `hosts` of no SMTP site hosted on the server, while no \
            hosted SMTP site leaves `hosts` empty (an empty list serves every address). \
            Connections that reach that address match no site.

            Why it matters: senders that connect to that address are answered `554 5.7.0 \
            This site is not enabled on the server.` and their mail is not delivered. A \
            client using SSL may still be matched by the host name it asks for (SNI); plain \
            TCP senders cannot.

            Fix: map the address to a site, or stop binding it:

                servers:
                  hub: { addresses: [192.0.2.10, 192.0.2.11] }
                sites:
                  acme-smtp: { hosts: [mail.acme.example, 192.0.2.10, 192.0.2.11] }

            Domino field: Internet Site document > Basics > Host names or addresses mapped \
            to this site.
            """),
    ]
}
