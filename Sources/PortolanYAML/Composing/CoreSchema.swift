/// How YAML 1.2's core schema reads a scalar: only plain, untagged scalars
/// (or explicitly tagged ones) are null, booleans or numbers; everything
/// quoted is a string. So `"25"` is a string and `0x19` is a number.
public enum CoreKind: Sendable, Equatable {
    case null, boolean, integer, float, string
}

extension Scalar {
    /// How the core schema reads the scalar: the one test of a scalar's kind,
    /// for the decoder and for messages (`kindDescription`).
    public var coreKind: CoreKind {
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
    public var isDecimalInteger: Bool { isPlain && CoreNumber.isDecimal(Substring(value)) }
}

/// The number syntaxes of the core schema, checked byte by byte.
public enum CoreNumber {
    public static func isDecimal(_ text: Substring) -> Bool {
        text.withUTF8Bytes { bytes in
            let start = bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") ? 1 : 0
            return digits(bytes, from: start, where: isDigit) == bytes.count && bytes.count > start
        }
    }

    /// `[-+]?[0-9]+`, `0o[0-7]+` or `0x[0-9a-fA-F]+`.
    public static func isInteger(_ text: String) -> Bool {
        if isDecimal(Substring(text)) { return true }
        return text.withUTF8Bytes { bytes in
            guard bytes.count > 2, bytes[0] == UInt8(ascii: "0") else { return false }
            switch bytes[1] {
            case UInt8(ascii: "o"): return digits(bytes, from: 2) { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "7") } == bytes.count
            case UInt8(ascii: "x"): return digits(bytes, from: 2, where: isHexDigit) == bytes.count
            default: return false
            }
        }
    }

    /// `[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?`, `[-+]?\.inf` or `.nan` (in three spellings each).
    public static func isFloat(_ text: String) -> Bool {
        switch text {
        case ".nan", ".NaN", ".NAN", ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF": return true
        default: break
        }
        return text.withUTF8Bytes { bytes in
            var index = bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") ? 1 : 0
            let integerEnd = digits(bytes, from: index, where: isDigit)
            var mantissaDigits = integerEnd - index
            index = integerEnd
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                let fractionEnd = digits(bytes, from: index + 1, where: isDigit)
                mantissaDigits += fractionEnd - index - 1
                index = fractionEnd
            }
            guard mantissaDigits > 0 else { return false }
            guard index < bytes.count else { return true }
            guard bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") else { return false }
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") { index += 1 }
            return index < bytes.count && digits(bytes, from: index, where: isDigit) == bytes.count
        }
    }

    /// The index after the run of bytes from `start` that satisfy `accept`.
    private static func digits(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, where accept: (UInt8) -> Bool) -> Int {
        var index = start
        while index < bytes.count, accept(bytes[index]) { index += 1 }
        return index
    }

    private static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "f"))
    }
}
