import PortolanDiagnostics
import PortolanYAML

/// Scalars with a syntax of their own: sizes, durations, host names and addresses, hashes.
extension ValueReader {
    /// A positive number of bytes: a plain integer, or a size literal (PT109).
    mutating func size(_ node: Node, _ place: Place) -> Int? {
        guard let scalar = node.scalar else { return nil }
        let bytes: Int
        switch scalar.coreKind {
        case .integer where scalar.isDecimalInteger:
            guard let value = scalar.integer else { return sizeOutOfRange(node, place) }
            bytes = value
        case .string, .float, .integer:
            switch UnitLiteral.size.value(scalar.value) {
            case .success(let value): bytes = value
            case .failure(.tooLarge): return sizeOutOfRange(node, place)
            case .failure(.malformed(let unit)):
                invalidSize(node, scalar.value, unit: unit, place)
                return nil
            }
        default:
            wrongType(node, expected: .size, at: place.path)
            return nil
        }
        guard bytes > 0 else { return sizeOutOfRange(node, place) }
        return bytes
    }

    /// A positive number of seconds: a whole number and a unit, such as `15m` (PT110).
    mutating func duration(_ node: Node, _ place: Place) -> Int? {
        guard let scalar = node.scalar else { return nil }
        let literal = UnitLiteral.duration
        switch scalar.coreKind {
        case .string, .integer, .float:
            switch literal.value(scalar.value) {
            case .success(let seconds) where seconds > 0: return seconds
            case .success:
                invalidDuration(node, place, "is \(Self.clipped(scalar.value)), not a duration: a duration is at least 1s", help: nil)
            case .failure(.tooLarge):
                invalidDuration(node, place, "is \(Self.clipped(scalar.value)), out of range: a duration is at most \(Int.max) seconds", help: nil)
            case .failure(.malformed(let unit)):
                let written = scalar.value
                var help = "write a whole number and one of \(literal.unitNames.joined(separator: ", ")) (no sign, no fraction), e.g. 15m"
                if !written.isEmpty, written.allSatisfy(\.isASCIIDigit) {
                    help = "add a unit: '\(written)s' is \(written) seconds"
                } else if let unit, let close = Suggestion.closest(to: unit, among: literal.unitNames) {
                    help = "did you mean '\(written.dropLast(unit.count))\(close)'?"
                }
                invalidDuration(node, place, "is '\(Self.clipped(written))', not a duration literal", help: help)
            }
            return nil
        default:
            wrongType(node, expected: .duration, at: place.path)
            return nil
        }
    }

    private mutating func invalidDuration(_ node: Node, _ place: Place, _ what: String, help: String?) {
        sink.report(.invalidDuration, "\(place.path) \(what)", at: node.span, help: help)
    }

    private mutating func sizeOutOfRange(_ node: Node, _ place: Place) -> Int? {
        sink.report(.outOfRange, "\(place.path) is \(Self.clipped(node.scalar?.value ?? "")), out of range: a size is 1 byte to \(Int.max) bytes",
               at: node.span)
        return nil
    }

    private mutating func invalidSize(_ node: Node, _ written: String, unit: String?, _ place: Place) {
        let unitNames = UnitLiteral.size.unitNames
        var help = "write a whole number of bytes, or a whole number and one of "
            + "\(unitNames.joined(separator: ", ")) (no sign, no fraction), e.g. 10MiB"
        if let unit, let close = Suggestion.closest(to: unit, among: unitNames) {
            help = "did you mean '\(written.dropLast(unit.count))\(close)'?"
        }
        sink.report(.invalidSize, "\(place.path) is '\(Self.clipped(written))', not a size literal", at: node.span, help: help)
    }

    /// A host name, an address, either, or a mail address (PT106).
    mutating func host(_ node: Node, _ type: ValueType, _ place: Place) -> String? {
        guard let scalar = node.scalar, scalar.coreKind == .string else {
            wrongType(node, expected: type, at: place.path)
            return nil
        }
        let problem: String?
        switch type {
        case .hostName: problem = HostSyntax.problem(scalar.value)
        case .address: problem = HostSyntax.addressProblem(scalar.value)
        case .mailAddress: problem = HostSyntax.mailAddressProblem(scalar.value)
        case .connectingHost: problem = HostSyntax.connectingHostProblem(scalar.value)
        default: problem = HostSyntax.hostOrAddressProblem(scalar.value)
        }
        guard let problem else { return scalar.value }
        sink.report(.invalidHost, "\(place.path) '\(Self.clipped(scalar.value))' is not \(type.expectation): \(problem)", at: node.span)
        return nil
    }

    /// A passlib pbkdf2_sha256 hash (PT107). The value never appears in a message.
    mutating func password(_ node: Node, _ place: Place) -> PasswordHash? {
        guard let scalar = node.scalar, scalar.coreKind == .string else {
            wrongType(node, expected: .passwordHash, at: place.path, echo: false)
            return nil
        }
        let message: String
        switch PasswordHashSyntax.parse(scalar.value) {
        case .success(let hash): return hash
        case .failure(.plaintext):
            message = "\(place.path) is not a password hash: plaintext passwords are refused"
        case .failure(.otherScheme(let scheme)):
            message = "\(place.path) is a \(scheme) hash; only passlib pbkdf2_sha256 hashes are supported"
        case .failure(.malformed(let reason)):
            message = "\(place.path) is not a valid pbkdf2_sha256 hash: \(reason)"
        }
        sink.report(.unsupportedPasswordHash, message, at: node.span, help: PasswordHashSyntax.howToMakeOne)
        return nil
    }
}
