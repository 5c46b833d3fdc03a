import ArgumentParser
import Foundation
import PortolanCompiler
import PortolanDiagnostics

/// `portolan check`: reads and validates a topology, prints every diagnostic.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Validate a topology and print its diagnostics.",
        discussion: """
            Exit status: 0 no errors (warnings allowed), 1 errors (or warnings with \
            --warnings-as-errors), 2 usage error or no input could be read.
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var output: OutputOptions

    func run() throws {
        let outcome = input.pipeline.check(paths: input.paths)
        CompilerPipeline.exit(output.report(outcome).rawValue, keeping: outcome)
    }
}

extension OutputOptions {
    /// Prints the outcome's diagnostics on `stream` (standard output unless the
    /// command prints something else there) in the chosen format and returns the
    /// exit status they call for.
    func report(_ outcome: CheckOutcome, on stream: FileHandle = .standardOutput) -> ExitStatus {
        let options = RenderOptions(
            colour: DiagnosticRenderer.shouldUseColour(
                environment: ProcessInfo.processInfo.environment, isTerminal: isatty(stream.fileDescriptor) == 1),
            workingDirectory: FileManager.default.currentDirectoryPath,
            toolVersion: PortolanVersion.current)
        let text = DiagnosticRenderer.render(outcome.diagnostics, format: format, sources: outcome.sources, options: options)
        stream.write(Data(text.utf8))
        if outcome.nothingRead { return .unreadable }
        let summary = DiagnosticSummary(outcome.diagnostics)
        if summary.errors > 0 || (warningsAsErrors && summary.warnings > 0) { return .problems }
        return .clean
    }
}
