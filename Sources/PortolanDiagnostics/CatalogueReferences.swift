extension DiagnosticCode {
    /// PT201: name defined twice.
    public static let duplicateName = DiagnosticCode("PT201")
    /// PT202: reference to an undefined name.
    public static let undefinedReference = DiagnosticCode("PT202")
    /// PT203: two servers claim the same host name.
    public static let duplicateHostName = DiagnosticCode("PT203")
    /// PT204: two servers bind the same address and port.
    public static let duplicateBinding = DiagnosticCode("PT204")
    /// PT205: files disagree on organization, domains or version.
    public static let filesDisagree = DiagnosticCode("PT205")
}

extension Catalogue {
    static let referenceEntries: [CatalogueEntry] = [
        make(.duplicateName, .error, "name defined twice", """
            Two definitions in the same section use the same name: two servers called `hub`, \
            two sites called `acme-smtp`, two users called `alice`. Files are merged into one \
            topology, so this applies across files too. The diagnostic points at the second \
            definition and a note at the first.

            Why it matters: every reference must name exactly one thing. With two servers \
            called `hub`, a spoke's `relay: hub` would depend on which file happened to be \
            read last, and so would the port and host its mail is sent to.

            Fix: rename one of the two, or delete the copy left behind when a definition was \
            moved to another file.

            Domino field: Server document > Basics > Server name; Person document > Basics > \
            User name; Group document > Basics > Group name; the name of the Internet Site \
            document: names the Domino Directory expects to be unique.
            """),
        make(.undefinedReference, .error, "reference to an undefined name", """
            A name refers to nothing that is defined: a relay host or route target that is \
            neither a server nor an external host (`relay: hbu`), a site's `servers` entry \
            that is no server, or an access list entry or group member that is no user, \
            group or server. When a defined name is close, the message suggests it.

            Why it matters: the SMTP edge or the membership cannot be built. A relay that \
            names nothing means mail for outside domains has nowhere to go: it waits in the \
            sender's mail.box and is returned as undeliverable. A group member that names \
            nobody leaves the intended user without access.

            Fix: correct the spelling, or define the missing object. A host outside the \
            topology goes under `external`:

                external:
                  isp:
                    host: smtp.isp.example
                    inbound: { tcp: 25, starttls: true, anonymous: true }

            Domino field: Configuration Settings document > Router/SMTP > Basics > Relay host \
            for messages leaving the local Internet domain; Connection document (SMTP) > \
            Destination server; Internet Site document > Basics > Domino servers that host \
            this site; Server document > Security > Server Access > Access server; Group \
            document > Basics > Members.
            """),
        make(.duplicateHostName, .error, "two servers claim the same host name", """
            Two servers have the same `host`. A fully qualified Internet host name belongs to \
            one server; the note points at the other server that claims it.

            Why it matters: senders resolve the name to reach the server, so mail meant for \
            one of them reaches whichever machine the name resolves to, where the recipients \
            or the expected port may not be. Each server also greets and identifies itself \
            (EHLO) with its host name, and its certificate must carry it, so two servers \
            with one name cannot both be right.

            Fix: give each server its own name. A name that clients share, such as \
            `mail.acme.example`, belongs in a site's `hosts`, which may map it to several \
            servers:

                servers:
                  hub-a: { host: hub-a.acme.example }
                  hub-b: { host: hub-b.acme.example }

            Domino field: Server document > Basics > Fully qualified Internet host name.
            """),
        make(.duplicateBinding, .error, "two servers bind the same address and port", """
            Two servers list the same address in `addresses` and each has an enabled port \
            with the same number on it. The note points at the other server.

            Why it matters: one address and port can be bound by one listener only. The \
            second server's listener fails to start ("address already in use") and its \
            senders reach the first server instead, with that server's sites, users and \
            limits; if the address really sits on two machines, which one answers depends on \
            the network.

            Fix: give each server its own addresses, or move one of the ports:

                servers:
                  hub-a: { addresses: [192.0.2.10] }
                  hub-b: { addresses: [192.0.2.11] }

            Domino field: the address the server's TCP/IP port is bound to (Server document > \
            Ports > Notes Network Ports > Net Address), with the TCP/IP and SSL port numbers \
            of Server document > Ports > Internet Ports.
            """),
        make(.filesDisagree, .error, "files disagree on organization, domains or version", """
            Two input files give different values for `organization`, `internet_domains` or \
            the language version `portolan`. These belong to the whole estate: \
            `organization` and `internet_domains` may be given in any one file, and every \
            file that gives them must give the same value. The note points at the other file.

            Why it matters: the organization is the suffix of every hierarchical name, so an \
            access list built with `*/Acme` would not match users named `alice/ACME-EU`. The \
            local Internet domains decide which mail stays inside: a domain missing from one \
            file's list would make its mail leave through the relay host or be treated as \
            foreign. Files of different language versions would read the same keys \
            differently.

            Fix: keep the estate-wide keys in one file (an `organization.yaml`, say) and \
            remove them from the others, or make the values identical:

                portolan: 1
                organization: Acme
                internet_domains: [acme.example]

            Domino field: `organization` is the O= of the organization certifier; \
            `internet_domains` are Global Domain document > Conversions > Local primary \
            Internet domain and Alternate Internet domain aliases; the version has no \
            Domino counterpart.
            """),
    ]
}
