import Testing
@testable import PortolanLanguage

/// PT201: a name defined twice, within a file or across files.
@Suite struct NameTests {
    @Test func nameDefinedInTwoFilesPointsAtBoth() throws {
        let result = decode([
            ("a.yaml", header + "servers:\n  hub: { host: hub.acme.example }\n  gw: { host: gw.acme.example }\n"),
            ("b.yaml", "portolan: 1\nservers:\n  hub: { host: other.acme.example }\nexternal:\n  gw: { host: gw.isp.example }\n"),
        ])
        #expect(result.places == ["PT201@3:3", "PT201@5:3"])
        let first = result.diagnostics[0], second = result.diagnostics[1]
        #expect(result.path(first.span) == "b.yaml")
        #expect(first.message == "server 'hub' is defined twice")
        #expect(first.notes.map(\.message) == ["server 'hub' is first defined here"])
        #expect(first.notes.map { result.place($0.span) } == ["a.yaml:4:3"])
        #expect(second.message == "external host 'gw' has the name of server 'gw'")
        #expect(second.notes.map { result.place($0.span) } == ["a.yaml:5:3"])
        #expect(result.topology.servers.map(\.host?.value) == ["hub.acme.example", "gw.acme.example"])
        #expect(result.topology.externals.isEmpty)
    }

    @Test func sectionsShareOneNamespaceWithinAFile() throws {
        let result = decode(header + "users:\n  gw: {}\nservers:\n  gw: { host: gw.acme.example }\n")
        #expect(result.places == ["PT201@6:3"])
        #expect(result.only("PT201")?.message == "server 'gw' has the name of user 'gw'")
        #expect(result.place(result.only("PT201")?.notes.first?.span) == "t.yaml:4:3")
        #expect(result.topology.users.map(\.name.value) == ["gw"])
        #expect(result.topology.servers.isEmpty)
    }

    @Test func theEarlierDefinitionInAFileWinsWhateverTheSectionOrder() {
        let result = decode(header + "servers:\n  x: {}\ngroups:\n  x: [a]\n")
        #expect(result.places == ["PT201@6:3"])
        #expect(result.topology.servers.count == 1 && result.topology.groups.isEmpty)
    }

    @Test func sitesHaveTheirOwnNamespace() {
        let result = decode(header + "servers:\n  hub: {}\nsites:\n  hub: { protocol: smtp }\n")
        #expect(result.diagnostics.isEmpty)
        #expect(result.topology.sites.map(\.name.value) == ["hub"])
    }

    @Test func sitesDefinedTwiceAcrossFiles() {
        let result = decode([
            ("a.yaml", header + "sites:\n  web: { protocol: http }\n"),
            ("b.yaml", "portolan: 1\nsites:\n  web: { protocol: smtp }\n"),
        ])
        #expect(result.places == ["PT201@3:3"])
        #expect(result.topology.sites.map(\.proto.value) == [.http])
    }

    @Test func definitionOrderIsFilesThenKeys() {
        let result = decode([
            ("a.yaml", header + "servers:\n  zeta: {}\n  alpha: {}\n"),
            ("b.yaml", "portolan: 1\nservers:\n  beta: {}\n"),
        ])
        #expect(result.topology.servers.map(\.name.value) == ["zeta", "alpha", "beta"])
    }
}
