import PortolanDiagnostics

/// A value read from YAML and found to match its `ValueType`: the stage
/// between the node tree and the AST. Anything in it has passed its checks;
/// what failed was reported and left out.
indirect enum FieldValue: Sendable {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    /// A `portOrOff` port that is not offered.
    case off
    case password(PasswordHash)
    case list([Located<FieldValue>])
    case named([NamedValue])
    case object(FieldObject)

    var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var object: FieldObject? {
        if case .object(let value) = self { return value }
        return nil
    }
}

/// An entry of a mapping keyed by name (`servers:`, `groups:` ...).
struct NamedValue: Sendable {
    var name: Name
    var value: Located<FieldValue>
}

/// An object read against its definition. Keys not written have no value
/// until the accessors fill them from the definition's defaults.
///
/// `anchor` is where defaults and missing required keys are reported: the key
/// that names the object in the file of the object it belongs to (a server's
/// name for everything `defaults.server` gave it but the server did not write).
final class FieldObject: Sendable {
    /// What was written for one key: its value (nil when it was refused) and where the key stands.
    struct Slot: Sendable {
        var value: Located<FieldValue>?
        var keySpan: SourceSpan?
    }

    let definition: ObjectDefinition
    /// The object's mapping as written, or the anchor when it was not written.
    let span: SourceSpan
    /// False for an object made up from its key's default.
    let isWritten: Bool
    let anchor: SourceSpan
    /// The dotted path of the object, for messages ("servers.hub.smtp"); kept
    /// in two parts so that objects made up from defaults never pay for the join.
    var path: String { key.isEmpty ? parentPath : Self.join(parentPath, key) }
    private let parentPath: String
    private let key: String
    /// By the position of the key in the definition; empty when nothing is written.
    let slots: [Slot]

    init(
        _ definition: ObjectDefinition, span: SourceSpan, anchor: SourceSpan, path: String, key: String = "", written: Bool = true,
        slots: [Slot] = []
    ) {
        precondition(slots.isEmpty || slots.count == definition.fields.count)
        self.definition = definition
        self.span = span
        self.isWritten = written
        self.anchor = anchor
        self.parentPath = path
        self.key = key
        self.slots = slots
    }

    /// The value written for the key at `index`, if it was accepted.
    func value(at index: Int) -> Located<FieldValue>? {
        slots.isEmpty ? nil : slots[index].value
    }

    /// Where the key at `index` was written, even when its value was refused.
    func keySpan(at index: Int) -> SourceSpan? {
        slots.isEmpty ? nil : slots[index].keySpan
    }

    /// The slots to edit into a new object: one per key of the definition.
    var editableSlots: [Slot] {
        slots.isEmpty ? Array(repeating: Slot(), count: definition.fields.count) : slots
    }

    /// The same object with other slots.
    func with(_ slots: [Slot]) -> FieldObject {
        FieldObject(definition, span: span, anchor: anchor, path: parentPath, key: key, written: isWritten, slots: slots)
    }

    /// Gives the object and every object below it a new anchor (after a merge
    /// put it under an object of another place).
    func reanchored(at anchor: SourceSpan, path: String) -> FieldObject {
        var edited = slots
        for index in slots.indices {
            guard let located = slots[index].value, case .object(let child) = located.value else { continue }
            let childPath = Self.join(path, definition.fields[index].name)
            edited[index].value = located.replacing(FieldValue.object(child.reanchored(at: anchor, path: childPath)))
        }
        return FieldObject(definition, span: span, anchor: anchor, path: path, written: isWritten, slots: edited)
    }

    static func join(_ path: String, _ key: String) -> String {
        path.isEmpty ? key : path + "." + key
    }
}
