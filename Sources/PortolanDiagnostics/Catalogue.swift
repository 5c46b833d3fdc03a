/// The catalogue of every diagnostic code Portolan can report: its default
/// severity, a one-line title (SARIF's shortDescription) and the long
/// explanation printed by `portolan explain`.
public struct CatalogueEntry: Sendable, Hashable {
    public let code: DiagnosticCode
    public let severity: Severity
    public let title: String
    public let explanation: String
    /// What the problem leaves of the file it is found in.
    public let reading: Reading

    /// What a problem leaves of its file.
    public enum Reading: Sendable, Hashable {
        /// The rest of the file is read and checked.
        case goesOn
        /// Reading stops here: the file gives no topology, and no rule runs
        /// on the estate.
        case stops
        /// The file was not read at all (`check` exits 2 when no file was);
        /// it gives no topology either.
        case neverRead
    }
}

public enum Catalogue {
    public static let entries: [CatalogueEntry] = readingEntries + shapeEntries + referenceEntries
        + serverEntries + peerEntries + relayingEntries + hygieneEntries

    private static let index: [DiagnosticCode: CatalogueEntry] = Dictionary(
        uniqueKeysWithValues: entries.map { ($0.code, $0) })

    public static func entry(for code: DiagnosticCode) -> CatalogueEntry? { index[code] }

    static func make(
        _ code: DiagnosticCode, _ severity: Severity, _ title: String, _ explanation: String, reading: CatalogueEntry.Reading = .goesOn
    ) -> CatalogueEntry {
        CatalogueEntry(code: code, severity: severity, title: title, explanation: explanation, reading: reading)
    }
}

extension DiagnosticCode {
    /// The catalogue says reading stops at this code: its file gives no topology.
    public var stopsReading: Bool { (Catalogue.entry(for: self)?.reading ?? .goesOn) != .goesOn }
    /// The catalogue says a file with this code was not read at all.
    public var meansNotRead: Bool { Catalogue.entry(for: self)?.reading == .neverRead }
    /// The catalogue's severity; an error for a code it does not know.
    public var severity: Severity { Catalogue.entry(for: self)?.severity ?? .error }
}

/// Where a stage puts what it finds: every diagnostic with its code's
/// severity from the catalogue, and whether one of them ends the reading of
/// its file (the catalogue's `reading`).
public struct DiagnosticSink: Sendable {
    public private(set) var diagnostics: [Diagnostic] = []
    /// A problem was reported after which the file gives no topology.
    public private(set) var readingStopped = false

    public init() {}

    public mutating func report(
        _ code: DiagnosticCode, _ message: String, at span: SourceSpan, notes: [DiagnosticNote] = [], help: String? = nil
    ) {
        append(Diagnostic(code, message, at: span, notes: notes, help: help))
    }

    public mutating func append(_ diagnostic: Diagnostic) {
        diagnostics.append(diagnostic)
        if diagnostic.code.stopsReading { readingStopped = true }
    }

    public mutating func append(contentsOf found: some Sequence<Diagnostic>) {
        for diagnostic in found { append(diagnostic) }
    }
}
