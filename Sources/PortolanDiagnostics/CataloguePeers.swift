extension DiagnosticCode {
    /// PT401: outbound TCP port differs from the peer's inbound port.
    public static let outboundPortMismatch = DiagnosticCode("PT401")
    /// PT402: peers listen on different TCP ports.
    public static let peersOnDifferentPorts = DiagnosticCode("PT402")
    /// PT403: the peer does not listen on TCP and no SSL path works.
    public static let noTCPOrSSLPath = DiagnosticCode("PT403")
    /// PT404: SSL-only sender and the peer's SSL port does not match.
    public static let sslPortMismatch = DiagnosticCode("PT404")
    /// PT405: the peer requires STARTTLS and the sender does not use it.
    public static let peerRequiresStarttls = DiagnosticCode("PT405")
    /// PT406: STARTTLS wanted but the peer does not offer it.
    public static let starttlsNotOffered = DiagnosticCode("PT406")
    /// PT407: the peer refuses anonymous SMTP and the sender does not authenticate.
    public static let peerRefusesAnonymous = DiagnosticCode("PT407")
    /// PT408: relay hosts form a loop.
    public static let relayLoop = DiagnosticCode("PT408")
    /// PT409: a server routes or relays to itself.
    public static let sendsToItself = DiagnosticCode("PT409")
    /// PT410: non-standard inbound port that nothing sends to.
    public static let unusedNonStandardPort = DiagnosticCode("PT410")
    /// PT411: relay authentication but the relay host offers no name and password.
    public static let relayAuthenticationWithoutPassword = DiagnosticCode("PT411")
}

