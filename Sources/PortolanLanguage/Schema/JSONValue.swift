/// A JSON document written deterministically: object keys sorted by their
/// UTF-8 bytes, two-space indentation, `/` and non-ASCII text unescaped, and
/// a final newline. The same value always gives the same bytes.
enum JSONValue: Equatable, Sendable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    var text: String {
        var output = ""
        write(to: &output, indent: "")
        return output + "\n"
    }

    private func write(to output: inout String, indent: String) {
        switch self {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .int(let number): output += String(number)
        case .string(let string): Self.write(string: string, to: &output)
        case .array(let items):
            writeContainer(items.map { (nil, $0) }, open: "[", close: "]", to: &output, indent: indent)
        case .object(let members):
            let sorted = members.sorted { Array($0.key.utf8).lexicographicallyPrecedes(Array($1.key.utf8)) }
            writeContainer(sorted.map { ($0.key, $0.value) }, open: "{", close: "}", to: &output, indent: indent)
        }
    }

    private func writeContainer(_ members: [(String?, JSONValue)], open: String, close: String, to output: inout String, indent: String) {
        guard !members.isEmpty else {
            output += open + close
            return
        }
        let inner = indent + "  "
        output += open + "\n"
        for (position, (key, value)) in members.enumerated() {
            output += inner
            if let key {
                Self.write(string: key, to: &output)
                output += ": "
            }
            value.write(to: &output, indent: inner)
            output += position == members.count - 1 ? "\n" : ",\n"
        }
        output += indent + close
    }

    private static func write(string: String, to output: inout String) {
        output += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
