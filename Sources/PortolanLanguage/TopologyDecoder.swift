import PortolanDiagnostics
import PortolanYAML

/// The topology decoded from every input file, and the problems found doing so.
public struct DecodeResult: Sendable {
    public var topology: Topology
    public var diagnostics: [Diagnostic]

    public init(topology: Topology, diagnostics: [Diagnostic]) {
        self.topology = topology
        self.diagnostics = diagnostics
    }
}

/// Decodes the node trees of the input files into one `Topology`.
public enum TopologyDecoder {
    /// Decodes and merges `documents` (in input order).
    public static func decode(_ documents: [(file: String, root: Node)]) -> DecodeResult {
        DecodeResult(topology: Topology(), diagnostics: [])
    }
}
