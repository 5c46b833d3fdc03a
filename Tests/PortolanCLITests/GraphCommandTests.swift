import Foundation
import PortolanTestSupport
import Testing

/// `portolan graph`: who sends SMTP to whom, as Graphviz DOT and as Mermaid,
/// with the edges that fail a check drawn red and dashed.
@Suite struct GraphCommandTests {
    static let formats = [("dot", "dot"), ("mermaid", "mmd")]

    @Test(arguments: formats)
    func relayPort26(format: String, fileExtension: String) throws {
        let workspace = try Workspace()
        let run = try workspace.portolan("graph", try workspace.copyExample("relay-port-26"), "--format", format)
        #expect(run.status == 0, "\(run.error)")
        #expect(run.error.isEmpty)
        try golden.check(run.output, matches: "graph/relay-port-26.\(fileExtension)")
    }

    @Test(arguments: formats)
    func aSpokeSendingOnPort25IsABrokenEdge(format: String, fileExtension: String) throws {
        let workspace = try Workspace()
        let run = try workspace.portolan("graph", try workspace.relayPort26WithSpokeBOn25(), "--format", format)
        #expect(run.status == 1)
        #expect(run.error.hasPrefix("src/relay-port-26/topology.yaml:47:22: error[PT401]: "), "\(run.error)")
        try golden.check(run.output, matches: "graph/relay-port-26-spoke-b-on-25.\(fileExtension)")
        let edge = run.output.split(separator: "\n").filter { $0.contains("PT401") }
        #expect(edge.count == 1)
        if format == "dot" {
            #expect(edge.first?.hasPrefix("  \"spoke-b\" -> \"hub\" ") == true && edge.first?.contains("color=red") == true
                && edge.first?.contains("style=dashed") == true, "\(edge)")
        } else {
            #expect(edge.first?.contains("n2 -.->") == true, "\(edge)")
            #expect(run.output.hasSuffix("  linkStyle 2 stroke:red,color:red\n"))
        }
    }

    /// An error that is on no edge still explains the exit status, on standard
    /// error, while standard output stays a graph.
    @Test func anErrorOffTheEdgesIsReportedOnStandardError() throws {
        let workspace = try Workspace()
        let minimal = try workspace.copyExample("minimal")
        try workspace.edit(minimal + "/topology.yaml", replacing: "servers:", with: "groups:\n  nobody: [nemo]\n\nservers:")
        let run = try workspace.portolan("graph", minimal)
        #expect(run.status == 1)
        #expect(run.error.contains("error[PT202]"), "\(run.error)")
        #expect(run.output.hasPrefix("digraph smtp {\n") && run.output.hasSuffix("}\n"))
    }

    @Test func aPathThatCannotBeReadGivesNoGraph() throws {
        let run = try (try Workspace()).portolan("graph", "missing.yaml")
        #expect(run.status == 2)
        #expect(run.output.isEmpty)
        #expect(run.error.hasPrefix("missing.yaml:1:1: error[PT005]: missing.yaml does not exist\n"), "\(run.error)")
    }

    /// Graphviz reads both graphs (CI installs it: .ci/install-deps).
    @Test(arguments: [false, true])
    func graphvizDrawsTheDOT(broken: Bool) throws {
        let workspace = try Workspace()
        let source = broken ? try workspace.relayPort26WithSpokeBOn25() : try workspace.copyExample("relay-port-26")
        let graph = try workspace.portolan("graph", source)
        let svg = try Tool.run("dot", ["-Tsvg"], input: graph.outputData)
        #expect(svg.status == 0, "dot -Tsvg failed (is Graphviz installed?): \(svg.error)")
        #expect(svg.error.isEmpty, "\(svg.error)")
        #expect(svg.output.contains("<svg") && svg.output.contains("<title>spoke&#45;b&#45;&gt;hub</title>"))
        #expect(svg.output.contains("stroke=\"red\" stroke-dasharray") == broken)
    }

    /// docs/COMMANDS.md shows the estate's mail flow as `graph` draws it today.
    @Test func theDocumentedMermaidPictureIsTheEstatesGraph() throws {
        let run = try Repository.portolan("graph", "examples/estate", "--format", "mermaid")
        #expect(run.status == 0)
        let page = try String(contentsOf: Repository.root.appendingPathComponent("docs/COMMANDS.md"), encoding: .utf8)
        #expect(page.contains("```mermaid\n" + run.output + "```\n"), "docs/COMMANDS.md's mermaid block is not what graph prints")
    }
}

extension Workspace {
    /// A copy of examples/relay-port-26 in which spoke-b still sends on 25 (PT401).
    func relayPort26WithSpokeBOn25() throws -> String {
        let relay = try copyExample("relay-port-26")
        try edit(relay + "/topology.yaml", after: "  spoke-b:",
                 replacing: "tcp: { port: 26, mode: enabled }", with: "tcp: { port: 25, mode: enabled }")
        return relay
    }
}
