/// A JSON document written deterministically, as the machine formats and the
/// JSON Schema build it: the same value always gives the same bytes on every
/// platform, pretty-printed with two-space indentation, `/` and non-ASCII text
/// unescaped. An `object` keeps its keys in the order they were written and
/// leaves out a member whose value is nil (JSON `null` is `.null`); a
/// `sortedObject` writes its keys sorted by their UTF-8 bytes.
public enum JSONValue: Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSONValue])
    case object(KeyValuePairs<String, JSONValue?>)
    case sortedObject([String: JSONValue])

    static func optional(_ value: Int?) -> JSONValue { value.map(JSONValue.int) ?? .null }
    static func optional(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }

    /// Pretty-printed with two-space indentation, without a trailing newline.
    public func serialised() -> String {
        var output = ""
        write(to: &output, indent: "")
        return output
    }

    private func write(to output: inout String, indent: String) {
        switch self {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .int(let value): output += String(value)
        case .string(let value): Self.writeString(value, to: &output)
        case .array(let elements):
            writeContainer(elements.map { (nil, $0) }, brackets: ("[", "]"), to: &output, indent: indent)
        case .object(let members):
            let present = members.compactMap { key, value in value.map { (Optional(key), $0) } }
            writeContainer(present, brackets: ("{", "}"), to: &output, indent: indent)
        case .sortedObject(let members):
            let sorted = members.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
            writeContainer(sorted.map { (Optional($0.key), $0.value) }, brackets: ("{", "}"), to: &output, indent: indent)
        }
    }

    private func writeContainer(
        _ members: [(String?, JSONValue)], brackets: (String, String), to output: inout String, indent: String
    ) {
        guard !members.isEmpty else {
            output += brackets.0 + brackets.1
            return
        }
        let inner = indent + "  "
        output += brackets.0 + "\n"
        for (index, (key, value)) in members.enumerated() {
            output += inner
            if let key {
                Self.writeString(key, to: &output)
                output += ": "
            }
            value.write(to: &output, indent: inner)
            output += index == members.count - 1 ? "\n" : ",\n"
        }
        output += indent + brackets.1
    }

    private static func writeString(_ string: String, to output: inout String) {
        output += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16, uppercase: false)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
