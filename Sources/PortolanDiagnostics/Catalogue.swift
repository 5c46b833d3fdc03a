/// The catalogue of every diagnostic code Portolan can report: its default
/// severity, a one-line title (SARIF's shortDescription) and the long
/// explanation printed by `portolan explain`.
public struct CatalogueEntry: Sendable, Hashable {
    public let code: DiagnosticCode
    public let severity: Severity
    public let title: String
    public let explanation: String
}

public enum Catalogue {
    public static let entries: [CatalogueEntry] = readingEntries + shapeEntries + referenceEntries
        + serverEntries + peerEntries + relayingEntries + hygieneEntries

    private static let index: [DiagnosticCode: CatalogueEntry] = Dictionary(
        uniqueKeysWithValues: entries.map { ($0.code, $0) })

    public static func entry(for code: DiagnosticCode) -> CatalogueEntry? { index[code] }

    static func make(_ code: String, _ severity: Severity, _ title: String, _ explanation: String) -> CatalogueEntry {
        CatalogueEntry(code: DiagnosticCode(code), severity: severity, title: title, explanation: explanation)
    }
}
