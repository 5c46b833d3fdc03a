import ArgumentParser
import Foundation
import PortolanCompiler

/// `portolan graph`: the SMTP edge graph as DOT or Mermaid, broken edges marked.
struct Graph: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print who sends SMTP to whom, with ports and modes; failing edges in red.",
        discussion: """
            Exit status as for check: the graph is printed even when the topology has errors. \
            Diagnostics go to standard error, so that standard output is only the graph.
            """
    )

    @OptionGroup var input: InputOptions

    @Option(help: "Output format: dot or mermaid.")
    var format: GraphFormat = .dot

    enum GraphFormat: String, ExpressibleByArgument, CaseIterable { case dot, mermaid }

    func run() throws {
        let outcome = input.pipeline.check(paths: input.paths)
        // An error that is on no edge must still say why the exit status is 1.
        let status = outcome.diagnostics.isEmpty ? .clean : OutputOptions(format: .text).report(outcome, on: .standardError)
        if let model = outcome.model {
            let graph = SMTPGraph(model: model)
            let text = format == .dot
                ? GraphRenderer.dot(nodes: graph.nodes, edges: graph.edges)
                : GraphRenderer.mermaid(nodes: graph.nodes, edges: graph.edges)
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        throw ExitCode(status.rawValue)
    }
}
