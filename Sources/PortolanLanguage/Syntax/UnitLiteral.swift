/// A literal of a whole number followed by a unit: sizes (`10MiB`) and
/// durations (`15m`). There is no sign and no fraction: `-5MB`, `1.5MB` and
/// `-1h` are not literals. Each kind lists its units and whether the unit may
/// be left out and parted from the number by one space.
struct UnitLiteral: Sendable {
    /// The units and their factors, in the order they are listed to users.
    let units: [(name: String, factor: Int)]
    /// True when a bare number is a literal (with the factor 1).
    let unitIsOptional: Bool
    /// True when one space may stand between the number and the unit.
    let allowsSpace: Bool

    /// Sizes in bytes: binary units are powers of 1024, decimal ones of 1000.
    static let size = UnitLiteral(
        units: [("B", 1), ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("KB", 1_000), ("MB", 1_000_000), ("GB", 1_000_000_000)],
        unitIsOptional: true, allowsSpace: true)

    /// Durations in seconds: `30s`, `15m`, `4h`, `1d`. The unit is required.
    static let duration = UnitLiteral(
        units: [("s", 1), ("m", 60), ("h", 3_600), ("d", 86_400)], unitIsOptional: false, allowsSpace: false)

    /// The pattern the JSON Schema states for the literal as a string.
    var pattern: String {
        let names = units.map(\.name).joined(separator: "|")
        return "^[0-9]+" + (allowsSpace ? " ?" : "") + "(" + names + ")" + (unitIsOptional ? "?" : "") + "$"
    }

    var unitNames: [String] { units.map(\.name) }

    enum Problem: Error, Equatable {
        /// Not of the form number-unit; `unit` is set when only the unit is wrong.
        case malformed(unit: String?)
        /// A valid literal whose value does not fit in a 64-bit integer.
        case tooLarge
    }

    /// The number `text` stands for, in the smallest unit (possibly 0: the caller checks the range).
    func value(_ text: String) -> Result<Int, Problem> {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        var value = 0
        var overflow = false
        while index < scalars.count, let digit = Self.digitValue(scalars[index]) {
            let (product, multiplyOverflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, addOverflow) = product.addingReportingOverflow(digit)
            overflow = overflow || multiplyOverflow || addOverflow
            value = sum
            index += 1
        }
        guard index > 0 else { return .failure(.malformed(unit: nil)) }
        if allowsSpace, index < scalars.count, scalars[index] == " " { index += 1 }
        let unitText = String(String.UnicodeScalarView(scalars[index...]))
        guard let factor = factor(of: unitText) else {
            let looksLikeUnit = !unitText.isEmpty && unitText.unicodeScalars.allSatisfy { $0.properties.isAlphabetic }
            return .failure(.malformed(unit: looksLikeUnit ? unitText : nil))
        }
        if text.hasSuffix(" ") { return .failure(.malformed(unit: nil)) }
        let (product, productOverflow) = value.multipliedReportingOverflow(by: factor)
        if overflow || productOverflow { return .failure(.tooLarge) }
        return .success(product)
    }

    /// `value` written with the largest unit that divides it (`900` is `15m`).
    func text(_ value: Int) -> String {
        let unit = units.filter { value % $0.factor == 0 }.max { $0.factor < $1.factor }
        guard let unit, value != 0 else { return "\(value)" + (unitIsOptional ? "" : units[0].name) }
        return "\(value / unit.factor)\(unit.name)"
    }

    func factor(of unit: String) -> Int? {
        if unit.isEmpty { return unitIsOptional ? 1 : nil }
        return units.first { $0.name == unit }?.factor
    }

    private static func digitValue(_ scalar: Unicode.Scalar) -> Int? {
        guard scalar.value >= 48, scalar.value <= 57 else { return nil }
        return Int(scalar.value - 48)
    }
}
