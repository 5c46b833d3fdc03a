import ArgumentParser
import Foundation
import PortolanCompiler
import PortolanDiagnostics
import PortolanLanguage

/// The `portolan` command line: a thin layer over the library stages.
@main
struct Portolan: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "portolan",
        abstract: "Check and compile a mail estate's topology (servers, Internet Sites, SMTP ports), and serve SMTP from it.",
        version: PortolanVersion.current,
        subcommands: [
            Check.self, Build.self, Plan.self, Graph.self, Explain.self, Schema.self, Passwd.self, Serve.self, Sendmail.self, Queue.self, Up.self,
        ]
    )

    /// Runs the command the arguments name. Usage errors exit with 2, as every
    /// exit code of RULES.md is part of the interface.
    static func main() async {
        var arguments = Array(CommandLine.arguments.dropFirst())
        refuseUnknownCommand(arguments)
        // sendmail(1)'s `-oi` is `-i`.
        if arguments.first == "sendmail" { arguments = arguments.map { $0 == "-oi" ? "-i" : $0 } }
        var command: ParsableCommand
        do {
            command = try parseAsRoot(arguments)
        } catch {
            fail(with: error, showingUsage: true)
        }
        do {
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            fail(with: error, showingUsage: false)
        }
    }

    /// `portolan chek ...`: names the unknown command and the closest one, with
    /// the usage, and exits with 2 (the parser alone would only call every word
    /// an unexpected argument).
    static func refuseUnknownCommand(_ arguments: [String]) {
        guard let first = arguments.first, !first.hasPrefix("-") else { return }
        let names = configuration.subcommands.map { $0._commandName } + ["help"]
        guard !names.contains(first) else { return }
        var text = "Error: unknown command '\(first)'"
        if let close = Suggestion.closest(to: first, among: names, .names) { text += "; did you mean '\(close)'?" }
        text += "\n" + helpMessage().split(separator: "\n", omittingEmptySubsequences: false)
            .drop(while: { !$0.hasPrefix("USAGE:") }).prefix(1).joined() + "\n  See 'portolan --help' for the commands."
        FileHandle.standardError.write(Data((text + "\n").utf8))
        Foundation.exit(ExitStatus.unreadable.rawValue)
    }

    /// A usage error found while parsing is shown with the command's usage; one
    /// that a command finds while running (an empty password, an unknown code)
    /// is shown alone, since only the root's usage would be at hand.
    static func fail(with error: Error, showingUsage: Bool) -> Never {
        if let failure = error as? Failure {
            FileHandle.standardError.write(Data((failure.description + "\n").utf8))
            Foundation.exit(failure.status.rawValue)
        }
        guard exitCode(for: error) == .validationFailure else { exit(withError: error) }
        let text = showingUsage ? fullMessage(for: error) : "Error: " + message(for: error)
        FileHandle.standardError.write(Data((text + "\n").utf8))
        Foundation.exit(ExitStatus.unreadable.rawValue)
    }
}

/// The exit codes of RULES.md.
enum ExitStatus: Int32 {
    case clean = 0
    case problems = 1
    case unreadable = 2
}
