import ArgumentParser
import Foundation
import PortolanBundle
import PortolanCompiler
import PortolanDiagnostics

/// `portolan build`: checks the topology and, when it has no errors, writes one
/// bundle per server and the manifest.
struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Compile a topology into one runtime bundle per server.",
        discussion: """
            Writes OUT/<server>/bundle.json and OUT/manifest.json. Nothing is written when \
            the topology has errors. Unchanged bundles are left untouched; bundles of \
            servers no longer in the topology are removed. When OUT/manifest.json was \
            written from the same sources and compiler with OUT in the same place, and OUT \
            holds exactly the bundles it lists, build stops after the check and writes \
            nothing. Exit status as for check.
            """
    )

    @OptionGroup var input: InputOptions
    @OptionGroup var output: OutputOptions

    @Option(name: .long, help: "The output folder.")
    var out: String

    func run() throws {
        var status = ExitStatus.clean
        let built: BuildOutcome
        do {
            built = try input.pipeline.build(.paths(input.paths), into: out) { outcome in
                status = output.report(outcome)
                return status == .clean
            }
        } catch {
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            throw ExitCode(ExitStatus.unreadable.rawValue)
        }
        guard let summary = built.summary else { throw ExitCode(status.rawValue) }
        output.printSummary(summary.line)
        CompilerPipeline.exit(ExitStatus.clean.rawValue, keeping: built)
    }
}

extension OutputOptions {
    /// A closing line for people: on standard output after text diagnostics, on
    /// standard error when standard output carries JSON or SARIF.
    func printSummary(_ line: String) {
        let handle = format == .text || format == .github ? FileHandle.standardOutput : FileHandle.standardError
        handle.write(Data((line + "\n").utf8))
    }
}
