import Foundation
import Testing

/// Every example in the repository is a topology that checks clean, read from
/// where a user reads it: `portolan check examples/NAME` at the repository's root.
@Suite struct ExampleTests {
    @Test func thereAreExamples() {
        #expect(Repository.exampleNames.count >= 4, "\(Repository.exampleNames)")
    }

    @Test(arguments: Repository.exampleNames)
    func checksClean(example: String) throws {
        let run = try Repository.portolan("check", "examples/" + example)
        #expect(run.status == 0)
        #expect(run.output == "0 errors, 0 warnings\n")
        #expect(run.error.isEmpty)
    }
}
