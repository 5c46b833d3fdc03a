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
    /// What was written for the keys of an object: for each key written, its
    /// position in the definition, its value (nil when refused) and where the
    /// key stands. Only the keys written are kept (an object writes a few of
    /// its keys): a large topology holds a million objects.
    struct Contents: Sendable {
        private(set) var entries: [Entry] = []

        init() {}

        /// Room for `count` keys, as many as the mapping read writes.
        init(capacity count: Int) {
            entries.reserveCapacity(count)
        }

        fileprivate init(entries: [Entry]) {
            self.entries = entries
        }

        mutating func set(_ index: Int, _ value: consuming Located<FieldValue>?, keySpan: SourceSpan?) {
            let position = Int32(index)
            var existing = 0
            while existing < entries.count && entries[existing].position != position { existing += 1 }
            let entry = Entry(position: position, value: value, keySpan: keySpan)
            if existing < entries.count {
                entries[existing] = entry
            } else {
                entries.append(entry)
            }
        }
    }

    /// One key written: its position in the definition, value and key span.
    struct Entry: Sendable {
        var position: Int32
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
    private let entries: [Entry]

    var contents: Contents { Contents(entries: entries) }

    init(_ definition: ObjectDefinition, span: SourceSpan, anchor: SourceSpan, path: ObjectPath, contents: Contents = Contents()) {
        precondition(contents.entries.allSatisfy { Int($0.position) < definition.fields.count })
        self.definition = definition
        self.span = span
        self.anchor = anchor
        self.location = path
        self.entries = contents.entries
    }

    /// The value written for the key at `index`, if it was accepted.
    func value(at index: Int) -> Located<FieldValue>? {
        guard let found = place(of: index) else { return nil }
        return entries[found].value
    }

    /// Where the key at `index` was written, even when its value was refused.
    func keySpan(at index: Int) -> SourceSpan? {
        guard let found = place(of: index) else { return nil }
        return entries[found].keySpan
    }

    /// Where the key at `index` is among the entries (a few: a linear scan,
    /// which reads only their positions).
    private func place(of index: Int) -> Int? {
        let position = Int32(truncatingIfNeeded: index)
        var found = 0
        while found < entries.count {
            if entries[found].position == position { return found }
            found += 1
        }
        return nil
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
