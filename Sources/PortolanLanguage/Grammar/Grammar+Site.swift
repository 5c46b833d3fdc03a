extension Grammar {
    static let siteDocument = "Internet Site document"

    public static let site = ObjectDefinition("Site", shared: true, "An Internet Site document.", fields: [
        KeyDefinition(
            "protocol", .choice(SiteProtocol.allCases.map(\.rawValue)), required: true,
            "The protocol the site configures (smtp is SMTP Inbound).", domino: "\(siteDocument) > Basics > Site type"),
        KeyDefinition(
            "organization", .string, default: .derived("the topology's organization"), "The organization the site serves.",
            domino: "\(siteDocument) > Basics > Organization"),
        KeyDefinition(
            "servers", .list(.string), default: .emptyList, "The servers that host the site; \"*\" means all.",
            domino: "\(siteDocument) > Basics > Domino servers that host this site"),
        KeyDefinition(
            "hosts", .list(.hostOrAddress), default: .emptyList,
            "Host names or addresses mapped to this site. Empty: every address of the hosting servers.",
            domino: "\(siteDocument) > Basics > Host names or addresses mapped to this site"),
        KeyDefinition("security", .object(siteSecurity), default: .fields, "Authentication per port.", domino: "\(siteDocument) > Security"),
        KeyDefinition("tls", .object(keyRing), "The site's key ring; else the server's.",
            domino: "\(siteDocument) > Security > SSL > Key file name"),
    ])

    public static let siteSecurity = ObjectDefinition("SiteSecurity", "The Security tab of an Internet Site document.", fields: [
        KeyDefinition("tcp", .object(authOptions(
            certificate: nil, namePassword: true, anonymous: true, domino: "\(siteDocument) > Security > TCP Authentication")),
            default: .fields, "On the TCP port."),
        KeyDefinition("ssl", .object(authOptions(
            certificate: false, namePassword: true, anonymous: true, domino: "\(siteDocument) > Security > SSL Authentication")),
            default: .fields, "On the SSL port."),
    ])
}
