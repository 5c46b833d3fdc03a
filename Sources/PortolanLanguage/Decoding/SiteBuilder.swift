import PortolanDiagnostics

/// Makes a `Site` from its object; a site without a `protocol` (PT103,
/// already reported) is left out.
enum SiteBuilder {
    static func site(_ name: Name, _ object: FieldObject, organization: String) -> Site? {
        guard let proto = object.choice("protocol", as: SiteProtocol.self) else { return nil }
        let security = object.nested("security")
        return Site(
            name: name, span: object.span, proto: proto,
            organization: object.string("organization") ?? Located(organization, at: object.anchor, explicit: false),
            servers: object.strings("servers"), hosts: object.strings("hosts"),
            security: SiteSecurity(
                tcp: ServerBuilder.authOptions(security.nested("tcp")), ssl: ServerBuilder.authOptions(security.nested("ssl")),
                span: security.span),
            tls: object.object("tls").flatMap(ServerBuilder.keyRing))
    }
}
