/// A JSON document as a value, for the writers that build their document
/// before they write it (the machine formats of the diagnostics, the JSON
/// Schema) and for reading a written value back as a tree (`JSONTreeBuilder`).
/// An `object` keeps its keys in the order they were written and leaves out a
/// member whose value is nil (JSON `null` is `.null`); a `sortedObject` writes
/// its keys sorted by their UTF-8 bytes.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSONValue])
    case object(KeyValuePairs<String, JSONValue?>)
    case sortedObject([String: JSONValue])

    public static func optional(_ value: Int?) -> JSONValue { value.map(JSONValue.int) ?? .null }
    public static func optional(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }

    /// Written by `JSONWriter` in `layout` (by default the compact one of
    /// the diagnostics and the schema), without a trailing newline.
    public func serialised(layout: JSONLayout = .compact) -> String {
        var writer = JSONWriter(layout: layout)
        write(to: &writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    public static func == (first: JSONValue, second: JSONValue) -> Bool {
        switch (first, second) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.int(let a), .int(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.array(let a), .array(let b)): return a == b
        case (.sortedObject(let a), .sortedObject(let b)): return a == b
        case (.object(let a), .object(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: return false
        }
    }
}

extension JSONValue: JSONWritable {
    public func write<Sink: JSONSink>(to json: inout Sink) {
        switch self {
        case .null: json.null()
        case .bool(let flag): json.boolean(flag)
        case .int(let value): json.integer(value)
        case .string(let value): json.string(value)
        case .array(let elements):
            json.beginArray()
            for element in elements { element.write(to: &json) }
            json.endArray()
        case .object(let members):
            json.beginObject()
            for (key, value) in members {
                guard let value else { continue }
                json.key(key)
                value.write(to: &json)
            }
            json.endObject()
        case .sortedObject(let members):
            json.beginObject()
            for key in members.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
                json.key(key)
                members[key]!.write(to: &json)
            }
            json.endObject()
        }
    }
}

/// A `JSONSink` that builds the tree of what is written instead of its
/// bytes: a value read back as a value, without writing and parsing it.
/// Objects become `sortedObject`s.
public struct JSONTreeBuilder: JSONSink {
    /// The value written, once it is complete.
    public private(set) var value: JSONValue?
    private var open: [Open] = []
    private var pendingKey: String?

    private enum Open {
        case object([String: JSONValue], key: String?)
        case array([JSONValue], key: String?)
    }

    public init() {}

    /// The tree of `value`.
    public static func tree<Value: JSONWritable>(of value: Value) -> JSONValue {
        var builder = JSONTreeBuilder()
        value.write(to: &builder)
        return builder.value ?? .null
    }

    public mutating func beginObject() {
        open.append(.object([:], key: pendingKey))
        pendingKey = nil
    }

    public mutating func key(_ name: String) { pendingKey = name }

    public mutating func endObject() {
        guard case .object(let members, let key)? = open.popLast() else { return }
        pendingKey = key
        add(.sortedObject(members))
    }

    public mutating func beginArray() {
        open.append(.array([], key: pendingKey))
        pendingKey = nil
    }

    public mutating func endArray() {
        guard case .array(let elements, let key)? = open.popLast() else { return }
        pendingKey = key
        add(.array(elements))
    }

    public mutating func string(_ value: String) { add(.string(value)) }
    public mutating func integer(_ value: Int) { add(.int(value)) }
    public mutating func boolean(_ value: Bool) { add(.bool(value)) }
    public mutating func null() { add(.null) }

    private mutating func add(_ element: JSONValue) {
        defer { pendingKey = nil }
        switch open.popLast() {
        case nil: value = element
        case .object(var members, let key)?:
            members[pendingKey ?? ""] = element
            open.append(.object(members, key: key))
        case .array(var elements, let key)?:
            elements.append(element)
            open.append(.array(elements, key: key))
        }
    }
}
