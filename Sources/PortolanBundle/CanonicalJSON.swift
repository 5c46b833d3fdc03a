import Foundation

/// Writes an `Encodable` value as JSON, byte for byte what Foundation's
/// `JSONEncoder` writes with `[.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]`
/// (two-space indentation, `"key" : value`, keys sorted by their UTF-8 bytes,
/// empty collections as `[\n\n]`), for values made of strings, integers,
/// booleans, optionals, arrays and nested structures — what bundles and
/// manifests are. About ten times faster: a build that lowers encodes one
/// bundle per server to compare it with the one on disk. The tests compare
/// the two encoders. (`BundleCodec` writes manifests straight from their
/// fields, in this same form.)
///
/// Not for `Date`, `Data`, `URL`, `Decimal` or floating-point values, which
/// `JSONEncoder` writes in its own ways. Coding paths name the containers a
/// value is in, not the value's own key: nothing in a bundle reads them.
enum CanonicalJSON {
    static func encode<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        let encoder = TreeEncoder(codingPath: [])
        try value.encode(to: encoder)
        var writer = Writer()
        writer.write(encoder.value ?? .object(ObjectBox()), depth: 0)
        return writer.bytes
    }

    // MARK: The tree

    enum Value {
        case string(String)
        /// Written as is: numbers, `true`, `false`, `null`.
        case literal(String)
        case object(ObjectBox)
        case array(ArrayBox)
    }

    final class ObjectBox {
        var pairs: [(key: String, value: Value)] = []

        func set(_ key: String, _ value: Value) {
            if let index = pairs.firstIndex(where: { $0.key == key }) {
                pairs[index].value = value
            } else {
                pairs.append((key, value))
            }
        }
    }

    final class ArrayBox {
        var items: [Value] = []
    }

    // MARK: Writing

    struct Writer {
        var bytes: [UInt8] = []

        init() { bytes.reserveCapacity(4096) }

        mutating func write(_ value: Value, depth: Int) {
            switch value {
            case .string(let text): writeString(text)
            case .literal(let text): bytes.append(contentsOf: text.utf8)
            case .object(let box):
                bytes.append(UInt8(ascii: "{"))
                bytes.append(UInt8(ascii: "\n"))
                box.pairs.sort { Self.precedes($0.key, $1.key) }
                for (index, pair) in box.pairs.enumerated() {
                    if index > 0 { bytes.append(UInt8(ascii: ",")); bytes.append(UInt8(ascii: "\n")) }
                    indent(depth + 1)
                    writeString(pair.key)
                    bytes.append(UInt8(ascii: " ")); bytes.append(UInt8(ascii: ":")); bytes.append(UInt8(ascii: " "))
                    write(pair.value, depth: depth + 1)
                }
                bytes.append(UInt8(ascii: "\n"))
                indent(depth)
                bytes.append(UInt8(ascii: "}"))
            case .array(let box):
                bytes.append(UInt8(ascii: "["))
                bytes.append(UInt8(ascii: "\n"))
                for (index, item) in box.items.enumerated() {
                    if index > 0 { bytes.append(UInt8(ascii: ",")); bytes.append(UInt8(ascii: "\n")) }
                    indent(depth + 1)
                    write(item, depth: depth + 1)
                }
                bytes.append(UInt8(ascii: "\n"))
                indent(depth)
                bytes.append(UInt8(ascii: "]"))
            }
        }

        /// Byte order of the UTF-8 forms, as `JSONEncoder` sorts keys.
        static func precedes(_ first: String, _ second: String) -> Bool {
            var first = first
            var second = second
            return first.withUTF8 { a in
                second.withUTF8 { b in
                    let common = min(a.count, b.count)
                    let order = common == 0 ? 0 : memcmp(a.baseAddress!, b.baseAddress!, common)
                    return order < 0 || (order == 0 && a.count < b.count)
                }
            }
        }

        /// `text` as it is: JSON punctuation, indentation and known keys.
        mutating func append(_ text: StaticString) {
            text.withUTF8Buffer { bytes.append(contentsOf: $0) }
        }

        mutating func indent(_ depth: Int) {
            bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: depth * 2))
        }

        private static let hex = Array("0123456789abcdef".utf8)

        mutating func writeString(_ text: String) {
            Self.appendString(text, to: &bytes)
        }

        /// `text` as a JSON string, quoted and escaped.
        static func appendString(_ text: String, to bytes: inout [UInt8]) {
            bytes.append(UInt8(ascii: "\""))
            var text = text
            let plain = text.withUTF8 { utf8 -> Bool in
                guard !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
                    return false
                }
                bytes.append(contentsOf: utf8)
                return true
            }
            if !plain { appendEscaped(text, to: &bytes) }
            bytes.append(UInt8(ascii: "\""))
        }

        private static func appendEscaped(_ text: String, to bytes: inout [UInt8]) {
            for byte in text.utf8 {
                switch byte {
                case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
                case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
                case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
                case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
                case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
                case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
                case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
                case 0x00..<0x20:
                    bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0")])
                    bytes.append(hex[Int(byte >> 4)])
                    bytes.append(hex[Int(byte & 0x0F)])
                default: bytes.append(byte)
                }
            }
        }
    }

    // MARK: The encoder

    final class TreeEncoder: Encoder, SingleValueEncodingContainer {
        let codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }
        var value: Value?

        init(codingPath: [any CodingKey]) {
            self.codingPath = codingPath
        }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if case .object(let box)? = value { return KeyedEncodingContainer(KeyedContainer(box: box, codingPath: codingPath)) }
            let box = ObjectBox()
            value = .object(box)
            return KeyedEncodingContainer(KeyedContainer(box: box, codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if case .array(let box)? = value { return UnkeyedContainer(box: box, codingPath: codingPath) }
            let box = ArrayBox()
            value = .array(box)
            return UnkeyedContainer(box: box, codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer { self }

        func encodeNil() throws { value = .literal("null") }
        func encode(_ value: Bool) throws { self.value = .literal(value ? "true" : "false") }
        func encode(_ value: String) throws { self.value = .string(value) }
        func encode(_ value: Int) throws { self.value = .literal(String(value)) }
        func encode(_ value: Int8) throws { self.value = .literal(String(value)) }
        func encode(_ value: Int16) throws { self.value = .literal(String(value)) }
        func encode(_ value: Int32) throws { self.value = .literal(String(value)) }
        func encode(_ value: Int64) throws { self.value = .literal(String(value)) }
        func encode(_ value: UInt) throws { self.value = .literal(String(value)) }
        func encode(_ value: UInt8) throws { self.value = .literal(String(value)) }
        func encode(_ value: UInt16) throws { self.value = .literal(String(value)) }
        func encode(_ value: UInt32) throws { self.value = .literal(String(value)) }
        func encode(_ value: UInt64) throws { self.value = .literal(String(value)) }
        func encode(_ value: Double) throws { throw Unsupported(codingPath: codingPath) }
        func encode(_ value: Float) throws { throw Unsupported(codingPath: codingPath) }
        func encode<T: Encodable>(_ value: T) throws { self.value = try TreeEncoder.wrap(value, codingPath: codingPath) }

        /// The tree of `value`: strings, integers and booleans directly, anything else through its `encode(to:)`.
        static func wrap<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws -> Value {
            switch value {
            case let text as String: return .string(text)
            case let number as Int: return .literal(String(number))
            case let flag as Bool: return .literal(flag ? "true" : "false")
            default:
                let encoder = TreeEncoder(codingPath: codingPath)
                try value.encode(to: encoder)
                return encoder.value ?? .object(ObjectBox())
            }
        }
    }

    struct Unsupported: Error, CustomStringConvertible {
        var codingPath: [any CodingKey]
        var description: String {
            "canonical JSON has no floating-point numbers (at \(codingPath.map(\.stringValue).joined(separator: ".")))"
        }
    }

    struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let box: ObjectBox
        let codingPath: [any CodingKey]

        mutating func encodeNil(forKey key: Key) throws { box.set(key.stringValue, .literal("null")) }
        mutating func encode(_ value: Bool, forKey key: Key) throws { box.set(key.stringValue, .literal(value ? "true" : "false")) }
        mutating func encode(_ value: String, forKey key: Key) throws { box.set(key.stringValue, .string(value)) }
        mutating func encode(_ value: Int, forKey key: Key) throws { box.set(key.stringValue, .literal(String(value))) }
        mutating func encode(_ value: Double, forKey key: Key) throws { throw Unsupported(codingPath: codingPath + [key]) }
        mutating func encode(_ value: Float, forKey key: Key) throws { throw Unsupported(codingPath: codingPath + [key]) }
        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            box.set(key.stringValue, try TreeEncoder.wrap(value, codingPath: codingPath))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(
            keyedBy keyType: NestedKey.Type, forKey key: Key
        ) -> KeyedEncodingContainer<NestedKey> {
            let nested = ObjectBox()
            box.set(key.stringValue, .object(nested))
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: nested, codingPath: codingPath + [key]))
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            let nested = ArrayBox()
            box.set(key.stringValue, .array(nested))
            return UnkeyedContainer(box: nested, codingPath: codingPath + [key])
        }

        mutating func superEncoder() -> any Encoder { SuperEncoder(box: box, key: "super", codingPath: codingPath) }
        mutating func superEncoder(forKey key: Key) -> any Encoder {
            SuperEncoder(box: box, key: key.stringValue, codingPath: codingPath + [key])
        }
    }

    struct UnkeyedContainer: UnkeyedEncodingContainer {
        let box: ArrayBox
        let codingPath: [any CodingKey]
        var count: Int { box.items.count }

        mutating func encodeNil() throws { box.items.append(.literal("null")) }
        mutating func encode(_ value: Bool) throws { box.items.append(.literal(value ? "true" : "false")) }
        mutating func encode(_ value: String) throws { box.items.append(.string(value)) }
        mutating func encode(_ value: Int) throws { box.items.append(.literal(String(value))) }
        mutating func encode(_ value: Double) throws { throw Unsupported(codingPath: codingPath) }
        mutating func encode(_ value: Float) throws { throw Unsupported(codingPath: codingPath) }
        mutating func encode<T: Encodable>(_ value: T) throws {
            box.items.append(try TreeEncoder.wrap(value, codingPath: codingPath))
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
            let nested = ObjectBox()
            box.items.append(.object(nested))
            return KeyedEncodingContainer(KeyedContainer<NestedKey>(box: nested, codingPath: codingPath))
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            let nested = ArrayBox()
            box.items.append(.array(nested))
            return UnkeyedContainer(box: nested, codingPath: codingPath)
        }

        mutating func superEncoder() -> any Encoder {
            ArrayElementEncoder(box: box, encoder: TreeEncoder(codingPath: codingPath))
        }
    }

    /// The encoder `superEncoder` hands out: what it encodes lands under `key`.
    final class SuperEncoder: Encoder {
        let box: ObjectBox
        let key: String
        let codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }
        private let inner: TreeEncoder

        init(box: ObjectBox, key: String, codingPath: [any CodingKey]) {
            self.box = box
            self.key = key
            self.codingPath = codingPath
            inner = TreeEncoder(codingPath: codingPath)
        }

        deinit { box.set(key, inner.value ?? .object(ObjectBox())) }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> { inner.container(keyedBy: type) }
        func unkeyedContainer() -> any UnkeyedEncodingContainer { inner.unkeyedContainer() }
        func singleValueContainer() -> any SingleValueEncodingContainer { inner }
    }

    /// `superEncoder` of an unkeyed container: what it encodes is appended to `box`.
    final class ArrayElementEncoder: Encoder {
        let box: ArrayBox
        let encoder: TreeEncoder
        var codingPath: [any CodingKey] { encoder.codingPath }
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        init(box: ArrayBox, encoder: TreeEncoder) {
            self.box = box
            self.encoder = encoder
        }

        deinit { box.items.append(encoder.value ?? .object(ObjectBox())) }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> { encoder.container(keyedBy: type) }
        func unkeyedContainer() -> any UnkeyedEncodingContainer { encoder.unkeyedContainer() }
        func singleValueContainer() -> any SingleValueEncodingContainer { encoder }
    }
}
