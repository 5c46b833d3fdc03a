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
    /// Both are empty while nothing is written.
    struct Contents: Sendable {
        private(set) var values: [Located<FieldValue>?] = []
        private(set) var keySpans: [SourceSpan?] = []

        init() {}

        fileprivate init(values: [Located<FieldValue>?], keySpans: [SourceSpan?]) {
            self.values = values
            self.keySpans = keySpans
        }

        mutating func set(_ index: Int, _ value: Located<FieldValue>?, keySpan: SourceSpan?, keys: Int) {
            if values.isEmpty {
                values = Array(repeating: nil, count: keys)
                keySpans = Array(repeating: nil, count: keys)
            }
            values[index] = value
            keySpans[index] = keySpan
        }
    }

    let definition: ObjectDefinition
    /// The object's mapping as written, or the anchor when it was not written.
    let span: SourceSpan
    let anchor: SourceSpan
    /// The dotted path of the object, for messages ("servers.hub.smtp").
    let path: String
    private let values: [Located<FieldValue>?]
    private let keySpans: [SourceSpan?]

    var contents: Contents { Contents(values: values, keySpans: keySpans) }

    init(_ definition: ObjectDefinition, span: SourceSpan, anchor: SourceSpan, path: String, contents: Contents = Contents()) {
        precondition(contents.values.isEmpty || contents.values.count == definition.fields.count)
        self.definition = definition
        self.span = span
        self.anchor = anchor
        self.path = path
        self.values = contents.values
        self.keySpans = contents.keySpans
    }

    /// The value written for the key at `index`, if it was accepted.
    func value(at index: Int) -> Located<FieldValue>? {
        values.isEmpty ? nil : values[index]
    }

    /// Where the key at `index` was written, even when its value was refused.
    func keySpan(at index: Int) -> SourceSpan? {
        keySpans.isEmpty ? nil : keySpans[index]
    }

    /// The same object with other contents.
    func with(_ contents: Contents) -> FieldObject {
        FieldObject(definition, span: span, anchor: anchor, path: path, contents: contents)
    }

    static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : path + "." + key
    }
}
