import PortolanDiagnostics

/// An object as one file wrote it, read against its definition: the values
/// that passed their checks, by key position, and where each key stands.
/// Keys not written have no value here; `ObjectView` adds what `defaults.server`
/// and the grammar's defaults give. Immutable once read.
///
/// `anchor` is the key that names the object (its name in a section, its key
/// in the enclosing mapping, or the list item itself): missing required keys
/// are reported there, and defaults inside the object point there.
final class FieldObject: Sendable {
    /// What was written for the keys of an object, by position in its
    /// definition: each value (nil when refused) and where each key stands.
    /// Empty while nothing is written.
    struct Contents: Sendable {
        private(set) var slots: [Slot] = []

        init() {}

        fileprivate init(slots: [Slot]) {
            self.slots = slots
        }

        mutating func set(_ index: Int, _ value: Located<FieldValue>?, keySpan: SourceSpan?, keys: Int) {
            if slots.isEmpty { slots = Array(repeating: Slot(value: nil, keySpan: nil), count: keys) }
            slots[index] = Slot(value: value, keySpan: keySpan)
        }
    }

    /// One key of an object: its value and where the key stands. A concrete
    /// type, so that making the array of an object's keys (one per object read)
    /// needs no generic type lookup.
    struct Slot: Sendable {
        var value: Located<FieldValue>?
        var keySpan: SourceSpan?
    }

    let definition: ObjectDefinition
    /// The object's mapping as written, or the anchor when it was not written.
    let span: SourceSpan
    let anchor: SourceSpan
    /// Where the object stands, for messages.
    let location: ObjectPath
    /// The dotted path of the object ("servers.hub.smtp").
    var path: String { location.text }
    private let slots: [Slot]

    var contents: Contents { Contents(slots: slots) }

    init(_ definition: ObjectDefinition, span: SourceSpan, anchor: SourceSpan, path: ObjectPath, contents: Contents = Contents()) {
        precondition(contents.slots.isEmpty || contents.slots.count == definition.fields.count)
        self.definition = definition
        self.span = span
        self.anchor = anchor
        self.location = path
        self.slots = contents.slots
    }

    /// The value written for the key at `index`, if it was accepted.
    func value(at index: Int) -> Located<FieldValue>? {
        slots.isEmpty ? nil : slots[index].value
    }

    /// Where the key at `index` was written, even when its value was refused.
    func keySpan(at index: Int) -> SourceSpan? {
        slots.isEmpty ? nil : slots[index].keySpan
    }

    /// The same object with other contents.
    func with(_ contents: Contents) -> FieldObject {
        FieldObject(definition, span: span, anchor: anchor, path: location, contents: contents)
    }

    static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : path + "." + key
    }
}

/// Where an object or a list stands in a file: its parent and its key or
/// index. Paths are made for every object read and spelled out
/// ("servers.hub.smtp", "routes[1]") only for the few that a message names.
final class ObjectPath: Sendable {
    let parent: ObjectPath?
    let key: String
    let index: Int?

    /// The top level of a file.
    static let root = ObjectPath(parent: nil, key: "", index: nil)

    init(parent: ObjectPath?, key: String, index: Int?) {
        self.parent = parent
        self.key = key
        self.index = index
    }

    var text: String {
        guard let parent else { return key }
        if let index { return parent.text + "[\(index)]" }
        return FieldObject.join(parent.text, key)
    }
}
