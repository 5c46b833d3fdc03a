import ArgumentParser
import Foundation
import PortolanBundle
import PortolanCompiler
import PortolanDiagnostics

/// `portolan plan`: what a build would change, host by host, like `terraform plan`.
struct Plan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show what a build would change in an existing output folder.",
        discussion: """
            Exit status: 0 no change, 2 changes, 1 errors in the topology or an input that \
            cannot be read (never 2, which a pipeline takes for "changes to deploy"). \
            Warnings are printed on standard error, the plan alone on standard output.
            """
    )

    @Option(name: .long, help: "The output folder of the previous build.")
    var from: String

    @OptionGroup var input: InputOptions

    @Option(help: "Output format: text or json.")
    var format: PlanFormat = .text

    enum PlanFormat: String, ExpressibleByArgument, CaseIterable { case text, json }

    func run() throws {
        let outcome = input.pipeline.check(paths: input.paths)
        guard !outcome.hasErrors, let model = outcome.model else {
            _ = OutputOptions(format: format == .json ? .json : .text).report(outcome)
            throw ExitCode(ExitStatus.problems.rawValue)
        }
        // Warnings go to standard error as text, so that standard output is the
        // plan alone (text or JSON) for whatever reads it.
        if DiagnosticSummary(outcome.diagnostics).warnings > 0 {
            _ = OutputOptions(format: .text).report(outcome, on: .standardError)
        }
        let plans: [HostPlan]
        do {
            plans = try input.pipeline.plan(model, from: from)
        } catch {
            FileHandle.standardError.write(Data("error: \(error.message)\n".utf8))
            throw ExitCode(ExitStatus.problems.rawValue)
        }
        let text = format == .json ? PlanRendering.json(plans) : PlanRendering.text(plans)
        FileHandle.standardOutput.write(Data(text.utf8))
        throw ExitCode(plans.isEmpty ? 0 : 2)
    }
}
