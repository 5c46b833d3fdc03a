import PortolanCompiler
import PortolanDiagnostics
import Testing

/// DOT and Mermaid as the renderers write them: quoting that survives any
/// name, and failing edges drawn red and dashed.
@Suite struct GraphRendererTests {
    static let nodes = [
        GraphNode(name: "hub", host: "hub.acme.example", isExternal: false),
        GraphNode(name: #"odd "name" \ |x|"#, host: "", isExternal: false),
        GraphNode(name: "isp", host: "smtp.isp.example", isExternal: true),
    ]
    static let edges = [
        GraphEdge(from: #"odd "name" \ |x|"#, to: "hub", kind: "relay", transport: "plain :25", codes: [DiagnosticCode("PT401")]),
        GraphEdge(from: "hub", to: "isp", kind: "relay", transport: "STARTTLS :25", codes: []),
    ]

    @Test func dotQuotesEveryName() {
        #expect(GraphRenderer.dot(nodes: Self.nodes, edges: Self.edges) == #"""
            digraph smtp {
              rankdir=LR;
              node [shape=box, fontname="Helvetica"];
              edge [fontname="Helvetica", fontsize=10];
              "hub" [label="hub\nhub.acme.example"];
              "odd \"name\" \\ |x|" [label="odd \"name\" \\ |x|"];
              "isp" [label="isp\nsmtp.isp.example", shape=ellipse, style=dashed];
              "odd \"name\" \\ |x|" -> "hub" [label="relay plain :25 PT401", color=red, fontcolor=red, style=dashed];
              "hub" -> "isp" [label="relay STARTTLS :25"];
            }

            """#)
    }

    @Test func mermaidUsesIdentifiersAndEntities() {
        #expect(GraphRenderer.mermaid(nodes: Self.nodes, edges: Self.edges) == #"""
            flowchart LR
              n0["hub<br/>hub.acme.example"]
              n1["odd #quot;name#quot; \ #124;x#124;"]
              n2(["isp<br/>smtp.isp.example"])
              n1 -.->|"relay plain :25 PT401"| n0
              n0 -->|"relay STARTTLS :25"| n2
              linkStyle 0 stroke:red,color:red

            """#)
    }
}
