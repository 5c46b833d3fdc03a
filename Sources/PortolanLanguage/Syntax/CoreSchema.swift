import PortolanYAML

/// How YAML 1.2's core schema reads a scalar: only plain, untagged scalars
/// (or explicitly tagged ones) are null, booleans or numbers; everything
/// quoted is a string. So `"25"` is a string and `0x19` is a number.
enum CoreKind: Equatable {
    case null, boolean, integer, float, string
}

extension Scalar {
    var coreKind: CoreKind {
        switch tag {
        case YAMLTag.str?: return .string
        case YAMLTag.null?: return .null
        case YAMLTag.bool?: return .boolean
        case YAMLTag.int?: return .integer
        case YAMLTag.float?: return .float
        default: break
        }
        guard isPlain else { return .string }
        // Most values start with a letter that no null, boolean or number starts with.
        guard let first = value.utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"):
            return isNull ? .null : .string
        case UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"):
            return bool != nil ? .boolean : .string
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
            if CoreNumber.isInteger(value) { return .integer }
            return CoreNumber.isFloat(value) ? .float : .string
        default:
            return .string
        }
    }

    /// True for a plain scalar of decimal digits (with an optional sign), whatever its size.
    var isDecimalInteger: Bool { isPlain && CoreNumber.isDecimal(Substring(value)) }
}

/// The number syntaxes of the core schema.
enum CoreNumber {
    static func isDecimal(_ text: Substring) -> Bool {
        var digits = 0
        for (position, byte) in text.utf8.enumerated() {
            if position == 0, byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") { continue }
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return false }
            digits += 1
        }
        return digits > 0
    }

    static func isInteger(_ text: String) -> Bool {
        if isDecimal(Substring(text)) { return true }
        if text.hasPrefix("0o") { return text.count > 2 && text.dropFirst(2).allSatisfy { ("0"..."7").contains($0) } }
        if text.hasPrefix("0x") { return text.count > 2 && text.dropFirst(2).allSatisfy(\.isHexDigit) }
        return false
    }

    static func isFloat(_ text: String) -> Bool {
        switch text {
        case ".nan", ".NaN", ".NAN": return true
        default: break
        }
        let unsigned = text.first == "-" || text.first == "+" ? text.dropFirst() : Substring(text)
        if [".inf", ".Inf", ".INF"].contains(unsigned) { return true }
        let mantissaEnd = unsigned.firstIndex { $0 == "e" || $0 == "E" } ?? unsigned.endIndex
        let mantissa = unsigned[..<mantissaEnd]
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }) else { return false }
        let validMantissa = parts.count == 1 ? !parts[0].isEmpty : (!parts[0].isEmpty || !parts[1].isEmpty)
        guard validMantissa else { return false }
        guard mantissaEnd < unsigned.endIndex else { return true }
        return isDecimal(unsigned[unsigned.index(after: mantissaEnd)...])
    }
}
