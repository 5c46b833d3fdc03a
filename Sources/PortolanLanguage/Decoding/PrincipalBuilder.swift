import PortolanDiagnostics

/// Makes users, groups and external hosts from their values.
enum PrincipalBuilder {
    /// A user; the hierarchical name defaults to "<key>/<organization>" (just
    /// the key when no organization is known, which PT103 reports).
    static func user(_ name: Name, _ object: ObjectView, organization: String) -> User {
        let defaultName = organization.isEmpty ? name.value : "\(name.value)/\(organization)"
        return User(
            name: name, span: object.span,
            hierarchicalName: object.string(Keys.User.name) ?? Located(text: defaultName, at: object.anchor, explicit: false),
            internetAddress: object.string(Keys.User.internetAddress), password: object.password(Keys.User.password),
            mailServer: object.string(Keys.User.mailServer))
    }

    static func group(_ name: Name, _ members: Located<FieldValue>) -> Group {
        guard case .list(let items) = members.value else { return Group(name: name, span: members.span, members: []) }
        return Group(name: name, span: members.span, members: items.compactMap { item in item.value.string.map { item.with($0) } })
    }

    /// An external host; built even without `host` (PT103 reported it) so that
    /// references to it still resolve.
    static func externalHost(_ name: Name, _ object: ObjectView) -> ExternalHost {
        let inbound = object.nested(Keys.External.inbound)
        return ExternalHost(
            name: name, span: object.span, host: object.string(Keys.External.host), addresses: object.strings(Keys.External.addresses),
            inbound: ExternalInbound(
                tcp: inbound.optionalPort(Keys.External.tcp), ssl: inbound.optionalPort(Keys.External.ssl),
                starttls: inbound.bool(Keys.External.starttls),
                anonymous: inbound.bool(Keys.External.anonymous), namePassword: inbound.bool(Keys.External.namePassword), span: inbound.span))
    }
}
