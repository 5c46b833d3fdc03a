/// Turns a list of diagnostics into the output of one `--format`. Rendering
/// never reorders, drops or merges diagnostics (except the GitHub format's cap
/// on annotations), and every result ends with a newline.
public enum DiagnosticRenderer {
    /// Renders diagnostics (already sorted by the caller) in the given format; the result ends with a newline.
    public static func render(
        _ diagnostics: [Diagnostic],
        format: OutputFormat,
        sources: SourceStore,
        options: RenderOptions
    ) -> String {
        // Every format gives lines and columns: find the lines of the files
        // the diagnostics point into once, not once per span.
        var sources = sources
        sources.indexLines(of: diagnostics)
        return switch format {
        case .text: TextRenderer(sources: sources, options: options).render(diagnostics)
        case .json: JSONRenderer(sources: sources, options: options).render(diagnostics)
        case .sarif: SARIFRenderer(sources: sources, options: options).render(diagnostics)
        case .github: GitHubRenderer(sources: sources, options: options).render(diagnostics)
        }
    }

    /// Whether colour should be used: stdout is a terminal and NO_COLOR is unset or empty (see no-color.org).
    public static func shouldUseColour(environment: [String: String], isTerminal: Bool) -> Bool {
        isTerminal && (environment["NO_COLOR"] ?? "").isEmpty
    }
}
