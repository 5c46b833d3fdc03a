import Testing
@testable import PortolanLanguage

/// `portolan`, `organization` and `internet_domains`: per file and across files.
@Suite struct FileHeaderTests {
    @Test func missingVersionPointsAtTheRootMappingStart() throws {
        let result = decode("organization: Acme\nservers: {}\n")
        #expect(result.places == ["PT103@1:1"])
        let diagnostic = try #require(result.only("PT103"))
        #expect(diagnostic.message == "missing required key 'portolan' at the top level of t.yaml")
        #expect(diagnostic.help == "start the file with 'portolan: 1'")
    }

    @Test func otherVersionIsPT108AtTheValue() throws {
        let result = decode("portolan: 2\norganization: Acme\n")
        #expect(result.places == ["PT108@1:11"])
        #expect(result.only("PT108")?.message == "unsupported language version 2; this Portolan reads version 1")
        #expect(result.topology.version == nil)
    }

    @Test func hugeVersionIsPT108NotACrash() {
        #expect(decode("portolan: 99999999999999999999\norganization: Acme\n").places == ["PT108@1:11"])
    }

    @Test func quotedVersionIsAString() {
        let result = decode("portolan: \"1\"\norganization: Acme\n")
        #expect(result.places == ["PT102@1:11"])
        #expect(result.only("PT102")?.help == "quoted values are strings: write 1 without quotes")
    }

    @Test func versionOneIsAccepted() throws {
        let result = decode(header)
        #expect(result.diagnostics.isEmpty)
        let version = try #require(result.topology.version)
        #expect(version.value == 1)
        #expect(result.lineColumn(version.span) == "1:11")
        #expect(result.topology.organization?.value == "Acme")
        #expect(result.topology.organizationName == "Acme")
    }

    @Test func organizationMayComeFromAnyFile() {
        let result = decode([("a.yaml", "portolan: 1\nservers: {}\n"), ("b.yaml", header)])
        #expect(result.diagnostics.isEmpty)
        #expect(result.path(result.topology.organization?.span) == "b.yaml")
    }

    @Test func noOrganizationAnywhereIsPT103OnTheFirstFile() throws {
        let result = decode([("a.yaml", "portolan: 1\n"), ("b.yaml", "portolan: 1\n")])
        #expect(result.places == ["PT103@1:1"])
        #expect(result.path(result.only("PT103")?.span) == "a.yaml")
    }

    @Test func organizationWithABadValueIsNotAlsoMissing() {
        #expect(decode("portolan: 1\norganization: [Acme]\n").places == ["PT102@2:15"])
    }

    @Test func organizationsThatDisagreeArePT205WithANote() throws {
        let result = decode([
            ("a.yaml", "portolan: 1\norganization: Acme\n"),
            ("b.yaml", "portolan: 1\norganization: Acme\n"),
            ("c.yaml", "portolan: 1\norganization: Umbrella\n"),
        ])
        #expect(result.places == ["PT205@2:15"])
        let diagnostic = try #require(result.only("PT205"))
        #expect(result.path(diagnostic.span) == "c.yaml")
        #expect(diagnostic.message == "organization is 'Umbrella' here but 'Acme' in a.yaml")
        #expect(diagnostic.notes.map { result.place($0.span) } == ["a.yaml:2:15"])
        #expect(result.topology.organization?.value == "Acme")
    }

    @Test func internetDomainsAgreeInAnyOrderAndCase() {
        let result = decode([
            ("a.yaml", header + "internet_domains: [acme.example, Acme.org]\n"),
            ("b.yaml", "portolan: 1\ninternet_domains: [acme.org, acme.example]\n"),
        ])
        #expect(result.diagnostics.isEmpty)
        #expect(result.topology.internetDomains.map(\.value) == ["acme.example", "Acme.org"])
    }

    @Test func internetDomainsThatDisagreeArePT205() throws {
        let result = decode([
            ("a.yaml", header + "internet_domains: [acme.example]\n"),
            ("b.yaml", "portolan: 1\ninternet_domains: [acme.example, other.example]\n"),
        ])
        #expect(result.places == ["PT205@2:19"])
        let diagnostic = try #require(result.only("PT205"))
        #expect(result.path(diagnostic.span) == "b.yaml")
        #expect(result.place(diagnostic.notes.first?.span) == "a.yaml:3:19")
    }
}
