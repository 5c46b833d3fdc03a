import PortolanDiagnostics

/// Typed reads of scalar keys. The Located values are made with concrete types
/// rather than through generic helpers, which keeps decoding fast in debug builds.
extension ObjectView {
    func bool(_ key: Key) -> Located<Bool> {
        let index = position(of: key)
        if let located = written(at: index), case .boolean(let flag) = located.value {
            return Located(flag: flag, at: located.span, explicit: located.isExplicit, refused: located.isRefused)
        }
        guard case .boolean(let flag)? = definition.defaultValues[index] else {
            assertionFailure("\(definition.name).\(key.name) is not a boolean with a default")
            return Located(flag: false, at: anchor, explicit: false)
        }
        return Located(flag: flag, at: anchor, explicit: false, refused: isRefused(at: index))
    }

    func integer(_ key: Key) -> Located<Int> {
        let index = position(of: key)
        if let located = written(at: index), case .integer(let number) = located.value {
            return Located(number: number, at: located.span, explicit: located.isExplicit, refused: located.isRefused)
        }
        guard let number = definition.integerDefaults[index] else {
            assertionFailure("\(definition.name).\(key.name) is not an integer with a default")
            return Located(number: 0, at: anchor, explicit: false)
        }
        return Located(number: number, at: anchor, explicit: false, refused: isRefused(at: index))
    }

    /// A `portOrOff` key: nil when the port is not offered.
    func optionalPort(_ key: Key) -> Located<Int>? {
        guard let located = value(key), case .integer(let number) = located.value else { return nil }
        return Located(number: number, at: located.span, explicit: located.isExplicit, refused: located.isRefused)
    }

    func string(_ key: Key) -> Located<String>? {
        let index = position(of: key)
        if let located = written(at: index), case .string(let text) = located.value {
            return Located(text: text, at: located.span, explicit: located.isExplicit, refused: located.isRefused)
        }
        guard case .text(let text)? = definition.defaultValues[index] else { return nil }
        return Located(text: text, at: anchor, explicit: false, refused: isRefused(at: index))
    }

    func strings(_ key: Key) -> [Located<String>] {
        guard let located = written(at: position(of: key)), case .list(let items) = located.value else { return [] }
        return items.compactMap { item in
            guard case .string(let text) = item.value else { return nil }
            return Located(text: text, at: item.span, explicit: item.isExplicit)
        }
    }

    func password(_ key: Key) -> Located<PasswordHash>? {
        guard let located = value(key), case .password(let hash) = located.value else { return nil }
        return Located(hash, at: located.span, explicit: located.isExplicit)
    }

    /// A choice as written or its default; nil only for a required choice not
    /// written. (A value that reached the view is one of the choice's words.)
    func choice<Choice: RawRepresentable>(_ key: Key, as type: Choice.Type) -> Located<Choice>? where Choice.RawValue == String {
        guard let word = string(key), let choice = Choice(rawValue: word.value) else { return nil }
        return word.with(choice)
    }

    func starttls(_ key: Key) -> Located<StartTLSPolicy> {
        let word = defaultedString(key)
        return Located(policy: StartTLSPolicy(rawValue: word.value) ?? .disabled, at: word.span, explicit: word.isExplicit, refused: word.isRefused)
    }

    func outboundMode(_ key: Key) -> Located<OutboundMode> {
        let word = defaultedString(key)
        return Located(mode: OutboundMode(rawValue: word.value) ?? .enabled, at: word.span, explicit: word.isExplicit, refused: word.isRefused)
    }

    func relayAuth(_ key: Key) -> Located<RelayAuth> {
        let word = defaultedString(key)
        return Located(relayAuth: RelayAuth(rawValue: word.value) ?? .disabled, at: word.span, explicit: word.isExplicit, refused: word.isRefused)
    }

    func relayEnforcement(_ key: Key) -> Located<RelayEnforcement> {
        let word = defaultedString(key)
        return Located(
            enforcement: RelayEnforcement(rawValue: word.value) ?? .external, at: word.span, explicit: word.isExplicit, refused: word.isRefused)
    }

    func relayAuthenticated(_ key: Key) -> Located<RelayAuthenticated> {
        let word = defaultedString(key)
        return Located(
            authenticated: RelayAuthenticated(rawValue: word.value) ?? .allow, at: word.span, explicit: word.isExplicit, refused: word.isRefused)
    }

    /// A string key that has a default, so it is always there.
    private func defaultedString(_ key: Key) -> Located<String> {
        if let word = string(key) { return word }
        assertionFailure("\(definition.name).\(key.name) has no default")
        return Located(text: "", at: anchor, explicit: false)
    }
}
