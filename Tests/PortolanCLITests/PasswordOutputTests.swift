import Foundation
import Testing

/// A plaintext password in a topology is refused (PT107, PT102), and no output format
/// of `portolan check` shows it: CI logs are public more often than repositories.
@Suite struct PasswordOutputTests {
    static let secrets = ["Tr0ub4dor&3", "correct horse", "8675309"]

    static func workspace() throws -> Workspace {
        let workspace = try Workspace()
        try workspace.write("""
            portolan: 1
            organization: Acme
            users:
              alice:
                password: Tr0ub4dor&3
              bob: { internet_address: bob@acme.example, password: "correct horse" }
              carol: { password: 8675309 }

            """, to: "users.yaml")
        return workspace
    }

    @Test func textShowsTheLinesWithTheValuesMasked() throws {
        let run = try Self.workspace().portolan("check", "users.yaml")
        #expect(run.status == 1)
        #expect(run.output == """
            users.yaml:4:3: warning[PT502]: user alice is never used: no access list or group names it, and it cannot authenticate to any server
               4 |   alice:
                 |   ^^^^^
              help: remove alice, or give it a password and a server that offers name and password

            users.yaml:5:15: error[PT107]: users.alice.password is not a password hash: plaintext passwords are refused
               5 |     password: ***
                 |               ^^^
              help: make a hash with 'portolan passwd', or with python3 -c 'from passlib.hash import pbkdf2_sha256; print(pbkdf2_sha256.hash("secret"))'

            users.yaml:6:3: warning[PT502]: user bob is never used: no access list or group names it, and it cannot authenticate to any server
               6 |   bob: { internet_address: bob@acme.example, password: *** }
                 |   ^^^
              help: remove bob, or give it a password and a server that offers name and password

            users.yaml:6:56: error[PT107]: users.bob.password is not a password hash: plaintext passwords are refused
               6 |   bob: { internet_address: bob@acme.example, password: *** }
                 |                                                        ^^^
              help: make a hash with 'portolan passwd', or with python3 -c 'from passlib.hash import pbkdf2_sha256; print(pbkdf2_sha256.hash("secret"))'

            users.yaml:7:3: warning[PT502]: user carol is never used: no access list or group names it, and it cannot authenticate to any server
               7 |   carol: { password: *** }
                 |   ^^^^^
              help: remove carol, or give it a password and a server that offers name and password

            users.yaml:7:22: error[PT102]: expected a password hash for users.carol.password, found an integer
               7 |   carol: { password: *** }
                 |                      ^^^

            3 errors, 3 warnings

            """)
        #expect(run.error.isEmpty)
    }

    @Test(arguments: ["text", "json", "sarif", "github"])
    func noFormatShowsAPassword(format: String) throws {
        let run = try Self.workspace().portolan("check", "users.yaml", "--format", format)
        #expect(run.status == 1)
        #expect(run.output.contains("PT107"), "\(run.output)")
        for secret in Self.secrets {
            #expect(!run.output.contains(secret), "\(format) shows \(secret)")
            #expect(!run.error.contains(secret), "\(format) shows \(secret) on stderr")
        }
    }
}
