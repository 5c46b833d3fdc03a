/// The compiler-style format for people: one block per diagnostic (header,
/// source line, carets, then notes and help the same way), a blank line
/// between blocks and a closing summary line. Password values on the lines
/// shown are masked (`PasswordMask`).
struct TextRenderer {
    let sources: SourceStore
    let options: RenderOptions

    func render(_ diagnostics: [Diagnostic]) -> String {
        let blocks = diagnostics.map(block(for:)) + [DiagnosticSummary(diagnostics).text + "\n"]
        return blocks.joined(separator: "\n")
    }

    private func block(for diagnostic: Diagnostic) -> String {
        let spans = [diagnostic.span] + diagnostic.notes.compactMap(\.span)
        // One gutter width per block keeps the `|` of a diagnostic and its notes aligned.
        let gutter = String(spans.map { sources.locations(of: $0).start.line }.max() ?? 1).count
        var lines = [header(diagnostic.span, label: "\(diagnostic.severity.rawValue)[\(diagnostic.code)]",
                            severity: diagnostic.severity, message: diagnostic.message)]
        lines += snippet(diagnostic.span, severity: diagnostic.severity, gutter: gutter)
        for note in diagnostic.notes {
            if let span = note.span {
                lines.append(header(span, label: "note", severity: .note, message: note.message))
                lines += snippet(span, severity: .note, gutter: gutter)
            } else {
                lines.append("  " + paint("note", .note) + ": " + note.message)
            }
        }
        if let help = diagnostic.help {
            lines.append("  help: " + help)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func header(_ span: SourceSpan, label: String, severity: Severity, message: String) -> String {
        let location = "\(options.displayPath(sources.path(of: span))):\(sources.locations(of: span).start)"
        return "\(location): \(paint(label, severity)): \(message)"
    }

    /// The source line and its carets, or nothing when the line is not available.
    private func snippet(_ span: SourceSpan, severity: Severity, gutter: Int) -> [String] {
        let range = sources.locations(of: span)
        guard let line = sources.line(range.start.line, of: sources.path(of: span)) else { return [] }
        let shown = PasswordMask(line)
        let endColumn = range.end.line == range.start.line ? shown.column(range.end.column, isEnd: true) : nil
        let snippet = SourceSnippet(line: shown.text, startColumn: shown.column(range.start.column), endColumn: endColumn)
        let number = String(range.start.line)
        let numberGutter = "   " + String(repeating: " ", count: gutter - number.count) + number + " |"
        let emptyGutter = "   " + String(repeating: " ", count: gutter) + " |"
        let carets = String(repeating: " ", count: snippet.caretStart)
            + paint(String(repeating: "^", count: snippet.caretCount), severity)
        return [
            snippet.text.isEmpty ? numberGutter : numberGutter + " " + snippet.text,
            emptyGutter + " " + carets,
        ]
    }

    private func paint(_ text: String, _ severity: Severity) -> String {
        guard options.colour else { return text }
        let colour = switch severity {
        case .error: "31"
        case .warning: "33"
        case .note: "36"
        }
        return "\u{1B}[1;\(colour)m\(text)\u{1B}[0m"
    }
}
