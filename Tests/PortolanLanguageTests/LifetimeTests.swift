import PortolanDiagnostics
import Testing
@testable import PortolanLanguage
@testable import PortolanYAML

/// What decoding keeps alive: the node trees not past reading, a decoded
/// object not past the building of its part of the AST.
@Suite struct LifetimeTests {
    final class Watch: @unchecked Sendable {
        weak var object: AnyObject?
    }

    final class Item {}

    @Test func decodingLetsGoOfTheNodeTreesItIsHanded() throws {
        let watch = Watch()
        let handed: HandedDocuments = try {
            let text = header + "servers:\n  hub: { host: hub.acme.example }\n  spoke: { host: spoke.acme.example }\n"
            let outcome = YAMLReader().read(bytes: Array(text.utf8), file: "a.yaml")
            let root = try #require(outcome.root)
            watch.object = root.document
            return HandedDocuments([("a.yaml", root)])
        }()
        #expect(watch.object != nil)
        let result = TopologyDecoder.decode(handed, files: SourceFiles(["a.yaml"]))
        #expect(watch.object == nil)
        #expect(result.diagnostics.isEmpty)
        #expect(result.topology.servers.map(\.name.value) == ["hub", "spoke"])
    }

    @Test func anElementTakenIsFreedOnceItsTakerIsDone() {
        let first = Watch(), second = Watch()
        let list: TakenOnce<Item> = {
            let items = [Item(), Item()]
            first.object = items[0]
            second.object = items[1]
            return TakenOnce(items)
        }()
        #expect(list.indices == [0, 1])
        _ = list.take(0)
        #expect(first.object == nil)
        #expect(second.object != nil)
        _ = list.take(1)
        #expect(second.object == nil)
    }
}
