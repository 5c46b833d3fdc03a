import PortolanJSON

/// The `json` format: one object holding every diagnostic with its notes and a
/// summary, for scripts. Lines and columns are 1-based, columns count Unicode
/// scalars, and `end_line`/`end_column` are just past the span.
struct JSONRenderer {
    /// What each span's file number stands for, and its lines.
    let sources: SourceStore
    let options: RenderOptions

    func render(_ diagnostics: [Diagnostic]) -> String {
        let summary = DiagnosticSummary(diagnostics)
        let document: JSONValue = .object([
            "diagnostics": .array(diagnostics.map(object(for:))),
            "summary": .object(["errors": .int(summary.errors), "warnings": .int(summary.warnings)]),
        ])
        return document.serialised() + "\n"
    }

    private func object(for diagnostic: Diagnostic) -> JSONValue {
        let span = diagnostic.span
        let range = sources.locations(of: span)
        return .object([
            "code": .string(diagnostic.code.rawValue),
            "severity": .string(diagnostic.severity.rawValue),
            "message": .string(diagnostic.message),
            "file": .string(options.displayPath(sources.path(of: span))),
            "line": .int(range.start.line),
            "column": .int(range.start.column),
            "end_line": .int(range.end.line),
            "end_column": .int(range.end.column),
            "notes": .array(diagnostic.notes.map(object(for:))),
            "help": .optional(diagnostic.help),
        ])
    }

    private func object(for note: DiagnosticNote) -> JSONValue {
        let start = note.span.map { sources.locations(of: $0).start }
        return .object([
            "message": .string(note.message),
            "file": .optional(note.span.map { options.displayPath(sources.path(of: $0)) }),
            "line": .optional(start?.line),
            "column": .optional(start?.column),
        ])
    }
}
