import PortolanDiagnostics
import PortolanScheduling
import PortolanYAML

/// Reads a node tree against the grammar into `FieldValue`s. Every problem is
/// reported (PT101-PT109) and the offending value left out, so its siblings are
/// still read and its key later takes its default. Recursion follows the node
/// tree, whose depth the YAML reader bounds.
struct ValueReader {
    /// The path of the file read, for messages.
    let file: String
    var sink = DiagnosticSink()
    var diagnostics: [Diagnostic] { sink.diagnostics }
    /// Runs the entries of a large section in parts.
    var scheduler: any StageScheduler = SerialScheduler()

    init(file: String, scheduler: any StageScheduler = SerialScheduler()) {
        self.file = file
        self.scheduler = scheduler
    }

    /// Where a value stands: the object or list it belongs to and its key or
    /// index. The dotted path is only spelled out for a message.
    struct Place {
        var parent: ObjectPath
        var key: String
        var index: Int?

        /// The place as the parent of what is read inside it.
        var objectPath: ObjectPath { ObjectPath(parent: parent, key: key, index: index) }

        var path: String { objectPath.text }
    }

    /// Reads a mapping as an object of `definition`. Missing required keys are
    /// reported at `anchor` (a key written with a bad value is not missing: its
    /// problem is already reported); the object is returned all the same, and
    /// the builders skip objects they cannot make.
    mutating func readObject(_ node: Node, _ definition: ObjectDefinition, anchor: SourceSpan, path: ObjectPath) -> FieldObject? {
        guard let pairs = node.mapping else {
            wrongType(node, expected: .object(definition), at: path.text)
            return nil
        }
        var contents = FieldObject.Contents(capacity: pairs.count)
        var position = 0
        // Index loops rather than `for in`: iterators are slow in unoptimized builds.
        while position < pairs.count {
            let pair = pairs[position]
            position += 1
            let name = pair.name
            guard let index = definition.index(of: name) else {
                unknownKey(pair.key, in: definition, path: path.text)
                continue
            }
            let value = read(pair.value, as: definition.types[index], at: Place(parent: path, key: name), keySpan: pair.key.span)
            contents.set(index, value, keySpan: pair.key.span)
        }
        let object = FieldObject(definition, span: node.span, anchor: anchor, path: path, contents: contents)
        reportMissingKeys(of: object)
        return object
    }

    /// Reads any value. `keySpan` anchors an object read here.
    mutating func read(_ node: Node, as type: ValueType, at place: Place, keySpan: SourceSpan) -> Located<FieldValue>? {
        switch type {
        case .object(let definition):
            return readObject(node, definition, anchor: keySpan, path: place.objectPath).map { Located(field: .object($0), at: node.span) }
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
        let path = place.objectPath
        var values: [Located<FieldValue>] = []
        values.reserveCapacity(items.count)
        var index = 0
        while index < items.count {
            let item = items[index]
            if let value = read(item, as: element, at: Place(parent: path, key: "", index: index), keySpan: item.span) {
                values.append(value)
            }
            index += 1
        }
        return Located(field: .list(values), at: node.span)
    }

    private mutating func readNamedMap(_ node: Node, of element: ValueType, at place: Place) -> Located<FieldValue>? {
        guard let pairs = node.mapping else {
            wrongType(node, expected: .namedMap(element), at: place.path)
            return nil
        }
        let path = place.objectPath
        // The entries of a large section (servers, users) are read in two
        // halves, each with a reader of its own; their problems follow in order.
        let scheduler = self.scheduler
        let file = self.file
        let halves = scheduler.ranges(pairs.count) { range in
            var reader = ValueReader(file: file, scheduler: scheduler)
            let entries = reader.readEntries(pairs[range], of: element, at: path)
            return (entries, reader.diagnostics)
        }
        var entries: [NamedValue] = []
        entries.reserveCapacity(pairs.count)
        for (part, problems) in halves {
            entries += part
            sink.append(contentsOf: problems)
        }
        return Located(field: .named(entries), at: node.span)
    }

    private mutating func readEntries(_ pairs: Slice<Node.Pairs>, of element: ValueType, at path: ObjectPath) -> [NamedValue] {
        var entries: [NamedValue] = []
        entries.reserveCapacity(pairs.count)
        var position = pairs.startIndex
        while position < pairs.endIndex {
            let pair = pairs[position]
            position += 1
            let name = pair.name
            if let value = read(pair.value, as: element, at: Place(parent: path, key: name), keySpan: pair.key.span) {
                entries.append(NamedValue(name: Name(name, at: pair.key.span), value: value))
            }
        }
        return entries
    }

    private mutating func reportMissingKeys(of object: FieldObject) {
        guard !object.definition.requiredIndices.isEmpty else { return }
        for index in object.definition.requiredIndices where object.keySpan(at: index) == nil {
            let field = object.definition.fields[index]
            let place = object.path.isEmpty ? "at the top level of \(file)" : "in \(object.path)"
            sink.report(.missingKey, "missing required key '\(field.name)' \(place)", at: object.anchor,
                   help: field.missingHelp ?? "add '\(field.name):' (\(field.type.expectation))")
        }
    }
}
