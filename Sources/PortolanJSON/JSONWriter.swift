/// How a `JSONWriter` lays its document out. Every layout pretty-prints with
/// two-space indentation, a member or element to a line, and non-ASCII text
/// unescaped; they differ where the documents the project writes differ
/// (Foundation's form for what is compared byte for byte with earlier
/// builds and files, a tighter one for what people and CI read).
public struct JSONLayout: Sendable {
    /// Between a key and its value: `" : "` or `": "`.
    public var colon: StaticString
    /// An empty array or object as `[`, an empty line and `]` (true), or `[]`.
    public var emptyOnThreeLines: Bool
    /// Backspace and form feed as `\b` and `\f` (true), or `\u0008` and `\u000c`.
    public var shortControlEscapes: Bool
    /// `/` as `\/`.
    public var escapesSlashes: Bool

    private init(colon: StaticString, emptyOnThreeLines: Bool, shortControlEscapes: Bool, escapesSlashes: Bool) {
        self.colon = colon
        self.emptyOnThreeLines = emptyOnThreeLines
        self.shortControlEscapes = shortControlEscapes
        self.escapesSlashes = escapesSlashes
    }

    /// What Foundation's `JSONEncoder` writes with `[.sortedKeys,
    /// .prettyPrinted, .withoutEscapingSlashes]`: bundles, manifests, the
    /// spool's envelopes and queue states, `plan --format json`.
    public static let foundation = JSONLayout(colon: " : ", emptyOnThreeLines: true, shortControlEscapes: true, escapesSlashes: false)
    /// `foundation` with `/` escaped, as `JSONSerialization` writes it
    /// without `.withoutEscapingSlashes`: `up --format json`.
    public static let foundationEscapingSlashes = JSONLayout(
        colon: " : ", emptyOnThreeLines: true, shortControlEscapes: true, escapesSlashes: true)
    /// The diagnostics' JSON and SARIF and the JSON Schema: `"key": value`, `[]`.
    public static let compact = JSONLayout(colon: ": ", emptyOnThreeLines: false, shortControlEscapes: false, escapesSlashes: false)
}

/// Where a JSON document goes as it is written, value by value: the bytes of
/// `JSONWriter`, or the tree of `JSONTreeBuilder`. A value that can be written
/// (`JSONWritable`) writes itself once, in terms of this, for both.
///
/// The writer does not sort: an object's keys come in the order they are
/// written, and a canonical document writes them in the order of their UTF-8
/// bytes.
public protocol JSONSink {
    mutating func beginObject()
    /// The next member's key; its value is written next.
    mutating func key(_ name: String)
    mutating func endObject()
    mutating func beginArray()
    mutating func endArray()
    mutating func string(_ value: String)
    mutating func integer(_ value: Int)
    mutating func boolean(_ value: Bool)
    mutating func null()
}

/// A value that writes itself into any `JSONSink`.
public protocol JSONWritable {
    func write<Sink: JSONSink>(to json: inout Sink)
}

extension JSONSink {
    /// A member whose key is a coding key's name: the name a type's
    /// `Codable` conformance reads it by, spelt once.
    public mutating func member<Key: CodingKey, Value: JSONWritable>(_ key: Key, _ value: Value) {
        self.key(key.stringValue)
        value.write(to: &self)
    }

    /// A member left out when `value` is nil, as `Codable` leaves it out.
    public mutating func member<Key: CodingKey, Value: JSONWritable>(_ key: Key, ifPresent value: Value?) {
        guard let value else { return }
        member(key, value)
    }
}

extension String: JSONWritable {
    public func write<Sink: JSONSink>(to json: inout Sink) { json.string(self) }
}

extension Int: JSONWritable {
    public func write<Sink: JSONSink>(to json: inout Sink) { json.integer(self) }
}

extension Bool: JSONWritable {
    public func write<Sink: JSONSink>(to json: inout Sink) { json.boolean(self) }
}

extension Array: JSONWritable where Element: JSONWritable {
    public func write<Sink: JSONSink>(to json: inout Sink) {
        json.beginArray()
        for element in self { element.write(to: &json) }
        json.endArray()
    }
}

/// A `String` raw value writes its raw value.
extension JSONWritable where Self: RawRepresentable, RawValue == String {
    public func write<Sink: JSONSink>(to json: inout Sink) { json.string(rawValue) }
}

