extension DiagnosticCode {
    /// PT501: site hosted by no server.
    public static let unhostedSite = DiagnosticCode("PT501")
    /// PT502: defined but never used.
    public static let neverUsed = DiagnosticCode("PT502")
    /// PT503: a route's domains are local Internet domains.
    public static let routeToLocalDomain = DiagnosticCode("PT503")
}

extension Catalogue {
    static let hygieneEntries: [CatalogueEntry] = [
        make(.unhostedSite, .warning, "site hosted by no server", """
            An Internet Site is hosted by no server: its `servers` list is empty, so no \
            server uses its hosts, security or key ring. (A server with `internet_sites: \
            false` ignores every site, whether it is listed or not.)

            Why it matters: the site looks configured, but every connection is governed by \
            something else. It is usually left over after a server was renamed or removed, \
            and the server that was meant to host it may have no SMTP site at all, which \
            makes it refuse every connection (PT301).

            Fix: list the servers that should host the site, or `"*"` for all of them, or \
            delete the site:

                sites:
                  acme-smtp:
                    protocol: smtp
                    servers: [hub-east, hub-west]

            Domino field: Internet Site document > Basics > Domino servers that host this \
            site.
            """),
        make(.neverUsed, .warning, "defined but never used", """
            A user, group or external host is defined but plays no part: an external host \
            that is no server's relay host and no route's target; a group that no access \
            list and no other group names; a user that no access list and no group names, \
            that has no mailbox (no Internet address in a local Internet domain, no mail \
            server) and that cannot authenticate to any server either (it has no password, \
            or no listening server that offers name and password lets it in).

            Why it matters: it is usually a sign of a mistake elsewhere. The relay host \
            meant to be `isp` names another host; a group built for an access list was never \
            added to it, so its members are not let in, or the list is still open to \
            everyone. Dead definitions also keep password hashes in the repository for \
            accounts that serve no purpose.

            Fix: refer to it where it was meant to be used, or delete it:

                groups:
                  mail-users: [alice, bob]
                servers:
                  hub:
                    access: { allow: [mail-users] }

            Domino field: Person document, Group document > Basics > Members, Server \
            document > Security > Server Access > Access server; an external host stands \
            for the host named in Configuration Settings document > Router/SMTP > Basics > \
            Relay host for messages leaving the local Internet domain or in a Connection \
            document (SMTP) > Destination server address.
            """),
        make(.routeToLocalDomain, .warning, "a route's domains are local Internet domains", """
            A route (an SMTP Connection document) lists a domain that is one of the \
            topology's `internet_domains`. Mail for a local Internet domain is delivered \
            inside the estate and never leaves through SMTP routing, so the route is never \
            used for it.

            Why it matters: the route suggests that mail for the domain goes to the route's \
            target (a split-delivery gateway, say), but it is delivered locally, or returned \
            as "user unknown" when the mailbox is not in the directory; the other system \
            never sees it.

            Fix: remove the domain from the route; or, if the domain is really hosted \
            elsewhere, remove it from `internet_domains`:

                internet_domains: [acme.example]
                servers:
                  hub:
                    smtp:
                      outbound:
                        routes:
                          - { to: partner-mx, domains: [partner.example] }

            Domino field: Connection document (SMTP) > Destination domain, against Global \
            Domain document > Conversions > Local primary Internet domain and Alternate \
            Internet domain aliases.
            """),
    ]
}
