import PortolanDiagnostics

/// Typed reads of an object's keys, with the grammar's defaults filled in:
/// a key not written takes its definition's default, `Located.implied` at the
/// object's anchor. Asking for a key the definition lacks is a programming error.
extension FieldObject {
    /// The value of `key` as written, or its default, or nil (no default, or derived).
    func value(_ key: String) -> Located<FieldValue>? {
        guard let index = position(of: key) else { return nil }
        if let written = value(at: index) { return written }
        let field = definition.fields[index]
        return field.defaultValue.flatMap { implied($0, of: field) }
    }

    /// True when the key was written with a good value.
    func hasValue(_ key: String) -> Bool {
        position(of: key).map { value(at: $0) != nil } ?? false
    }

    /// True when the key was written at all, even with a value that was refused.
    func hasKey(_ key: String) -> Bool {
        position(of: key).map { keySpan(at: $0) != nil } ?? false
    }

    private func position(of key: String) -> Int? {
        guard let index = definition.index(of: key) else {
            assertionFailure("\(definition.name) has no key '\(key)'")
            return nil
        }
        return index
    }

    private func implied(_ fallback: DefaultValue, of field: KeyDefinition) -> Located<FieldValue>? {
        let value: FieldValue
        switch fallback {
        case .boolean(let flag): value = .boolean(flag)
        case .integer(let number): value = .integer(number)
        case .text(let text):
            guard case .size = field.type else { return Located(.string(text), at: anchor, explicit: false) }
            guard case .success(let bytes) = SizeLiteral.bytes(text) else { return nil }
            value = .integer(bytes)
        case .emptyList:
            if case .namedMap = field.type { value = .named([]) } else { value = .list([]) }
        case .off: value = .off
        case .fields:
            guard let definition = field.type.objectDefinition else { return nil }
            value = .object(impliedObject(definition, key: field.name))
        case .derived: return nil
        }
        return Located(value, at: anchor, explicit: false)
    }

    /// The object a key with the default `.fields` stands for when it is not written.
    private func impliedObject(_ definition: ObjectDefinition, key: String) -> FieldObject {
        FieldObject(definition, span: anchor, anchor: anchor, path: "", written: false)
    }

    func bool(_ key: String) -> Located<Bool> {
        guard let index = position(of: key) else { return Located(false, at: anchor, explicit: false) }
        if let written = value(at: index), case .boolean(let flag) = written.value { return Located(flag, at: written.span, explicit: written.isExplicit) }
        guard case .boolean(let flag)? = definition.defaultValues[index] else {
            assertionFailure("\(definition.name).\(key) is not a boolean with a default")
            return Located(false, at: anchor, explicit: false)
        }
        return Located(flag, at: anchor, explicit: false)
    }

    func integer(_ key: String) -> Located<Int> {
        guard let index = position(of: key) else { return Located(0, at: anchor, explicit: false) }
        if let written = value(at: index), case .integer(let number) = written.value { return Located(number, at: written.span, explicit: written.isExplicit) }
        switch definition.defaultValues[index] {
        case .integer(let number)?: return Located(number, at: anchor, explicit: false)
        case .text(let text)?: if case .success(let bytes) = SizeLiteral.bytes(text) { return Located(bytes, at: anchor, explicit: false) }
        default: break
        }
        assertionFailure("\(definition.name).\(key) is not an integer with a default")
        return Located(0, at: anchor, explicit: false)
    }

    /// A `portOrOff` key: nil when the port is not offered.
    func optionalPort(_ key: String) -> Located<Int>? {
        guard let located = value(key), case .integer(let number) = located.value else { return nil }
        return Located(number, at: located.span, explicit: located.isExplicit)
    }

    func string(_ key: String) -> Located<String>? {
        guard let located = value(key), case .string(let text) = located.value else { return nil }
        return Located(text, at: located.span, explicit: located.isExplicit)
    }

    /// A choice: as written or its default; nil only for a required choice not written.
    func choice<Choice: RawRepresentable & CaseIterable>(_ key: String, as type: Choice.Type) -> Located<Choice>?
    where Choice.RawValue == String {
        guard let located = string(key) else { return nil }
        guard let choice = Choice(rawValue: located.value) else {
            assertionFailure("\(definition.name).\(key) holds '\(located.value)', not a \(Choice.self)")
            return located.with(Choice.allCases.first!)
        }
        return located.with(choice)
    }

    /// A choice whose key has a default, so it is always there.
    func defaultedChoice<Choice: RawRepresentable & CaseIterable>(_ key: String, as type: Choice.Type) -> Located<Choice>
    where Choice.RawValue == String {
        if let located = choice(key, as: type) { return located }
        assertionFailure("\(definition.name).\(key) has no default")
        return Located(Choice.allCases.first!, at: anchor, explicit: false)
    }

    func strings(_ key: String) -> [Located<String>] {
        guard let index = position(of: key), let located = value(at: index), case .list(let items) = located.value else { return [] }
        return items.compactMap { item in
            guard case .string(let text) = item.value else { return nil }
            return Located(text, at: item.span, explicit: item.isExplicit)
        }
    }

    func password(_ key: String) -> Located<PasswordHash>? {
        guard let located = value(key), case .password(let hash) = located.value else { return nil }
        return Located(hash, at: located.span, explicit: located.isExplicit)
    }

    /// A nested object: as written, or all defaults when its key says so, or nil.
    func object(_ key: String) -> FieldObject? {
        guard let index = position(of: key) else { return nil }
        if let written = value(at: index) { return written.value.object }
        guard definition.defaultValues[index] == .fields, let nested = definition.fields[index].type.objectDefinition else { return nil }
        return impliedObject(nested, key: key)
    }

    func objects(_ key: String) -> [FieldObject] {
        guard let index = position(of: key), let located = value(at: index), case .list(let items) = located.value else { return [] }
        return items.compactMap { $0.value.object }
    }

    func named(_ key: String) -> [NamedValue] {
        guard let index = position(of: key), let located = value(at: index), case .named(let entries) = located.value else { return [] }
        return entries
    }
}

extension Located {
    /// The same place and explicitness, another value.
    func with<Other>(_ value: Other) -> Located<Other> {
        Located<Other>(value, at: span, explicit: isExplicit)
    }
}

extension Located where Value == FieldValue {
    /// The same place and explicitness, another value (without generic dispatch).
    func replacing(_ value: FieldValue) -> Located<FieldValue> {
        Located(value, at: span, explicit: isExplicit)
    }
}
