/// A size literal: a whole number of bytes, optionally followed (with at most
/// one space) by a unit. Binary units are powers of 1024, decimal ones of 1000.
/// There is no sign and no fraction: `-5MB` and `1.5MB` are not sizes.
enum SizeLiteral {
    /// The units and their factors, in the order they are listed to users.
    static let units: [(name: String, factor: Int)] = [
        ("B", 1), ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30),
        ("KB", 1_000), ("MB", 1_000_000), ("GB", 1_000_000_000),
    ]

    /// The pattern the JSON Schema states for size strings.
    static let pattern = "^[0-9]+ ?(B|KiB|MiB|GiB|KB|MB|GB)?$"

    enum Problem: Error, Equatable {
        /// Not of the form number-unit; `unit` is set when only the unit is wrong.
        case malformed(unit: String?)
        /// A valid literal whose value does not fit in a 64-bit integer.
        case tooLarge
    }

    /// The number of bytes `text` stands for (possibly 0: the caller checks the range).
    static func bytes(_ text: String) -> Result<Int, Problem> {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        var value = 0
        var overflow = false
        while index < scalars.count, let digit = digitValue(scalars[index]) {
            let (product, multiplyOverflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, addOverflow) = product.addingReportingOverflow(digit)
            overflow = overflow || multiplyOverflow || addOverflow
            value = sum
            index += 1
        }
        guard index > 0 else { return .failure(.malformed(unit: nil)) }
        if index < scalars.count, scalars[index] == " " { index += 1 }
        let unitText = String(String.UnicodeScalarView(scalars[index...]))
        guard let factor = factor(of: unitText) else {
            let looksLikeUnit = !unitText.isEmpty && unitText.unicodeScalars.allSatisfy { $0.properties.isAlphabetic }
            return .failure(.malformed(unit: looksLikeUnit ? unitText : nil))
        }
        if text.hasSuffix(" ") { return .failure(.malformed(unit: nil)) }
        let (bytes, productOverflow) = value.multipliedReportingOverflow(by: factor)
        if overflow || productOverflow { return .failure(.tooLarge) }
        return .success(bytes)
    }

    static func factor(of unit: String) -> Int? {
        if unit.isEmpty { return 1 }
        return units.first { $0.name == unit }?.factor
    }

    private static func digitValue(_ scalar: Unicode.Scalar) -> Int? {
        guard scalar.value >= 48, scalar.value <= 57 else { return nil }
        return Int(scalar.value - 48)
    }
}
