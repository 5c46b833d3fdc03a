import ArgumentParser
import PortolanDiagnostics

/// `portolan explain CODE`: the long explanation of a diagnostic code.
struct Explain: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Explain a diagnostic code: what it means, why it breaks mail, how to fix it.",
        discussion: "Without a code, lists every code with its title."
    )

    @Argument(help: "A diagnostic code such as PT401.")
    var code: String?

    func run() throws {
        guard let code else {
            for entry in Catalogue.entries {
                print("\(entry.code)  \(entry.severity.rawValue.padding(7))  \(entry.title)")
            }
            return
        }
        guard let entry = Catalogue.entry(for: DiagnosticCode(code.uppercased())) else {
            throw ValidationError("Unknown code '\(code)'. Run 'portolan explain' for the list of codes.")
        }
        print("\(entry.code) (\(entry.severity.rawValue)): \(entry.title)\n")
        print(entry.explanation)
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