extension Catalogue {
    static let peerEntries: [CatalogueEntry] = [
        make(.outboundPortMismatch, .error, "outbound TCP port differs from the peer's inbound port", """
            Server A sends mail over SMTP to its peers (its relay host, the targets of its \
            routes, and with `within_domain` every other server with an SMTP listener). The \
            peers listen on one TCP port, and A's outbound TCP port is another number. A has \
            a single outbound TCP port for all its sessions, and connects to that number on \
            every peer it reaches over TCP (a peer it reaches over SSL first is not \
            concerned). The usual case: a hub moved to port 26, a spoke still sends to 25.

            Why it matters: A's router connects to a port where nothing listens and gets \
            "connection refused" (or a timeout, behind a firewall). The mail waits in A's \
            mail.box, is retried, and is finally returned to its senders as undeliverable.

            Fix: set A's outbound port to the port the peers listen on, or move the peers \
            back to it:

                servers:
                  spoke:
                    smtp:
                      outbound:
                        tcp: { port: 26, mode: enabled }
                        relay: hub

            Domino field: Server document > Ports > Internet Ports > Mail > Mail (SMTP \
            Outbound) > TCP/IP port number of A, against Mail (SMTP Inbound) > TCP/IP port \
            number of the peer.
            """),
        make(.peersOnDifferentPorts, .error, "peers listen on different TCP ports", """
            Server A's peers do not agree on a port: some listen for SMTP over TCP on one \
            number, others on another. The message lists the peers by port, for example \
            "25 (isp), 26 (hub-west)". A has one outbound TCP port for all its sessions, so \
            whichever number it uses, the peers on the other number cannot be reached. \
            Peers that A reaches over SSL are not counted.

            Why it matters: the sessions to the peers on the other port fail with \
            "connection refused"; mail for them (Internet mail through the relay host, or \
            the domains of a route) waits in A's mail.box and is returned as undeliverable. \
            Domino's documentation says it directly: set a non-standard outbound port only \
            if the server makes all of its outbound SMTP connections to servers that use it.

            Fix: move the peers to one port, reach some of them over SSL \
            (`smtp.outbound.ssl`, when they listen on A's SSL port), or send to the odd ones \
            through a server that uses their port (a spoke relays through its hub, and only \
            the hub talks to the ISP on 25):

                servers:
                  hub:
                    smtp:
                      inbound:  { tcp: { port: 26, enabled: true } }
                      outbound: { tcp: { port: 25, mode: enabled }, relay: isp }
                  spoke:
                    smtp:
                      outbound: { tcp: { port: 26, mode: enabled }, relay: hub }

            Domino field: Server document > Ports > Internet Ports > Mail > Mail (SMTP \
            Outbound) > TCP/IP port number (which applies to all outbound SMTP sessions), \
            against each peer's Mail (SMTP Inbound) > TCP/IP port number.
            """),
        make(.noTCPOrSSLPath, .error, "the peer does not listen on TCP and no SSL path works", """
            Server A sends to a peer that does not take SMTP over TCP: the peer's inbound TCP \
            port is disabled, its SMTP listener is off, or (for an external host) it has no \
            `tcp` port. And A cannot use SSL instead: A's outbound SSL is disabled, the peer \
            has no SSL port, or the two SSL port numbers differ.

            Why it matters: every session from A to the peer fails with "connection \
            refused". Mail for the peer waits in A's mail.box and is returned as \
            undeliverable; if the peer is A's relay host, no Internet mail leaves A at all.

            Fix: enable the peer's TCP port and listener, or let A reach the peer over SSL \
            on the peer's SSL port:

                servers:
                  spoke:
                    smtp:
                      outbound:
                        ssl: { port: 465, enabled: true }

            Domino field: the peer's Server document > Basics > SMTP listener task and Ports > \
            Internet Ports > Mail > Mail (SMTP Inbound) > TCP/IP port status; A's Mail (SMTP \
            Outbound) > SSL port number and SSL port status.
            """),
        make(.sslPortMismatch, .error, "SSL-only sender and the peer's SSL port does not match", """
            Server A sends over SSL only: its outbound TCP mode is `disabled` and its \
            outbound SSL is enabled. A peer has no SSL port enabled, or listens for SSL on a \
            different number than A's outbound SSL port. (With outbound TCP and SSL both \
            disabled, A cannot send to any peer, and this is reported too.)

            Why it matters: A never tries TCP, so it has no way to reach that peer. In the \
            words of Domino's documentation, a server set up to send SMTP over SSL only \
            cannot establish SMTP connections with a server that accepts them over TCP \
            only. The sessions fail, and mail for the peer is returned as undeliverable.

            Fix: enable the peer's SSL port on A's number, set A's outbound SSL port to the \
            peer's, or let A fall back to TCP:

                smtp:
                  outbound:
                    tcp: { port: 25, mode: starttls }
                    ssl: { port: 465, enabled: true }

            Domino field: A's Server document > Ports > Internet Ports > Mail > Mail (SMTP \
            Outbound) > TCP/IP port status (Disabled), SSL port number and SSL port status; \
            the peer's Mail (SMTP Inbound) > SSL port number and SSL port status.
            """),
        make(.peerRequiresStarttls, .error, "the peer requires STARTTLS and the sender does not use it", """
            A peer of server A has `smtp.inbound.starttls: required`, and A's outbound TCP \
            mode is not `starttls`: A connects to the TCP port and never issues STARTTLS.

            Why it matters: the peer refuses to accept mail before STARTTLS; A's MAIL FROM is \
            answered `530 5.7.0 Must issue a STARTTLS command first`. None of A's mail to the \
            peer is delivered; it is returned as undeliverable.

            Fix: let A negotiate SSL on the TCP port, or relax the peer to \
            `starttls: enabled`:

                smtp:
                  outbound:
                    tcp: { port: 25, mode: starttls }

            Domino field: A's Server document > Ports > Internet Ports > Mail > Mail (SMTP \
            Outbound) > TCP/IP port status (Negotiated SSL); the peer's Configuration \
            Settings document > Router/SMTP > Advanced > Commands and Extensions > SSL \
            negotiated over TCP/IP port (Required).
            """),
        make(.starttlsNotOffered, .warning, "STARTTLS wanted but the peer does not offer it", """
            Server A's outbound TCP mode is `starttls`, but a peer offers no STARTTLS: its \
            `smtp.inbound.starttls` is disabled, or it is an external host with \
            `starttls: false`.

            Why it matters: when the receiver does not announce STARTTLS after EHLO, \
            Domino's negotiated SSL carries on without encryption. The mail is delivered, but \
            in plain text across the network, although A's settings say it should be \
            encrypted.

            Fix: offer STARTTLS on the peer (it needs a key ring, PT305), or, if plain \
            delivery to that peer is accepted, say so with `mode: enabled`:

                servers:
                  hub:
                    tls: { certificate: tls/hub.pem, key: tls/hub.key }
                    smtp:
                      inbound:
                        starttls: enabled

            Domino field: A's Server document > Ports > Internet Ports > Mail > Mail (SMTP \
            Outbound) > TCP/IP port status (Negotiated SSL); the peer's Configuration \
            Settings document > Router/SMTP > Advanced > Commands and Extensions > SSL \
            negotiated over TCP/IP port.
            """),
        make(.peerRefusesAnonymous, .error, "the peer refuses anonymous SMTP and the sender does not authenticate", """
            A peer of server A does not accept anonymous SMTP on the port A uses (anonymous \
            is No in the peer's own `smtp.inbound.auth` or in the security of the SMTP site \
            that serves it; for an external host, `anonymous: false`), or it refuses every \
            connection (PT301, PT302), and A does not authenticate to it. A authenticates \
            only to its relay host, and only with `relay_auth` enabled or required; sessions \
            to route targets and, with `within_domain`, to other servers are always \
            anonymous. `enforce_server_access` is not a reason: it applies to users who \
            authenticate, never to anonymous sessions, as in Domino, where anonymous \
            Internet access is set per protocol and need not be listed in "Access server". \
            This is inferred.

            Why it matters: the peer answers A's MAIL FROM with `530 5.7.0 Authentication \
            required` (or `554 5.7.0 This site is not enabled on the server.`). A's mail to \
            it is not delivered and is returned as undeliverable.

            Fix: when the peer refuses every connection, fix that first (PT301: host an SMTP \
            site on it; PT302: allow an authentication option): authenticating does not help \
            a peer that answers no one. Otherwise allow anonymous senders on the peer's port \
            used for server-to-server mail (while still offering name and password to \
            users), or, when the peer is A's relay host and offers name and password, let A \
            authenticate with a `relay_login` (PT411, PT414):

                sites:
                  acme-smtp:
                    security:
                      tcp: { name_password: true, anonymous: true }
                servers:
                  spoke:
                    smtp:
                      outbound:
                        relay: hub
                        relay_auth: required
                        relay_login: { user: spoke-relay, password_file: /etc/portolan/spoke-relay.secret }

            Domino field: inferred from Internet Site document > Security > TCP/IP \
            authentication and SSL authentication > Anonymous (or Server document > Ports > \
            Internet Ports > Mail > Mail (SMTP Inbound) > Authentication options > \
            Anonymous), and Configuration Settings document > Router/SMTP > Basics > Use \
            authentication when sending messages to the relay host.
            """),
        make(.relayLoop, .error, "relay hosts form a loop", """
            Following relay hosts from server to server leads back to the start: A relays to \
            B, B relays to C, C relays to A. The message lists the cycle. This is inferred.

            Why it matters: mail for an outside domain is handed on around the loop, since \
            every server on it passes such mail to its relay host and none of them delivers \
            it. The message circles until Domino's hop count limit is exceeded and is then \
            returned as undeliverable, after loading every server on the way.

            Fix: break the cycle: exactly one server at the end of the chain relays to an \
            external host (or delivers to the Internet itself, with no relay host):

                servers:
                  spoke: { smtp: { outbound: { relay: hub } } }
                  hub:   { smtp: { outbound: { relay: isp } } }

            Domino field: inferred from the chain of Configuration Settings document > \
            Router/SMTP > Basics > Relay host for messages leaving the local Internet domain.
            """),
        make(.sendsToItself, .error, "a server routes or relays to itself", """
            A server's relay host, or the target of one of its routes, is the server \
            itself. This is inferred.

            Why it matters: the server connects to its own listener and hands the mail back \
            to itself, where the same relay host or route applies again. The message loops \
            until the hop count limit is exceeded and is returned as undeliverable; the mail \
            never leaves.

            Fix: name the intended server or external host, or remove the entry:

                servers:
                  hub:
                    smtp:
                      outbound:
                        relay: isp
                        routes:
                          - { to: partner-mx, domains: [partner.example] }

            Domino field: inferred from Configuration Settings document > Router/SMTP > \
            Basics > Relay host for messages leaving the local Internet domain, and \
            Connection document (SMTP) > Source server and Destination server.
            """),
        make(.unusedNonStandardPort, .warning, "non-standard inbound port that nothing sends to", """
            The server's SMTP listener takes mail on a TCP port other than 25, and no server \
            of the topology sends to it (no relay host, route or `within_domain` edge ends at \
            it). Nobody in the topology is set up to use the port.

            Why it matters: SMTP senders connect to port 25 unless told otherwise. Internet \
            mail servers that find this server through DNS try 25 and get "connection \
            refused", so its inbound mail is not delivered. Domino's documentation warns that \
            this causes routing problems especially when the server is a relay host for \
            outgoing Internet mail.

            Fix: listen on 25 again, or make the senders explicit: point their relay host or \
            routes at the server, with their outbound port set to its port. If outside \
            senders have really been set up for the port, the warning can stay.

                servers:
                  spoke:
                    smtp:
                      outbound: { tcp: { port: 26 }, relay: hub }

            Domino field: Server document > Ports > Internet Ports > Mail > Mail (SMTP \
            Inbound) > TCP/IP port number; the senders' Mail (SMTP Outbound) > TCP/IP port \
            number.
            """),
        make(.relayAuthenticationWithoutPassword, .error, "relay authentication but the relay host offers no name and password", """
            Server A has `relay_auth` enabled or required, but its relay host offers no name \
            and password authentication on the port A reaches: for a server, name and \
            password is off in its own `smtp.inbound.auth` or in the security of its SMTP \
            site; for an external host, `name_password: false`. A relay host in the topology \
            that offers name and password on TCP is also reported when A's session does \
            not use STARTTLS, since AUTH is accepted there only after STARTTLS.

            Why it matters: with `required`, A tries to authenticate, cannot, and does not \
            try an unauthenticated session: no Internet mail leaves A and it all is returned \
            as undeliverable. With `enabled`, A falls back to an anonymous session, which \
            the relay host may refuse (PT407); the setting does nothing.

            Fix: offer name and password on the relay host (over TLS, PT313) and let A use \
            `mode: starttls` towards it, or set `relay_auth: disabled` if the relay host \
            accepts A anonymously:

                external:
                  isp:
                    host: smtp.isp.example
                    inbound: { tcp: 25, starttls: true, anonymous: false, name_password: true }

            Domino field: Configuration Settings document > Router/SMTP > Basics > Use \
            authentication when sending messages to the relay host, against the relay host's \
            Name & password authentication option.
            """),
    ]
}
