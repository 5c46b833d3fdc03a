/// How bad a diagnostic is. Errors make `check` and `build` fail; warnings only
/// with `--warnings-as-errors`.
public enum Severity: String, Sendable, Hashable, Codable {
    case error
    case warning
    case note
}

/// A stable diagnostic code such as `PT401`. Codes never change meaning once released.
public struct DiagnosticCode: RawRepresentable, Hashable, Sendable, Comparable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// A secondary message attached to a diagnostic, usually pointing at another
/// place involved in the problem (possibly in another file).
public struct DiagnosticNote: Hashable, Sendable {
    public var message: String
    public var span: SourceSpan?

    public init(_ message: String, at span: SourceSpan?) {
        self.message = message
        self.span = span
    }
}

/// One problem found in the input: a code, a severity, a one-line message, the
/// primary span, notes pointing at other places, and optional help on the fix.
public struct Diagnostic: Hashable, Sendable {
    public var code: DiagnosticCode
    public var severity: Severity
    public var message: String
    public var span: SourceSpan
    public var notes: [DiagnosticNote]
    public var help: String?

    /// A diagnostic of `code` with the catalogue's severity for it.
    public init(_ code: DiagnosticCode, _ message: String, at span: SourceSpan, notes: [DiagnosticNote] = [], help: String? = nil) {
        self.init(code, severity: code.severity, message, at: span, notes: notes, help: help)
    }

    /// A diagnostic of another severity than the catalogue's, or of a code
    /// it does not know: for the renderers' tests.
    public init(
        _ code: DiagnosticCode,
        severity: Severity,
        _ message: String,
        at span: SourceSpan,
        notes: [DiagnosticNote] = [],
        help: String? = nil
    ) {
        self.code = code
        self.severity = severity
        self.message = message
        self.span = span
        self.notes = notes
        self.help = help
    }
}

extension Diagnostic: Comparable {
    /// Diagnostics are reported in file order (files are numbered in path
    /// order), then by position, then by code, so that output is stable
    /// whatever order the checks ran in.
    public static func < (lhs: Diagnostic, rhs: Diagnostic) -> Bool {
        if lhs.span.file != rhs.span.file { return lhs.span.file < rhs.span.file }
        if lhs.span.start != rhs.span.start { return lhs.span.start < rhs.span.start }
        if lhs.code != rhs.code { return lhs.code < rhs.code }
        return lhs.message < rhs.message
    }
}

/// Counts of a list of diagnostics, as printed in every output format's summary.
public struct DiagnosticSummary: Hashable, Sendable {
    public var errors: Int
    public var warnings: Int

    public init(_ diagnostics: [Diagnostic]) {
        errors = diagnostics.lazy.filter { $0.severity == .error }.count
        warnings = diagnostics.lazy.filter { $0.severity == .warning }.count
    }

    /// `1 error, 2 warnings`
    public var text: String {
        "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s")"
    }
}

/// A diagnostic can be thrown or returned as the failure of a `Result`.
extension Diagnostic: Error {}
