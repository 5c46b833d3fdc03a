import PortolanCompiler
import PortolanDiagnostics
import PortolanLanguage
import PortolanYAML

/// A topology written as YAML in a test, decoded by the real decoder and checked.
struct YAMLFixture {
    let source: String
    let topology: Topology
    let decodeDiagnostics: [Diagnostic]
    let diagnostics: [Diagnostic]

    init(_ text: String, file: String = "t.yaml") {
        source = text
        let read = YAMLReader().read(bytes: Array(text.utf8), file: file)
        let documents = read.root.map { [(file: file, root: $0)] } ?? []
        let decoded = TopologyDecoder.decode(documents)
        topology = decoded.topology
        decodeDiagnostics = read.diagnostics + decoded.diagnostics
        diagnostics = Checker.check(topology)
    }
}
