import PortolanDiagnostics
import PortolanYAML

/// Scalars: the checks of PT102 and PT104-PT110.
extension ValueReader {
    static let portRange = 1...65535

    mutating func readScalar(_ node: Node, as type: ValueType, at place: Place) -> Located<FieldValue>? {
        guard let scalar = node.scalar, !scalar.isNull else {
            wrongType(node, expected: type, at: place.path, echo: !type.isSecret)
            return nil
        }
        let value: FieldValue?
        switch type {
        case .string: value = text(node, type, place).map(FieldValue.string)
        case .boolean: value = boolean(node, place).map(FieldValue.boolean)
        case .version(let supported): value = version(node, supported: supported, place).map(FieldValue.integer)
        case .port: value = integer(node, type, in: Self.portRange, place).map(FieldValue.integer)
        case .portOrOff: value = portOrOff(node, place)
        case .size: value = size(node, place).map(FieldValue.integer)
        case .duration: value = duration(node, place).map(FieldValue.integer)
        case .choice(let cases): value = choice(node, cases, place).map(FieldValue.string)
        case .hostName, .address, .hostOrAddress, .connectingHost, .mailAddress: value = host(node, type, place).map(FieldValue.string)
        case .passwordHash: value = password(node, place).map(FieldValue.password)
        case .list, .namedMap, .object: value = nil
        }
        return value.map { Located(field: $0, at: node.span) }
    }

    /// The scalar's text when YAML reads it as a string; PT102 otherwise.
    private mutating func text(_ node: Node, _ type: ValueType, _ place: Place) -> String? {
        guard let scalar = node.scalar, scalar.coreKind == .string else {
            wrongType(node, expected: type, at: place.path, echo: !type.isSecret)
            return nil
        }
        return scalar.value
    }

    private mutating func boolean(_ node: Node, _ place: Place) -> Bool? {
        guard let value = node.scalar?.bool else {
            wrongType(node, expected: .boolean, at: place.path)
            return nil
        }
        return value
    }

    /// A decimal integer within `range`: PT102 when it is not one, PT104 when
    /// it is out of range (however many digits it has).
    private mutating func integer(_ node: Node, _ type: ValueType, in range: ClosedRange<Int>, _ place: Place) -> Int? {
        if let scalar = node.scalar, scalar.isPlain, let value = Int(scalar.value), range.contains(value) { return value }
        guard let scalar = node.scalar, scalar.coreKind == .integer, scalar.isDecimalInteger || scalar.integer != nil else {
            wrongType(node, expected: type, at: place.path)
            return nil
        }
        guard let value = scalar.integer, range.contains(value) else {
            outOfRange(node, scalar.value, range: "\(range.lowerBound)-\(range.upperBound)", place)
            return nil
        }
        return value
    }

    private mutating func outOfRange(_ node: Node, _ written: String, range: String, _ place: Place) {
        sink.report(.outOfRange, "\(place.path) is \(Self.clipped(written)), out of range \(range)", at: node.span)
    }

    private mutating func version(_ node: Node, supported: [Int], _ place: Place) -> Int? {
        guard let scalar = node.scalar, scalar.coreKind == .integer, scalar.isDecimalInteger || scalar.integer != nil else {
            wrongType(node, expected: .version(supported: supported), at: place.path)
            return nil
        }
        guard let version = scalar.integer, supported.contains(version) else {
            let list = supported.map(String.init).joined(separator: ", ")
            sink.report(.unsupportedVersion, "unsupported language version \(Self.clipped(scalar.value)); this Portolan reads version \(list)",
                   at: node.span, help: "write 'portolan: \(supported.last ?? 1)'")
            return nil
        }
        return version
    }

    private mutating func portOrOff(_ node: Node, _ place: Place) -> FieldValue? {
        if node.scalar?.bool == false { return .off }
        if node.scalar?.coreKind == .integer {
            return integer(node, .portOrOff, in: Self.portRange, place).map(FieldValue.integer)
        }
        wrongType(node, expected: .portOrOff, at: place.path)
        return nil
    }

    private mutating func choice(_ node: Node, _ cases: [String], _ place: Place) -> String? {
        guard let scalar = node.scalar else { return nil }
        if scalar.coreKind == .string || scalar.coreKind == .boolean, cases.contains(scalar.value) { return scalar.value }
        let help = Suggestion.didYouMean(scalar.value, among: cases) ?? "write one of " + cases.joined(separator: ", ")
        sink.report(.notAllowedValue, "\(place.path) is '\(Self.clipped(scalar.value))', not one of \(cases.joined(separator: ", "))",
               at: node.span, help: help)
        return nil
    }
}

extension ValueType {
    /// A password never appears in a message.
    var isSecret: Bool {
        if case .passwordHash = self { return true }
        return false
    }
}
