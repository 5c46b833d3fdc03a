extension DiagnosticCode {
    /// PT101: unknown key.
    public static let unknownKey = DiagnosticCode("PT101")
    /// PT102: wrong type.
    public static let wrongType = DiagnosticCode("PT102")
    /// PT103: required key missing.
    public static let missingKey = DiagnosticCode("PT103")
    /// PT104: number out of range.
    public static let outOfRange = DiagnosticCode("PT104")
    /// PT105: value not in the allowed set.
    public static let notAllowedValue = DiagnosticCode("PT105")
    /// PT106: invalid host name or IP address.
    public static let invalidHost = DiagnosticCode("PT106")
    /// PT107: password is not a supported hash.
    public static let unsupportedPasswordHash = DiagnosticCode("PT107")
    /// PT108: unsupported language version.
    public static let unsupportedVersion = DiagnosticCode("PT108")
    /// PT109: invalid size literal.
    public static let invalidSize = DiagnosticCode("PT109")
    /// PT110: invalid duration literal, or `retry` out of order (initial ≤ longest ≤ lifetime).
    public static let invalidDuration = DiagnosticCode("PT110")
}

extension Catalogue {
    static let shapeEntries: [CatalogueEntry] = [
        make(.unknownKey, .error, "unknown key", """
            A mapping holds a key that the language does not define at that place, such as \
            `intenet_sites` or `smtp.inbound.tls`. Keys are snake_case and fixed by the \
            language; when a known key is close to the one written, the message suggests it \
            ("did you mean `internet_sites`?").

            Why it matters: a misspelt key that was silently ignored would leave Domino's \
            default in force. A hub meant to listen on port 26 would still listen on 25, its \
            spokes would send to 26, and every one of their sessions would end in "connection \
            refused". Portolan refuses the key instead of guessing.

            Fix: correct the spelling to the suggested key, or move the key to where it \
            belongs: `auth`, `starttls` and `enforce_server_access` live under `smtp.inbound`, \
            `relay`, `relay_auth` and `routes` under `smtp.outbound`, `security` under a site.

            Domino field: none of its own; each key stands for one field of the Server, \
            Configuration Settings, Internet Site, Person or Group document, as the language \
            reference lists.
            """),
        make(.wrongType, .error, "wrong type", """
            A value is of the wrong kind: a list where a mapping is expected, text where a \
            number or true/false is expected, a single value where a list is expected. The \
            message says what was expected and what was found, for example "expected a list, \
            found a string" for `internet_domains: acme.example`.

            Why it matters: Portolan cannot tell what was meant, and any guess could switch a \
            port off, open a server to anonymous senders, or point mail at the wrong host.

            Fix: write the value in the expected form: numbers without quotes, `true` or \
            `false` for switches, a list even when it holds one item, a mapping for an object:

                internet_domains: [acme.example]
                smtp:
                  inbound:
                    tcp: { port: 26, enabled: true }

            Domino field: the field of the key named in the message.
            """),
        make(.missingKey, .error, "required key missing", """
            A key that the language requires is absent, for example `portolan` at the top of a \
            file, `organization` (required in one of the files), the `certificate` or `key` of \
            a `tls` key ring, or the `to` of a route. A server's `host` is a different case: it \
            is required only when the server uses SMTP, and PT312 reports it.

            Why it matters: without the organization, hierarchical names such as `alice/Acme` \
            and the `*/Acme` patterns of access lists cannot be formed, so nobody could be \
            given access; a key ring without its key cannot complete a TLS handshake; a route \
            without a destination sends its domains nowhere.

            Fix: add the key named in the message, in the mapping the diagnostic points at:

                portolan: 1
                organization: Acme

            Domino field: `organization` is the organization certifier's O=, the last part of \
            every hierarchical name; `portolan` is the version of this language and has no \
            Domino counterpart; for other keys, the field the key stands for.
            """),
        make(.outOfRange, .error, "number out of range", """
            A number is outside what its field allows. Port numbers are 1 to 65535; other \
            numbers have the range the message states.

            Why it matters: a listener cannot bind port 0 or 70000, so it would not start and \
            every sender aimed at it would get "connection refused"; an outbound port outside \
            the range means the server cannot open a single SMTP session.

            Fix: use a port from 1 to 65535. SMTP uses 25 by default and 465 for SMTP over \
            SSL; a non-standard port such as 26 works only when every sender is set to it \
            (see PT401 and PT410).

                smtp:
                  inbound:
                    tcp: { port: 26, enabled: true }
                    ssl: { port: 465, enabled: true }

            Domino field: Server document > Ports > Internet Ports > Mail > Mail (SMTP \
            Inbound) and Mail (SMTP Outbound) > TCP/IP port number and SSL port number (and \
            the same fields of the Mail (IMAP), Mail (POP), Web and Directory ports).
            """),
        make(.notAllowedValue, .error, "value not in the allowed set", """
            A field with a fixed set of values has another one. `smtp.inbound.starttls` is \
            disabled, enabled or required; `smtp.outbound.tcp.mode` is disabled, enabled or \
            starttls; `smtp.outbound.relay_auth` is disabled, enabled or required; a site's \
            `protocol` is smtp, pop3, imap, http or ldap. A close spelling gets a "did you \
            mean" hint.

            Why it matters: a mistyped mode has no safe reading. `starttls: require` could \
            mean refusing every sender that does not encrypt, or accepting them all; either \
            guess could lose mail or expose it.

            Fix: use one of the values the message lists:

                smtp:
                  inbound:
                    starttls: enabled
                  outbound:
                    tcp: { port: 25, mode: starttls }
                    relay_auth: required

            Domino field: the choices of Server document > Ports > Internet Ports > Mail > \
            Mail (SMTP Outbound) > TCP/IP port status (Disabled, Enabled, Negotiated SSL); \
            Configuration Settings document > Router/SMTP > Advanced > Commands and \
            Extensions > SSL negotiated over TCP/IP port (Disabled, Enabled, Required); \
            Configuration Settings document > Router/SMTP > Basics > Use authentication when \
            sending messages to the relay host (Disabled, Enabled, Required); the kind of \
            Internet Site document (SMTP Inbound, POP3, IMAP, Web, LDAP).
            """),
        make(.invalidHost, .error, "invalid host name or IP address", """
            A host name or address is not valid: a server's `host`, an entry of its \
            `addresses`, an entry of a site's `hosts`, or an external host's `host`. Host \
            names are dot-separated labels of letters, digits and hyphens (no underscores, no \
            spaces, no label starting or ending with a hyphen); addresses are IPv4 or IPv6 \
            addresses.

            Why it matters: senders look the host name up in DNS to connect. A name DNS \
            cannot hold, such as `mail_hub.acme.example`, never resolves: mail routed to it \
            waits in the sender's mail.box and is returned as undeliverable. A listener cannot \
            bind something that is not an address, and a site mapped to it never matches.

            Fix: write the fully qualified name or a valid address:

                servers:
                  hub:
                    host: hub.acme.example
                    addresses: [192.0.2.10]

            Domino field: Server document > Basics > Fully qualified Internet host name; \
            Internet Site document > Basics > Host names or addresses mapped to this site; \
            Configuration Settings document > Router/SMTP > Basics > Relay host for messages \
            leaving the local Internet domain; Connection document (SMTP) > Destination \
            server address.
            """),
        make(.unsupportedPasswordHash, .error, "password is not a supported hash", """
            A user's `password` is not a hash in the pbkdf2_sha256 format of passlib: \
            `$pbkdf2-sha256$ROUNDS$SALT$CHECKSUM`, with salt and checksum in passlib's adapted \
            base64 (`.` instead of `+`, no padding). Plaintext passwords are refused, and so \
            are other schemes such as bcrypt (`$2b$...`) or crypt (`$6$...`).

            Why it matters: the hash is copied into the bundle of every server the user may \
            access, so a plaintext password would be spread over the repository and every \
            host. A hash the listener cannot verify would make every AUTH PLAIN or LOGIN of \
            that user fail with 535, and the user's mail client could not send.

            Fix: make the hash with `portolan passwd` (or any tool that writes passlib's \
            pbkdf2_sha256 format) and paste it in quotes:

                users:
                  alice:
                    password: "$pbkdf2-sha256$210000$<salt>$<checksum>"

            Domino field: Person document > Basics > Internet password.
            """),
        make(.unsupportedVersion, .error, "unsupported language version", """
            The `portolan:` key at the top of a file names a version of the topology language \
            that this compiler does not know. Version 1 is the only one.

            Why it matters: a later version may give keys other meanings or add ones this \
            compiler would misread; checking such a file as version 1 could pass a topology \
            whose mail does not flow.

            Fix: start every file with `portolan: 1`. If the file was written for a newer \
            Portolan, use that Portolan.

            Domino field: none; the version belongs to Portolan's language.
            """),
        make(.invalidSize, .error, "invalid size literal", """
            A size, such as `smtp.inbound.max_message_size`, is not a size literal. A size is \
            a whole number of bytes, or a number followed by KiB, MiB or GiB (powers of 1024) \
            or KB, MB or GB (powers of 1000): `52428800`, `50MiB`, `25MB`.

            Why it matters: the limit is announced to senders in the SIZE extension and \
            enforced on every message. A misread limit would either refuse ordinary messages \
            with 552 (the sender gets a bounce for a message that should have passed) or \
            accept far larger ones than intended.

            Fix: write the size with one of the units:

                smtp:
                  inbound:
                    max_message_size: 25MiB

            Domino field: Configuration Settings document > Router/SMTP > Restrictions and \
            Controls > Restrictions > Maximum message size.
            """),
        make(.invalidDuration, .error, "invalid duration literal, or `retry` out of order (initial ≤ longest ≤ lifetime)", """
            A duration, such as `smtp.outbound.retry.initial`, is not a duration literal, or \
            the retry schedule is out of order. A duration is a whole number followed by one \
            unit: `s` (seconds), `m` (minutes), `h` (hours) or `d` (days), as in `30s`, \
            `15m`, `4h`, `1d`. A bare number (`900`), a sign, a fraction (`1.5h`), a space, an \
            unknown or capitalised unit (`15M`, `15min`), zero and a value beyond 2^63-1 \
            seconds are refused. The schedule must also hold `initial ≤ longest ≤ lifetime`, \
            counting the defaults (15m, 4h, 24h) for the keys not written: the diagnostic \
            points at the value out of order, with a note at the one it is compared with.

            Why it matters: the retry schedule decides when a message that could not be \
            delivered is tried again and when it is returned to its sender. A misread unit \
            would retry every 15 seconds instead of 15 minutes, or keep mail for 15 months; \
            a first wait longer than the longest, or a longest wait beyond the lifetime, \
            cannot be followed, so the message would be returned before its next attempt.

            Fix: write each duration with its unit, in order:

                smtp:
                  outbound:
                    retry: { initial: 15m, longest: 4h, lifetime: 1d }

            Domino field: Configuration Settings document > Router/SMTP > Restrictions and \
            Controls > Transfer Controls > Initial transfer retry interval, and Expire \
            transfer retry interval after.
            """),
    ]
}
