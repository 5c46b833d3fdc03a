import Foundation
import PortolanTestSupport
import Testing

/// `portolan passwd`: passlib's pbkdf2_sha256 hashes, made and verified, and
/// interchangeable with passlib itself (pip install passlib; CI installs it).
@Suite struct PasswdCommandTests {
    static var hashShape: Regex<Substring> { /\$pbkdf2-sha256\$600000\$[A-Za-z0-9.\/]{22}\$[A-Za-z0-9.\/]{43}/ }

    static func hash(_ password: String, in workspace: Workspace, rounds: String? = nil) throws -> String {
        let run = try workspace.portolan(arguments: ["passwd"] + (rounds.map { ["--rounds", $0] } ?? []), input: password + "\n")
        try #require(run.status == 0, "\(run.error)")
        #expect(run.output.hasSuffix("\n"))
        return run.output.trimmingCharacters(in: .newlines)
    }

    @Test func aPasswordOnStandardInputGivesAHashWithAFreshSalt() throws {
        let workspace = try Workspace()
        let first = try Self.hash("correct horse", in: workspace)
        #expect(first.wholeMatch(of: Self.hashShape) != nil, "\(first)")
        #expect(try Self.hash("correct horse", in: workspace) != first)
    }

    @Test func verifyExits0ForTheRightPasswordAnd1ForAWrongOne() throws {
        let workspace = try Workspace()
        let hash = try Self.hash("correct horse", in: workspace)
        let right = try workspace.portolan("passwd", "--verify", hash, input: "correct horse\n")
        #expect(right.status == 0)
        #expect(right.output == "match\n")
        let wrong = try workspace.portolan("passwd", "--verify", hash, input: "battery staple\n")
        #expect(wrong.status == 1)
        #expect(wrong.output == "no match\n")
    }

    @Test func verifyRefusesSomethingThatIsNotAHash() throws {
        let workspace = try Workspace()
        let run = try workspace.portolan("passwd", "--verify", "correct horse", input: "correct horse\n")
        #expect(run.status == 2)
        #expect(run.error.hasPrefix("Error: 'correct horse' is not a pbkdf2_sha256 hash."), "\(run.error)")
    }

    @Test func roundsBelow210000AreRefused() throws {
        let workspace = try Workspace()
        let low = try workspace.portolan("passwd", "--rounds", "209999", input: "correct horse\n")
        #expect(low.status == 2)
        #expect(low.output.isEmpty)
        #expect(low.error.hasPrefix("Error: --rounds must be between 210,000 and 100,000,000."), "\(low.error)")
        let lowest = try Self.hash("correct horse", in: workspace, rounds: "210000")
        #expect(lowest.hasPrefix("$pbkdf2-sha256$210000$"))
    }

    @Test(arguments: ["", "\n"])
    func anEmptyPasswordIsRefused(input: String) throws {
        let workspace = try Workspace()
        let run = try workspace.portolan("passwd", input: input)
        #expect(run.status == 2)
        #expect(run.output.isEmpty)
    }

    /// passlib verifies Portolan's hash, and Portolan verifies passlib's, with
    /// a password that is not ASCII (both hash its UTF-8 bytes).
    @Test func passlibAndPortolanVerifyEachOthersHashes() throws {
        let workspace = try Workspace()
        let password = "Grüße, 密码 ✓"
        let ours = try Self.hash(password, in: workspace)
        #expect(try Self.passlib("print(pbkdf2_sha256.verify(password, sys.argv[1]))", password: password, arguments: [ours]) == "True")
        #expect(try Self.passlib("print(pbkdf2_sha256.verify(password, sys.argv[1]))", password: password + "!", arguments: [ours])
            == "False")

        let theirs = try Self.passlib("print(pbkdf2_sha256.using(rounds=210000).hash(password))", password: password)
        #expect(theirs.hasPrefix("$pbkdf2-sha256$210000$"))
        let verified = try workspace.portolan("passwd", "--verify", theirs, input: password + "\n")
        #expect(verified.status == 0, "\(verified.output)\(verified.error)")
        let refused = try workspace.portolan("passwd", "--verify", theirs, input: password + "?\n")
        #expect(refused.status == 1)
    }

    /// Runs a line of Python with passlib's `pbkdf2_sha256` imported and the
    /// password in `password` (given on standard input, as UTF-8); returns
    /// what it printed.
    static func passlib(_ statement: String, password: String, arguments: [String] = []) throws -> String {
        let script = """
            import sys
            from passlib.hash import pbkdf2_sha256
            password = sys.stdin.buffer.read().decode("utf-8")
            \(statement)
            """
        let run = try Tool.run("python3", ["-c", script] + arguments, input: Data(password.utf8))
        try #require(run.status == 0, "python3 with passlib failed (pip install passlib): \(run.error)")
        return run.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
