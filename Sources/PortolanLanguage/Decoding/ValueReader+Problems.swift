import PortolanDiagnostics
import PortolanYAML

/// The wording of shape problems: what was expected, what was found.
extension ValueReader {
    /// PT102, with a hint when the value is a quoted number or a YAML 1.1 boolean.
    /// `echo` false keeps the value out of the message (passwords).
    mutating func wrongType(_ node: Node, expected type: ValueType, at path: String, echo: Bool = true) {
        let found = echo ? Self.found(node) : node.kindDescription
        sink.report(.wrongType, "expected \(type.expectation) for \(Self.display(path)), found \(found)", at: node.span,
               help: Self.typeHint(node, expected: type))
    }

    mutating func unknownKey(_ key: Node, in definition: ObjectDefinition, path: String) {
        let name = key.scalar?.value ?? ""
        let place = path.isEmpty ? "at the top level" : "in \(path)"
        let help = Suggestion.didYouMean(name, among: definition.fieldNames)
            ?? "the keys \(place) are: " + definition.fieldNames.joined(separator: ", ")
        sink.report(.unknownKey, "unknown key '\(Self.clipped(name))' \(place)", at: key.span, help: help)
    }

    /// "a string 'abc'", "an integer '70000'", "a list".
    static func found(_ node: Node) -> String {
        guard let scalar = node.scalar, !scalar.isNull else { return node.kindDescription }
        return "\(node.kindDescription) '\(clipped(scalar.value))'"
    }

    static func display(_ path: String) -> String { path.isEmpty ? "the top level" : path }

    /// At most 40 characters of a value, for messages.
    static func clipped(_ text: String) -> String {
        let limit = 40
        guard text.count > limit else { return text }
        return String(text.prefix(limit)) + "..."
    }

    private static func typeHint(_ node: Node, expected type: ValueType) -> String? {
        guard let scalar = node.scalar else { return nil }
        let unquoted = Scalar(scalar.value).coreKind
        switch type {
        case .port, .portOrOff, .version, .size:
            if !scalar.isPlain, unquoted == .integer { return "quoted values are strings: write \(scalar.value) without quotes" }
            if scalar.isPlain, scalar.coreKind == .integer || scalar.coreKind == .float { return "write a whole number in decimal" }
        case .boolean:
            if !scalar.isPlain, unquoted == .boolean { return "quoted values are strings: write \(scalar.value) without quotes" }
            if scalar.isPlain, yaml11Booleans.contains(scalar.value) {
                return "YAML 1.2 booleans are true and false; '\(scalar.value)' is a string"
            }
        case .string:
            if scalar.isPlain, scalar.coreKind != .string, scalar.coreKind != .null {
                return "quote the value to make it a string: '\(clipped(scalar.value))'"
            }
        default:
            break
        }
        return nil
    }

    private static let yaml11Booleans: Set<String> = [
        "yes", "no", "on", "off", "y", "n", "Yes", "No", "On", "Off", "YES", "NO", "ON", "OFF",
    ]
}
