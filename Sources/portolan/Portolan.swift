import ArgumentParser
import Foundation
import PortolanDiagnostics

/// The `portolan` command line: a thin layer over the library stages.
@main
struct Portolan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "portolan",
        abstract: "Check and compile a mail estate's topology (servers, Internet Sites, SMTP ports), and serve SMTP from it.",
        version: PortolanVersion.current,
        subcommands: [Check.self, Build.self, Plan.self, Graph.self, Explain.self, Schema.self, Passwd.self, Serve.self]
    )

    /// Runs the command the arguments name. Usage errors exit with 2, as every
    /// exit code of RULES.md is part of the interface.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            if exitCode(for: error) == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(ExitStatus.unreadable.rawValue)
            }
            exit(withError: error)
        }
    }
}

/// The exit codes of RULES.md.
enum ExitStatus: Int32 {
    case clean = 0
    case problems = 1
    case unreadable = 2
}
