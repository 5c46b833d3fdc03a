import ArgumentParser
import Foundation
import PortolanBundle

/// `portolan passwd`: makes a password hash for a user's `password:` field.
struct Passwd: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read a password on standard input and print its pbkdf2_sha256 hash.",
        discussion: """
            The hash is in passlib's pbkdf2_sha256 format with a random salt, so passlib \
            verifies it and Portolan verifies passlib's. On a terminal the password is \
            asked for twice and not echoed; otherwise the first line of standard input is read.
            """
    )

    @Option(help: "PBKDF2 rounds (at least 210,000).")
    var rounds = 600_000

    @Option(help: ArgumentHelp("Check the password against this hash instead: exit 0 when it matches, 1 when not.", valueName: "hash"))
    var verify: String?

    func validate() throws {
        guard rounds >= 210_000, rounds <= 100_000_000 else {
            throw ValidationError("--rounds must be between 210,000 and 100,000,000.")
        }
    }

    func run() throws {
        let password: String
        if isatty(STDIN_FILENO) == 1 {
            let first = try Terminal.readSecret(prompt: "Password: ")
            let second = verify == nil ? try Terminal.readSecret(prompt: "Again: ") : first
            guard first == second else { throw ValidationError("The two passwords differ.") }
            password = first
        } else {
            guard let line = readLine(strippingNewline: true) else { throw ValidationError("No password on standard input.") }
            password = line.hasSuffix("\r") ? String(line.dropLast()) : line
        }
        guard !password.isEmpty else { throw ValidationError("The password is empty.") }
        if let verify {
            guard PasswordHashing.parse(verify) != nil else { throw ValidationError("'\(verify)' is not a pbkdf2_sha256 hash.") }
            let matches = PasswordHashing.verify(password: password, against: verify)
            print(matches ? "match" : "no match")
            throw ExitCode(matches ? 0 : 1)
        }
        print(PasswordHashing.hash(password: password, rounds: rounds))
    }
}

/// Reading a secret from a terminal without echoing it.
enum Terminal {
    static func readSecret(prompt: String) throws -> String {
        FileHandle.standardError.write(Data(prompt.utf8))
        var saved = termios()
        tcgetattr(STDIN_FILENO, &saved)
        var silent = saved
        silent.c_lflag &= ~tcflag_t(ECHO)
        tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent)
        defer {
            tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved)
            FileHandle.standardError.write(Data("\n".utf8))
        }
        guard let line = readLine(strippingNewline: true) else { throw ValidationError("No password entered.") }
        return line
    }
}
