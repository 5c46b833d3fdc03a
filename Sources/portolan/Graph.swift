import ArgumentParser
import Foundation
import PortolanCompiler

/// `portolan graph`: the SMTP edge graph as DOT or Mermaid, broken edges marked.
struct Graph: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print who sends SMTP to whom, with ports and modes; failing edges in red.",
        discussion: "Exit status as for check: the graph is printed even when the topology has errors."
    )

    @OptionGroup var input: InputOptions

    @Option(help: "Output format: dot or mermaid.")
    var format: GraphFormat = .dot

    enum GraphFormat: String, ExpressibleByArgument, CaseIterable { case dot, mermaid }

    func run() throws {
        let outcome = CheckPipeline.run(paths: input.paths, limits: input.limits)
        guard let model = outcome.model else {
            let status = OutputOptions().report(outcome)
            throw ExitCode(status.rawValue)
        }
        let graph = SMTPGraph(model: model)
        let text = format == .dot
            ? GraphRenderer.dot(nodes: graph.nodes, edges: graph.edges)
            : GraphRenderer.mermaid(nodes: graph.nodes, edges: graph.edges)
        FileHandle.standardOutput.write(Data(text.utf8))
        throw ExitCode(outcome.hasErrors ? ExitStatus.problems.rawValue : ExitStatus.clean.rawValue)
    }
}
