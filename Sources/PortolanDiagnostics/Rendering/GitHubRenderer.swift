/// The `github` format: one workflow command per diagnostic, which GitHub
/// Actions shows as an annotation on the file. GitHub keeps only the first 10
/// annotations of each kind in a step, so the rest are counted in a notice
/// instead of being silently lost; the plain summary line comes last.
struct GitHubRenderer {
    static let annotationsPerKind = 10

    /// What each span's file number stands for, and its lines.
    let sources: SourceStore
    let options: RenderOptions

    func render(_ diagnostics: [Diagnostic]) -> String {
        var lines: [String] = []
        var shown: [Severity: Int] = [:]
        for diagnostic in diagnostics where shown[diagnostic.severity, default: 0] < Self.annotationsPerKind {
            shown[diagnostic.severity, default: 0] += 1
            lines.append(command(for: diagnostic))
        }
        for severity in [Severity.error, .warning, .note] {
            let cut = diagnostics.filter { $0.severity == severity }.count - shown[severity, default: 0]
            if cut > 0 {
                let noun = cut == 1 ? severity.rawValue : severity.rawValue + "s"
                let object = cut == 1 ? "an annotation" : "annotations"
                lines.append("::notice::\(cut) more \(noun) not shown as \(object)")
            }
        }
        lines.append(DiagnosticSummary(diagnostics).text)
        return lines.joined(separator: "\n") + "\n"
    }

    private func command(for diagnostic: Diagnostic) -> String {
        let name = switch diagnostic.severity {
        case .error: "error"
        case .warning: "warning"
        case .note: "notice"
        }
        let span = diagnostic.span
        let range = sources.locations(of: span)
        var properties = [("file", options.displayPath(sources.path(of: span))), ("line", String(range.start.line))]
        // GitHub rejects columns on an annotation that spans several lines.
        if range.end.line == range.start.line {
            properties += [("col", String(range.start.column)), ("endLine", String(range.end.line)),
                           ("endColumn", String(range.end.column))]
        } else {
            properties += [("endLine", String(range.end.line))]
        }
        properties.append(("title", diagnostic.code.rawValue))
        let propertyText = properties.map { "\($0.0)=\(Self.escapedProperty($0.1))" }.joined(separator: ",")
        return "::\(name) \(propertyText)::\(Self.escapedData(message(for: diagnostic)))"
    }

    /// The message with its notes and help on the lines after it.
    private func message(for diagnostic: Diagnostic) -> String {
        var text = diagnostic.message
        for note in diagnostic.notes {
            text += "\nnote: " + note.message
            if let span = note.span {
                text += " (at \(options.displayPath(sources.path(of: span))):\(sources.locations(of: span).start))"
            }
        }
        if let help = diagnostic.help {
            text += "\nhelp: " + help
        }
        return text
    }

    /// Escaping of a workflow command's message, as in GitHub's actions toolkit.
    static func escapedData(_ text: String) -> String {
        var output = ""
        for character in text.unicodeScalars {
            switch character {
            case "%": output += "%25"
            case "\r": output += "%0D"
            case "\n": output += "%0A"
            default: output.unicodeScalars.append(character)
            }
        }
        return output
    }

    /// Escaping of a workflow command's property value: the message escaping
    /// plus the property separators.
    static func escapedProperty(_ text: String) -> String {
        var output = ""
        for character in escapedData(text).unicodeScalars {
            switch character {
            case ":": output += "%3A"
            case ",": output += "%2C"
            default: output.unicodeScalars.append(character)
            }
        }
        return output
    }
}
