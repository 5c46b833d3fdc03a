import PortolanDiagnostics

/// A host in the SMTP graph.
public struct GraphNode: Sendable, Hashable {
    public var name: String
    public var host: String
    public var isExternal: Bool

    public init(name: String, host: String, isExternal: Bool) {
        self.name = name
        self.host = host
        self.isExternal = isExternal
    }
}

/// An SMTP edge: `from` sends to `to` as its relay, by a route, or within the domain.
public struct GraphEdge: Sendable, Hashable {
    public var from: String
    public var to: String
    /// `relay`, `route` or `within domain`.
    public var kind: String
    /// How the sender reaches the peer: `plain :25`, `STARTTLS :25`, `SSL :465`.
    public var transport: String
    /// The PT4xx codes that fail on this edge; a failing edge is drawn red and dashed.
    public var codes: [DiagnosticCode]

    public init(from: String, to: String, kind: String, transport: String, codes: [DiagnosticCode]) {
        self.from = from
        self.to = to
        self.kind = kind
        self.transport = transport
        self.codes = codes
    }

    var label: String {
        ([kind, transport] + codes.map(\.rawValue)).joined(separator: " ")
    }
}

/// Draws the SMTP edge graph as Graphviz DOT or as Mermaid (which GitHub renders
/// in Markdown). Nodes and edges come out in the order given, so output is stable.
public enum GraphRenderer {
    public static func dot(nodes: [GraphNode], edges: [GraphEdge]) -> String {
        var lines = ["digraph smtp {", "  rankdir=LR;", "  node [shape=box, fontname=\"Helvetica\"];",
                     "  edge [fontname=\"Helvetica\", fontsize=10];"]
        for node in nodes {
            let shape = node.isExternal ? ", shape=ellipse, style=dashed" : ""
            let label = node.host.isEmpty ? dotEscape(node.name) : dotEscape(node.name) + "\\n" + dotEscape(node.host)
            lines.append("  \(dotQuote(node.name)) [label=\"\(label)\"\(shape)];")
        }
        for edge in edges {
            let style = edge.codes.isEmpty ? "" : ", color=red, fontcolor=red, style=dashed"
            lines.append("  \(dotQuote(edge.from)) -> \(dotQuote(edge.to)) [label=\(dotQuote(edge.label))\(style)];")
        }
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }

    public static func mermaid(nodes: [GraphNode], edges: [GraphEdge]) -> String {
        var identifiers: [String: String] = [:]
        for (index, node) in nodes.enumerated() { identifiers[node.name] = "n\(index)" }
        var lines = ["flowchart LR"]
        for node in nodes {
            let id = identifiers[node.name]!
            let label = mermaidText(node.host.isEmpty ? node.name : node.name + "<br/>" + node.host)
            lines.append(node.isExternal ? "  \(id)([\"\(label)\"])" : "  \(id)[\"\(label)\"]")
        }
        var failing: [Int] = []
        for (index, edge) in edges.enumerated() {
            guard let from = identifiers[edge.from], let to = identifiers[edge.to] else { continue }
            let label = mermaidText(edge.label)
            if edge.codes.isEmpty {
                lines.append("  \(from) -->|\"\(label)\"| \(to)")
            } else {
                lines.append("  \(from) -.->|\"\(label)\"| \(to)")
                failing.append(index)
            }
        }
        if !failing.isEmpty {
            lines.append("  linkStyle \(failing.map(String.init).joined(separator: ",")) stroke:red,color:red")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func dotQuote(_ text: String) -> String { "\"" + dotEscape(text) + "\"" }

    static func dotEscape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// Mermaid labels in double quotes take HTML entities for quotes.
    static func mermaidText(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "\"": escaped += "#quot;"
            case "|": escaped += "#124;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
