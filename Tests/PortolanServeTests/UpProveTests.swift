import Foundation
import PortolanTestSupport
import Testing

/// `portolan up --prove`: every edge of an example delivered and agreeing;
/// a broken edge refused on the wire at the stage its code predicts, and
/// agreeing; a wire that differs from check caught (exit 1, agree false).
@Suite(.serialized) struct UpProveTests {
    struct Edge: Decodable {
        struct Wire: Decodable {
            var delivered: Bool
            var stage: String
            var reply: String
        }
        var from: String
        var to: String
        var kind: String
        var check: [String]
        var wire: Wire?
        var agree: Bool?
    }

    struct Report: Decodable { var edges: [Edge] }

    static func prove(_ path: String, offset: Int = Int.random(in: 20_000...40_000)) throws -> (status: Int32, edges: [Edge], output: String) {
        let run = try Tool.run(
            executable: PortolanBinary.url, ["up", path, "--prove", "--format", "json", "--port-offset", "\(offset)", "--timeout", "10"],
            in: Tool.repositoryRoot, timeout: 60)
        let report = try JSONDecoder().decode(Report.self, from: run.outputData)
        return (run.status, report.edges, run.output + run.error)
    }

    @Test(arguments: ["examples/minimal", "examples/relay-port-26"])
    func everyEdgeOfAnExampleDelivers(_ example: String) throws {
        let (status, edges, output) = try Self.prove(example)
        #expect(status == 0, "\(output)")
        for edge in edges {
            #expect(edge.wire?.delivered == true && edge.agree == true, "\(edge.from) -> \(edge.to): \(output)")
        }
        if example.hasSuffix("relay-port-26") { #expect(edges.count == 4) }
    }

    @Test(arguments: [("PT401", "connect", ""), ("PT412", "rcpt", "554 5.7.1")])
    func aBrokenEdgeIsRefusedAtItsStage(_ row: (code: String, stage: String, reply: String)) throws {
        let (status, edges, output) = try Self.prove("examples/broken/\(row.code)")
        #expect(status == 0, "\(output)")
        let edge = try #require(edges.first { $0.check.contains(row.code) }, "\(output)")
        #expect(edge.wire?.delivered == false)
        #expect(edge.wire?.stage == row.stage, "\(output)")
        #expect(edge.wire?.reply.hasPrefix(row.reply) == true, "\(output)")
        #expect(edge.agree == true)
    }

    /// PT401 says the spoke's port 25 has no listener; something else
    /// listens there (smtp-sink, on the hub's address), so the wire delivers:
    /// check and wire disagree, and `up` says so.
    @Test func aDisagreementIsCaught() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("portolan-up-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let topology = """
            portolan: 1
            organization: Acme
            internet_domains: [acme.example]
            servers:
              hub:
                host: hub.acme.example
                addresses: [127.0.0.1]
                smtp:
                  inbound:
                    tcp: { port: 26, enabled: true }
              spoke:
                host: spoke.acme.example
                addresses: [127.0.0.42]
                smtp:
                  listener: false
                  outbound:
                    tcp: { port: 25, mode: enabled }
                    relay: hub

            """
        try Data(topology.utf8).write(to: root.appendingPathComponent("topology.yaml"))
        let offset = Int.random(in: 20_000...40_000)
        let sink = try SMTPSink(port: offset + 25)
        defer { sink.stop() }
        let (status, edges, output) = try Self.prove(root.appendingPathComponent("topology.yaml").path, offset: offset)
        #expect(status == 1, "\(output)")
        let edge = try #require(edges.first, "\(output)")
        #expect(edge.check == ["PT401"])
        #expect(edge.wire?.delivered == true)
        #expect(edge.agree == false)
    }
}
