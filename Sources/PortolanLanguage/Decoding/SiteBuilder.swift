import PortolanDiagnostics

/// Makes a `Site` from its object; a site without a `protocol` (PT103,
/// already reported) is left out.
enum SiteBuilder {
    static func site(_ name: Name, _ object: ObjectView, organization: String, files: SourceFiles) -> Site? {
        guard let proto = object.choice(Keys.Site.proto, as: SiteProtocol.self) else { return nil }
        let security = object.nested(Keys.Site.security)
        return Site(
            name: name, span: object.span, proto: proto,
            organization: object.string(Keys.Site.organization) ?? Located(text: organization, at: object.anchor, explicit: false),
            servers: object.strings(Keys.Site.servers), hosts: object.strings(Keys.Site.hosts),
            security: PortAuthOptions(
                tcp: ServerBuilder.authOptions(security.nested(Keys.Ports.tcp)), ssl: ServerBuilder.authOptions(security.nested(Keys.Ports.ssl)),
                span: security.span),
            tls: object.object(Keys.Site.tls).flatMap { ServerBuilder.keyRing($0, files: files) })
    }
}
