import Foundation
import PortolanDiagnostics
import Testing

@testable import PortolanYAML

/// Finding the topology files a user named, and reading them (PT005 on the way).
@Suite("Input files")
struct InputFilesTests {
    @Test("a directory gives its *.yaml and *.yml files in sorted order, skipping hidden entries")
    func expandDirectory() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        for name in ["b.yaml", "a.yml", "A.yaml", "sub.yaml", "sub/z.yaml", "sub/a.yaml", "sub/deeper/m.yml",
                     "notes.txt", "c.yaml.bak", ".hidden.yaml", ".git/config.yaml", "sub/.cache/x.yml"] {
            try directory.write(name, "k: v\n")
        }
        try directory.makeDirectory("empty")
        try directory.link("loop", to: directory.path)
        let (files, diagnostics) = InputFiles.expand([directory.path])
        #expect(diagnostics.isEmpty)
        let relative = files.map { String($0.dropFirst(directory.path.count + 1)) }
        #expect(relative == ["A.yaml", "a.yml", "b.yaml", "sub.yaml", "sub/a.yaml", "sub/deeper/m.yml", "sub/z.yaml"])
    }

    @Test("a file given twice, or given and inside a given directory, is taken once")
    func sameFileOnce() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let a = try directory.write("a.yaml", "k: v\n")
        let b = try directory.write("sub/b.yaml", "k: v\n")
        let (files, diagnostics) = InputFiles.expand([a, directory.path, a, b, directory.path + "/", directory.path + "/sub/../a.yaml"])
        #expect(diagnostics.isEmpty)
        #expect(files == [a, b])
    }

    @Test("a file named explicitly is taken whatever its extension")
    func explicitFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write("topology.txt", "k: v\n")
        #expect(InputFiles.expand([file]).files == [file])
    }

    @Test("a nonexistent path and a directory without YAML files are PT005")
    func unusablePaths() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("readme.txt", "hello\n")
        let missing = directory.path + "/missing.yaml"
        let result = YAMLReader().read(paths: [missing, directory.path])
        #expect(result.diagnostics.map(\.code.rawValue) == ["PT005", "PT005"])
        let files = result.sources.files
        #expect(files.paths == [directory.path, missing])
        #expect(result.diagnostics.map(\.span) == [.fileStart(files.id(of: missing)), .fileStart(files.id(of: directory.path))])
        #expect(result.diagnostics.map { result.sources.path(of: $0.span) } == [missing, directory.path])
        #expect(result.diagnostics[0].message.contains("does not exist"))
        #expect(result.diagnostics[1].message.contains("no *.yaml or *.yml"))
        #expect(result.documents.isEmpty)
        #expect(result.nothingRead)
    }

    @Test("read(paths:) reads every file in order and keeps their text")
    func readPaths() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let second = try directory.write("servers/hub.yaml", "portolan: 1\nservers: {hub: {host: h}}\n")
        let first = try directory.write("base.yaml", "portolan: 1\norganization: Acme\n")
        let broken = try directory.write("zz.yaml", "a: [\n")
        let result = YAMLReader().read(paths: [directory.path])
        #expect(result.documents.map(\.file) == [first, second])
        #expect(result.documents.last?.root["servers"]?["hub"]?.span.file == result.sources.files.id(of: second))
        #expect(result.diagnostics.map(\.code.rawValue) == ["PT001"])
        #expect(result.diagnostics.first.map(\.span).map(result.sources.path(of:)) == broken)
        #expect(result.sources.line(2, of: first) == "organization: Acme")
        #expect(!result.nothingRead)
    }

    @Test("a file over the size limit is PT005 before it is read")
    func overSizeLimit() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = try directory.write("big.yaml", "portolan: 1\norganization: Acme\n")
        let reader = YAMLReader(limits: ReaderLimits(maxFileSize: 16))
        let result = reader.read(paths: [file])
        #expect(result.diagnostics.map(\.code.rawValue) == ["PT005"])
        #expect(result.diagnostics.first?.message.contains("over the limit of 16 bytes") == true)
        #expect(result.nothingRead)
        let outcome = reader.read(bytes: Array("portolan: 1\norganization: Acme\n".utf8), file: file)
        #expect(outcome.diagnostics.map(\.code.rawValue) == ["PT005"])
        #expect(outcome.diagnostics.first?.span == .fileStart(.only))
        #expect(reader.read(bytes: Array("a: 123456789012\n".utf8), file: file).diagnostics.isEmpty)
    }

    @Test("a directory named like a YAML file is PT005 when read")
    func directoryNamedYAML() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.makeDirectory("odd.yaml")
        let result = YAMLReader().read(paths: [directory.path + "/odd.yaml"])
        #expect(result.diagnostics.map(\.code.rawValue) == ["PT005"])
    }
}

/// PT005 for text that is not UTF-8.
@Suite("PT005 encoding")
struct EncodingTests {
    @Test("an invalid byte is reported at its own position")
    func invalidByte() throws {
        let outcome = read(bytes: Array("a: 1\nb: ä".utf8) + [0xFF] + Array("\n".utf8))
        let diagnostic = try #require(expectOnly("PT005", at: Pos(2, 5, 10), in: outcome))
        #expect(diagnostic.message.contains("0xFF"))
        #expect(diagnostic.message.contains("offset 10"))
    }

    @Test("a truncated sequence at the end, an overlong form, a surrogate")
    func malformedSequences() {
        expectOnly("PT005", at: Pos(1, 4, 3), in: read(bytes: Array("a: ".utf8) + [0xC3]))
        expectOnly("PT005", at: Pos(1, 4, 3), in: read(bytes: Array("a: ".utf8) + [0xC0, 0x80]))
        expectOnly("PT005", at: Pos(2, 1, 5), in: read(bytes: Array("a: 1\n".utf8) + [0xED, 0xA0, 0x80]))
        expectOnly("PT005", at: Pos(1, 1, 0), in: read(bytes: [0xF4, 0x90, 0x80, 0x80]))
    }

    @Test("the position of an invalid byte after CRLF and a byte order mark")
    func invalidByteAfterBOMAndCRLF() {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("a: 1\r\nb: ".utf8) + [0x80]
        expectOnly("PT005", at: Pos(2, 4, 12), in: read(bytes: bytes))
    }

    @Test("a UTF-16 byte order mark")
    func utf16() throws {
        for bom: [UInt8] in [[0xFF, 0xFE], [0xFE, 0xFF]] {
            let bytes = bom + Array("a: 1\n".utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
            let diagnostic = try #require(expectOnly("PT005", at: Pos(1, 1, 0), in: read(bytes: bytes)))
            #expect(diagnostic.message.contains("UTF-16"))
        }
    }
}
