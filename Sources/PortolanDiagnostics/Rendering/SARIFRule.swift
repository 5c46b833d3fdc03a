import PortolanJSON

/// A SARIF rule descriptor for one diagnostic code, built from the catalogue.
/// A code missing from the catalogue still gets a descriptor (its code as the
/// title) so that every result's ruleId names a rule.
struct SARIFRule {
    let code: DiagnosticCode
    let title: String
    let explanation: String
    let level: Severity

    init(code: DiagnosticCode, fallback severity: Severity) {
        let entry = Catalogue.entry(for: code)
        self.code = code
        title = entry?.title ?? code.rawValue
        explanation = entry?.explanation ?? ""
        level = entry?.severity ?? severity
    }

    var descriptor: JSONValue {
        let firstParagraph = explanation.split(separator: "\n\n", maxSplits: 1).first.map(String.init)
        return .object([
            "id": .string(code.rawValue),
            "name": .string(Self.upperCamelCase(title)),
            "shortDescription": .object(["text": .string(title)]),
            "fullDescription": .object(["text": .string(firstParagraph ?? title)]),
            "help": .object(["text": .string(explanation.isEmpty ? title : explanation)]),
            "defaultConfiguration": .object(["level": .string(level.rawValue)]),
        ])
    }

    /// `outbound TCP port differs from the peer's inbound port` becomes
    /// `OutboundTCPPortDiffersFromThePeersInboundPort`.
    static func upperCamelCase(_ title: String) -> String {
        title.filter { $0 != "'" && $0 != "\u{2019}" }
            .split { !$0.isLetter && !$0.isNumber }
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }
            .joined()
    }
}
