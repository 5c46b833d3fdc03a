import PortolanDiagnostics

/// What the builders read: an object as its own file wrote it, over what
/// `defaults.server` gives it, with the grammar's defaults for the rest. A key
/// written in the object wins; else the inherited value (lists and objects that
/// merge as a whole are taken whole); else the definition's default, placed at
/// `anchor`, the nearest key the object's own file wrote. Views are values made
/// on the way down, so merging costs nothing for the keys nobody reads.
///
/// A default that stands in for a refused value is marked refused: the key was
/// written with a bad value, or the whole object it lies in was (`isRefused`).
struct ObjectView {
    let definition: ObjectDefinition
    let own: FieldObject?
    let inherited: FieldObject?
    let anchor: SourceSpan
    /// True when this object stands in for one written with a bad value (not a mapping).
    let isRefused: Bool
    /// The mapping as written (in the object's file, else in `defaults`), or the anchor.
    var span: SourceSpan { own?.span ?? inherited?.span ?? anchor }

    /// An object read from a file, under the defaults it inherits.
    init(_ object: FieldObject, inheriting inherited: FieldObject? = nil) {
        self.init(object.definition, own: object, inherited: inherited, anchor: object.anchor, refused: false)
    }

    private init(_ definition: ObjectDefinition, own: FieldObject?, inherited: FieldObject?, anchor: SourceSpan, refused: Bool) {
        self.definition = definition
        self.own = own
        self.inherited = inherited
        self.anchor = anchor
        self.isRefused = refused
    }

    /// False for an object neither its file nor `defaults` wrote.
    var isWritten: Bool { own != nil || inherited != nil }

    /// The written value of the key at `index`: the object's own, else the inherited one.
    /// An inherited value stands in for a refused one when the object's own file
    /// wrote the key (or the object) with a bad value.
    func written(at index: Int) -> Located<FieldValue>? {
        if let value = own?.value(at: index) { return value }
        guard var value = inherited?.value(at: index) else { return nil }
        if isRefused || own?.keySpan(at: index) != nil { value.isRefused = true }
        return value
    }

    /// True when the default of the key at `index` stands in for a refused
    /// value: the object is a stand-in, or the file that would give the value
    /// (the object's own, else `defaults`) wrote the key and its value was refused.
    func isRefused(at index: Int) -> Bool {
        if isRefused { return true }
        if let own, own.keySpan(at: index) != nil { return own.value(at: index) == nil }
        if let inherited, inherited.keySpan(at: index) != nil { return inherited.value(at: index) == nil }
        return false
    }

    /// The key's position. Keys are made from the definitions the builders
    /// read (and a test checks the layouts that share them), so it is not
    /// checked again here, on the hot path.
    func position(of key: Key) -> Int { key.position }

    /// True when the object's definition has the key (at the key's position).
    func has(_ key: Key) -> Bool {
        key.position < definition.fieldNames.count && definition.fieldNames[key.position] == key.name
    }

    /// The value of `key` as written or inherited, or its default (nil for
    /// objects, keys without a default and derived defaults).
    func value(_ key: Key) -> Located<FieldValue>? {
        let index = position(of: key)
        if let value = written(at: index) { return value }
        let value: FieldValue
        switch definition.defaultValues[index] {
        case .boolean(let flag)?: value = .boolean(flag)
        case .integer(let number)?: value = .integer(number)
        case .text(let text)?:
            guard let bytes = definition.integerDefaults[index] else { return Located(field: .string(text), at: anchor, explicit: false) }
            value = .integer(bytes)
        case .emptyList?:
            if case .namedMap = definition.types[index] { value = .named([]) } else { value = .list([]) }
        case .off?: value = .off
        case .fields?, .derived?, nil: return nil
        }
        return Located(field: value, at: anchor, explicit: false, refused: isRefused(at: index))
    }

    /// True when the object's own file wrote the key with a good value.
    func hasValue(_ key: Key) -> Bool {
        own?.value(at: position(of: key)) != nil
    }

    /// True when the object's own file wrote the key, even with a value that was refused.
    func hasKey(_ key: Key) -> Bool {
        own?.keySpan(at: position(of: key)) != nil
    }

    /// A nested object: as written and inherited, or made of defaults when its
    /// key's default says so, or nil.
    func object(_ key: Key) -> ObjectView? {
        let index = position(of: key)
        guard case .object(let nested) = definition.types[index] else { return nil }
        return object(nested, at: index)
    }

    private func object(_ nested: ObjectDefinition, at index: Int) -> ObjectView? {
        let mine = own?.value(at: index)?.value.object
        let theirs = inherited?.value(at: index)?.value.object
        if let mine {
            return ObjectView(nested, own: mine, inherited: nested.mergesAsWhole ? nil : theirs, anchor: mine.anchor, refused: isRefused)
        }
        if let theirs {
            // The object's own file wrote the key with a bad value: the inherited object stands in for it.
            return ObjectView(nested, own: nil, inherited: theirs, anchor: anchor, refused: isRefused || own?.keySpan(at: index) != nil)
        }
        guard case .fields? = definition.defaultValues[index] else { return nil }
        return ObjectView(nested, own: nil, inherited: nil, anchor: anchor, refused: isRefused(at: index))
    }

    /// A nested object whose key defaults to all-defaults, so it is always there.
    func nested(_ key: Key) -> ObjectView {
        let index = position(of: key)
        guard case .object(let nested) = definition.types[index] else {
            assertionFailure("\(definition.name).\(key.name) is not an object")
            return self
        }
        return object(nested, at: index) ?? ObjectView(nested, own: nil, inherited: nil, anchor: anchor, refused: isRefused(at: index))
    }

    /// The objects of a list; each is its own anchor.
    func objects(_ key: Key) -> [ObjectView] {
        guard let located = value(key), case .list(let items) = located.value else { return [] }
        return items.compactMap { $0.value.object.map { ObjectView($0) } }
    }

    func named(_ key: Key) -> [NamedValue] {
        guard let located = value(key), case .named(let entries) = located.value else { return [] }
        return entries
    }
}
