import PortolanDiagnostics
import PortolanYAML

/// Reads a node tree against the grammar into `FieldValue`s. Every problem is
/// reported (PT101-PT109) and the offending value left out, so its siblings are
/// still read and its key later takes its default. Recursion follows the node
/// tree, whose depth the YAML reader bounds.
struct ValueReader {
    private(set) var diagnostics: [Diagnostic] = []

    /// Where a value stands: the path of the object it belongs to and its key
    /// (or `[index]`). The full path is only built for a message.
    struct Place {
        var parent: String
        var key: String

        var path: String {
            if key.hasPrefix("[") { return parent + key }
            return FieldObject.join(parent, key)
        }
    }

    /// Reads a mapping as an object of `definition`. Missing required keys are
    /// reported at `anchor` (a key written with a bad value is not missing: its
    /// problem is already reported); the object is returned all the same, and
    /// the builders skip objects they cannot make.
    mutating func readObject(_ node: Node, _ definition: ObjectDefinition, anchor: SourceSpan, path: String) -> FieldObject? {
        guard let pairs = node.mapping else {
            wrongType(node, expected: .object(definition), at: path)
            return nil
        }
        var slots: [FieldObject.Slot] = []
        for pair in pairs {
            guard let index = definition.index(of: pair.name) else {
                unknownKey(pair.key, in: definition, path: path)
                continue
            }
            let field = definition.fields[index]
            let value = read(pair.value, as: field.type, at: Place(parent: path, key: field.name), keySpan: pair.key.span)
            if slots.isEmpty { slots = Array(repeating: FieldObject.Slot(), count: definition.fields.count) }
            slots[index] = FieldObject.Slot(value: value, keySpan: pair.key.span)
        }
        let object = FieldObject(definition, span: node.span, anchor: anchor, path: path, slots: slots)
        reportMissingKeys(of: object)
        return object
    }

    /// Reads any value. `keySpan` anchors an object read here.
    mutating func read(_ node: Node, as type: ValueType, at place: Place, keySpan: SourceSpan) -> Located<FieldValue>? {
        switch type {
        case .object(let definition):
            return readObject(node, definition, anchor: keySpan, path: place.path).map { Located(.object($0), at: node.span) }
        case .list(let element):
            return readList(node, of: element, at: place)
        case .namedMap(let element):
            return readNamedMap(node, of: element, at: place)
        default:
            return readScalar(node, as: type, at: place)
        }
    }

    private mutating func readList(_ node: Node, of element: ValueType, at place: Place) -> Located<FieldValue>? {
        guard let items = node.sequence else {
            wrongType(node, expected: .list(element), at: place.path)
            return nil
        }
        let path = place.path
        var values: [Located<FieldValue>] = []
        values.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            if let value = read(item, as: element, at: Place(parent: path, key: "[\(index)]"), keySpan: item.span) {
                values.append(value)
            }
        }
        return Located(.list(values), at: node.span)
    }

    private mutating func readNamedMap(_ node: Node, of element: ValueType, at place: Place) -> Located<FieldValue>? {
        guard let pairs = node.mapping else {
            wrongType(node, expected: .namedMap(element), at: place.path)
            return nil
        }
        let path = place.path
        var entries: [NamedValue] = []
        entries.reserveCapacity(pairs.count)
        for pair in pairs {
            let name = pair.name
            if let value = read(pair.value, as: element, at: Place(parent: path, key: name), keySpan: pair.key.span) {
                entries.append(NamedValue(name: Name(name, at: pair.key.span), value: value))
            }
        }
        return Located(.named(entries), at: node.span)
    }

    private mutating func reportMissingKeys(of object: FieldObject) {
        for index in object.definition.requiredIndices where object.keySpan(at: index) == nil {
            let field = object.definition.fields[index]
            let place = object.path.isEmpty ? "at the top level of \(object.anchor.file)" : "in \(object.path)"
            report("PT103", "missing required key '\(field.name)' \(place)", at: object.anchor,
                   help: field.missingHelp ?? "add '\(field.name):' (\(field.type.expectation))")
        }
    }

    mutating func report(_ code: String, _ message: String, at span: SourceSpan, notes: [DiagnosticNote] = [], help: String? = nil) {
        diagnostics.append(Diagnostic(DiagnosticCode(code), .error, message, at: span, notes: notes, help: help))
    }
}
