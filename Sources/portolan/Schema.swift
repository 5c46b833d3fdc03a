import ArgumentParser
import PortolanLanguage

/// `portolan schema`: the JSON Schema of the topology language, for editors and
/// schema-only validators. `grammar/portolan.schema.json` is its output.
struct Schema: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the JSON Schema (2020-12) of one topology file."
    )

    func run() throws {
        print(TopologySchema.json(), terminator: "")
    }
}
