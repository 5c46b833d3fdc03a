import Foundation
import Testing

/// `portolan plan --from OUT INPUT`: what a build would change, host by host,
/// with exit 0 for no change, 2 for changes and 1 for errors.
@Suite struct PlanCommandTests {
    /// examples/estate built into `out/`, then hub-east's SSL port moved to 466.
    static func estateWithAMovedPort() throws -> (workspace: Workspace, estate: String) {
        let workspace = try Workspace()
        let estate = try workspace.copyExample("estate")
        try #require(try workspace.build(estate).status == 0)
        try workspace.moveHubEastSSLPort(in: estate)
        return (workspace, estate)
    }

    @Test func thePlanNamesEveryAffectedHostAndWritesNothing() throws {
        let (workspace, estate) = try Self.estateWithAMovedPort()
        let before = try workspace.files(under: "out")
        let run = try workspace.portolan("plan", "--from", "out", estate)
        #expect(run.status == 2, "\(run.error)")
        try golden.check(run.output, matches: "plan/estate-hub-east-ssl-466.txt")
        #expect(try workspace.files(under: "out") == before)
    }

    @Test func theJSONPlanListsTheSameHosts() throws {
        let (workspace, estate) = try Self.estateWithAMovedPort()
        let text = try workspace.portolan("plan", "--from", "out", estate)
        let json = try workspace.portolan("plan", "--from", "out", estate, "--format", "json")
        #expect(json.status == 2)
        let plan = try JSONDecoder().decode(JSONPlan.self, from: json.outputData)
        let textLines = text.output.split(separator: "\n").map(String.init)
        let textHosts = Set(textLines.dropLast().compactMap { $0.split(separator: ":").first.map(String.init) })
        #expect(plan.hosts.map(\.server) == textHosts.sorted())
        #expect(plan.hosts.map(\.server) == ["east-1", "east-2", "east-3", "east-4", "east-apps", "hub-east", "hub-west"])
        #expect(plan.hosts.allSatisfy { $0.action == "change" && !$0.changes.isEmpty })
        #expect(plan.hosts.flatMap { host in host.changes.map { "\(host.server): \($0.text)" } } == Array(textLines.dropLast()))
        #expect(plan.summary == textLines.last)
    }

    @Test func afterTheBuildThereIsNothingToDo() throws {
        let (workspace, estate) = try Self.estateWithAMovedPort()
        try #require(try workspace.build(estate).status == 0)
        let run = try workspace.portolan("plan", "--from", "out", estate)
        #expect(run.status == 0)
        #expect(run.output == "No changes.\n")
    }

    @Test func aTopologyWithErrorsExitsWith1() throws {
        let (workspace, _) = try Self.estateWithAMovedPort()
        let run = try workspace.portolan("plan", "--from", "out", try workspace.writeBrokenTopology())
        #expect(run.status == 1)
        #expect(run.output.hasPrefix("broken/spoke.yaml:9:22: error[PT401]: "), "\(run.output)")
    }

    @Test func withoutAPreviousBuildEveryHostIsNew() throws {
        let workspace = try Workspace()
        let run = try workspace.portolan("plan", "--from", "out", try workspace.copyExample("minimal"))
        #expect(run.status == 2)
        #expect(run.output == "mail: new host, a bundle will be added\n1 host to update: 1 added, 0 changed, 0 removed\n")
        #expect(!workspace.exists("out"))
    }

    @Test("warnings go to standard error, the plan alone to standard output", arguments: ["text", "json"])
    func warningsAreShownBesideThePlan(format: String) throws {
        let workspace = try Workspace()
        try FileManager.default.createDirectory(at: workspace.url("src"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Repository.examples.appendingPathComponent("broken/PT307"), to: workspace.url("src/PT307"))
        let run = try workspace.portolan("plan", "--from", "out", "src/PT307", "--format", format)
        #expect(run.status == 2)
        #expect(run.error.hasPrefix("src/PT307/topology.yaml:"), "\(run.error)")
        #expect(run.error.contains("warning[PT307]"))
        #expect(run.error.hasSuffix("0 errors, 1 warning\n"), "\(run.error)")
        #expect(!run.output.contains("PT307"))
        if format == "json" {
            #expect(try JSONDecoder().decode(JSONPlan.self, from: run.outputData).hosts.map(\.action) == ["add"])
        } else {
            #expect(run.output == "mail: new host, a bundle will be added\n1 host to update: 1 added, 0 changed, 0 removed\n")
        }
    }

    struct JSONPlan: Decodable {
        struct Host: Decodable {
            struct Change: Decodable {
                var path: String
                var old: String?
                var new: String?
                var text: String
            }

            var server: String
            var action: String
            var changes: [Change]
        }

        var hosts: [Host]
        var summary: String
    }
}
