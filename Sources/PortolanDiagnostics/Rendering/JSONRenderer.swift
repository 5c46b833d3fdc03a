import PortolanJSON

/// The `json` format: one object holding every diagnostic with its notes and a
/// summary, for scripts. Lines and columns are 1-based, columns count Unicode
/// scalars, and `end_line`/`end_column` are just past the span.
struct JSONRenderer {
    /// What each span's file number stands for.
    let files: SourceFiles
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
        return .object([
            "code": .string(diagnostic.code.rawValue),
            "severity": .string(diagnostic.severity.rawValue),
            "message": .string(diagnostic.message),
            "file": .string(options.displayPath(files.path(of: span))),
            "line": .int(span.start.line),
            "column": .int(span.start.column),
            "end_line": .int(span.end.line),
            "end_column": .int(span.end.column),
            "notes": .array(diagnostic.notes.map(object(for:))),
            "help": .optional(diagnostic.help),
        ])
    }

    private func object(for note: DiagnosticNote) -> JSONValue {
        .object([
            "message": .string(note.message),
            "file": .optional(note.span.map { options.displayPath(files.path(of: $0)) }),
            "line": .optional(note.span?.start.line),
            "column": .optional(note.span?.start.column),
        ])
    }
}
