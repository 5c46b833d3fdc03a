import Foundation
import PortolanDiagnostics
import PortolanYAML
import Testing
@testable import PortolanLanguage

/// Every problem in one run, never a crash, and linear work.
@Suite struct RobustnessTests {
    @Test func severalErrorsInOneFileAreAllReportedAndTheRestStillDecodes() throws {
        let result = decode(header + """
            servers:
              hub:
                host: hub.acme.example
                addresses: [10.0.0.300]
                intenet_sites: true
                smtp:
                  within_domain: true
                  inbound:
                    tcp: { port: 0, enabled: true }
                    ssl: { port: "465", enabled: true }
                    starttls: requierd
                    max_message_size: 10 parsecs
                  outbound:
                    relay: isp
            users:
              alice: { password: secret }
            """)
        #expect(result.diagnostics.map(\.code.rawValue) == ["PT106", "PT101", "PT104", "PT102", "PT105", "PT109", "PT107"])
        let hub = try #require(result.server)
        #expect(hub.host?.value == "hub.acme.example")
        #expect(hub.smtp.withinDomain.value && hub.smtp.inbound.ssl.enabled.value)
        #expect(hub.smtp.inbound.tcp.port.value == 25 && !hub.smtp.inbound.tcp.port.isExplicit)
        #expect(hub.smtp.outbound.relay?.value == "isp")
        #expect(result.topology.users.map(\.name.value) == ["alice"])
    }

    @Test func diagnosticsAreSortedByPlace() {
        let result = decode([
            ("b.yaml", header + "servers: { x: { host: -bad } }\n"),
            ("a.yaml", "portolan: 1\nservers: { y: { colour: red } }\n"),
        ])
        #expect(result.diagnostics.map { result.path($0.span) } == ["a.yaml", "b.yaml"])
        #expect(result.diagnostics.map(\.span.file) == [SourceFileID(0), SourceFileID(1)])
    }

    @Test func emptyInputGivesAnEmptyTopology() {
        let result = TopologyDecoder.decode([], files: SourceFiles())
        #expect(result.diagnostics.isEmpty && result.topology.servers.isEmpty && result.topology.organization == nil)
    }

    @Test func emptySectionsAndNullsAreHandled() {
        let result = decode(header + "servers: {}\nsites: ~\nusers:\n")
        #expect(result.places == ["PT102@4:8", "PT102@5:7"])
    }

    @Test func deepJunkInsideAnUnknownKeyIsNotWalked() {
        let deep = String(repeating: "[", count: 200) + String(repeating: "]", count: 200)
        let result = decode(header + "servers:\n  hub:\n    junk: \(deep)\n    tls: \(deep)\n")
        #expect(result.places == ["PT101@5:5", "PT102@6:10"])
    }

    @Test func tenThousandServersDecode() throws {
        var text = header + "defaults: { server: { smtp: { outbound: { tcp: { port: 26 } } } } }\nservers:\n"
        for index in 0..<10_000 {
            text += """
                  s\(index):
                    host: s\(index).acme.example
                    addresses: [10.\(index / 256 % 256).\(index % 256).1]
                    smtp: { inbound: { tcp: { port: 26 }, starttls: enabled }, outbound: { relay: s0 } }

                """
        }
        let outcome = YAMLReader().read(bytes: Array(text.utf8), file: "big.yaml")
        let root = try #require(outcome.root)
        let result: DecodeResult? = TopologyDecoder.decode([("big.yaml", root)], files: SourceFiles(["big.yaml"]))
        #expect(result?.diagnostics.isEmpty == true)
        #expect(result?.topology.servers.count == 10_000)
        #expect(result?.topology.servers.last?.smtp.outbound.tcpPort.value == 26)
    }

    @Test func tenThousandDuplicateNamesAcrossFiles() throws {
        var first = header + "servers:\n", second = "portolan: 1\nusers:\n"
        for index in 0..<10_000 {
            first += "  n\(index): {}\n"
            second += "  n\(index): {}\n"
        }
        let result: Decoded? = decode([("a.yaml", first), ("b.yaml", second)])
        #expect(result?.diagnostics.count == 10_000)
    }
}
