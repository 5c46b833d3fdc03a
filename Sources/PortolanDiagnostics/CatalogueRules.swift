extension Catalogue {
    static let shapeEntries: [CatalogueEntry] = [
        make("PT101", .error, "unknown key", ""),
        make("PT102", .error, "wrong type", ""),
        make("PT103", .error, "required key missing", ""),
        make("PT104", .error, "number out of range", ""),
        make("PT105", .error, "value not allowed", ""),
        make("PT106", .error, "invalid host name or IP address", ""),
        make("PT107", .error, "password is not a supported hash", ""),
        make("PT108", .error, "unsupported language version", ""),
        make("PT109", .error, "invalid size literal", ""),
    ]

    static let referenceEntries: [CatalogueEntry] = [
        make("PT201", .error, "name defined twice", ""),
        make("PT202", .error, "reference to an undefined name", ""),
        make("PT203", .error, "two servers claim the same host name", ""),
        make("PT204", .error, "two servers bind the same address and port", ""),
        make("PT205", .error, "files disagree on organization, domains or version", ""),
    ]

    static let serverEntries: [CatalogueEntry] = [
        make("PT301", .error, "no SMTP site is hosted on the server", ""),
        make("PT302", .error, "the SMTP site allows no authentication option", ""),
        make("PT303", .warning, "smtp.inbound.auth is ignored when Internet Sites are used", ""),
        make("PT304", .error, "two SMTP sites overlap on one server", ""),
        make("PT305", .error, "TLS is enabled without a key ring", ""),
        make("PT306", .error, "STARTTLS without an enabled TCP port or listener", ""),
        make("PT307", .warning, "STARTTLS is required on the inbound TCP port", ""),
        make("PT308", .error, "two enabled ports share a port number", ""),
        make("PT309", .warning, "nobody passes the server access list", ""),
        make("PT310", .warning, "name and password offered but no user can use them", ""),
        make("PT311", .error, "an enabled port has no Internet Site of its protocol", ""),
        make("PT312", .error, "the server uses SMTP but has no fully qualified host name", ""),
        make("PT313", .warning, "name and password on the TCP port without STARTTLS", ""),
        make("PT314", .warning, "a listener address is mapped to no SMTP site", ""),
    ]

    static let peerEntries: [CatalogueEntry] = [
        make("PT401", .error, "outbound TCP port differs from the peer's inbound port", ""),
        make("PT402", .error, "peers listen on different ports", ""),
        make("PT403", .error, "the peer does not listen on TCP and no SSL path works", ""),
        make("PT404", .error, "SSL-only sender and the peer's SSL port does not match", ""),
        make("PT405", .error, "the peer requires STARTTLS and the sender does not use it", ""),
        make("PT406", .warning, "STARTTLS wanted but the peer does not offer it", ""),
        make("PT407", .error, "the peer refuses anonymous SMTP and the sender does not authenticate", ""),
        make("PT408", .error, "relay hosts form a loop", ""),
        make("PT409", .error, "a server routes or relays to itself", ""),
        make("PT410", .warning, "non-standard inbound port that nothing sends to", ""),
        make("PT411", .error, "relay authentication but the relay host offers no name and password", ""),
    ]

    static let hygieneEntries: [CatalogueEntry] = [
        make("PT501", .warning, "site hosted by no server", ""),
        make("PT502", .warning, "defined but never used", ""),
        make("PT503", .warning, "a route's domains are local Internet domains", ""),
    ]
}