/// Writes a JSON document into bytes in one pass, in a `JSONLayout`: the one
/// JSON writer of the project. The same calls give the same bytes on every
/// platform.
public struct JSONWriter: JSONSink {
    public private(set) var bytes: [UInt8] = []
    public let layout: JSONLayout
    /// The containers open now, innermost last.
    private var open: [Container] = []
    /// A key was written and its value is next.
    private var valueFollowsKey = false

    private struct Container {
        var isArray: Bool
        var count = 0
    }

    public init(layout: JSONLayout, capacity: Int = 4096) {
        self.layout = layout
        bytes.reserveCapacity(capacity)
        open.reserveCapacity(8)
    }

    /// The bytes of `value` and a final newline.
    public static func document<Value: JSONWritable>(_ value: Value, layout: JSONLayout, capacity: Int = 4096) -> [UInt8] {
        var writer = JSONWriter(layout: layout, capacity: capacity)
        value.write(to: &writer)
        writer.bytes.append(UInt8(ascii: "\n"))
        return writer.bytes
    }

    public mutating func beginObject() {
        beforeValue()
        bytes.append(UInt8(ascii: "{"))
        open.append(Container(isArray: false))
    }

    public mutating func key(_ name: String) {
        newLine(afterCount: open[open.count - 1].count)
        open[open.count - 1].count += 1
        appendString(name)
        append(layout.colon)
        valueFollowsKey = true
    }

    public mutating func endObject() { close(UInt8(ascii: "}")) }

    public mutating func beginArray() {
        beforeValue()
        bytes.append(UInt8(ascii: "["))
        open.append(Container(isArray: true))
    }

    public mutating func endArray() { close(UInt8(ascii: "]")) }

    public mutating func string(_ value: String) {
        beforeValue()
        appendString(value)
    }

    public mutating func integer(_ value: Int) {
        beforeValue()
        bytes.append(contentsOf: String(value).utf8)
    }

    public mutating func boolean(_ value: Bool) {
        beforeValue()
        append(value ? "true" : "false")
    }

    public mutating func null() {
        beforeValue()
        append("null")
    }

    // MARK: Layout

    /// A value in an array starts a line of its own; after a key, or at the
    /// top, it follows on the same line.
    private mutating func beforeValue() {
        if valueFollowsKey {
            valueFollowsKey = false
            return
        }
        guard let last = open.indices.last, open[last].isArray else { return }
        newLine(afterCount: open[last].count)
        open[last].count += 1
    }

    /// `,` after an earlier member, a line break and the indentation of the
    /// innermost open container's members.
    private mutating func newLine(afterCount count: Int) {
        if count > 0 { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\n"))
        indent(open.count)
    }

    private mutating func close(_ bracket: UInt8) {
        let container = open.removeLast()
        if container.count > 0 {
            bytes.append(UInt8(ascii: "\n"))
            indent(open.count)
        } else if layout.emptyOnThreeLines {
            bytes.append(UInt8(ascii: "\n"))
            bytes.append(UInt8(ascii: "\n"))
            indent(open.count)
        }
        bytes.append(bracket)
    }

    private mutating func indent(_ depth: Int) {
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * 2))
    }

    private mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    // MARK: Strings

    private static let hex = Array("0123456789abcdef".utf8)

    /// `text` quoted and escaped: `"` and `\`, the control characters, and
    /// `/` where the layout escapes it.
    private mutating func appendString(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        let escapesSlashes = layout.escapesSlashes
        let plain = text.withUTF8 { utf8 -> Bool in
            guard
                !utf8.contains(where: {
                    $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") || (escapesSlashes && $0 == UInt8(ascii: "/"))
                })
            else { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if !plain { appendEscaped(text) }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscaped(_ text: String) {
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): escape(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): escape(UInt8(ascii: "\\"))
            case UInt8(ascii: "/") where layout.escapesSlashes: escape(UInt8(ascii: "/"))
            case 0x0A: escape(UInt8(ascii: "n"))
            case 0x0D: escape(UInt8(ascii: "r"))
            case 0x09: escape(UInt8(ascii: "t"))
            case 0x08 where layout.shortControlEscapes: escape(UInt8(ascii: "b"))
            case 0x0C where layout.shortControlEscapes: escape(UInt8(ascii: "f"))
            case 0x00..<0x20:
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                bytes.append(Self.hex[Int(byte >> 4)])
                bytes.append(Self.hex[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
    }

    private mutating func escape(_ letter: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        bytes.append(letter)
    }
}
