import PortolanDiagnostics

/// A small topology in three files (one given as an absolute path, one with
/// CRLF line ends) and a fixed set of diagnostics on it that exercises every
/// part of every format: notes in another file, notes without a span, help,
/// multi-byte and wide characters and a tab before a span, a missing file.
enum Fixtures {
    static let workingDirectory = "/srv/topology"
    static let hub = "servers/hub.yaml"
    static let edge = "/srv/topology/servers/edge one.yaml"
    static let defaults = "shared/defaults.yaml"
    static let missing = "missing.yaml"

    static let hubLines = [
        "portolan: 1",
        "servers:",
        "  hub:",
        "    host: hub.example.org",
        "    site: { name: \"Zürich Süd\", port: 70000 }",
        "    sites: [ \"📮 Postfach\", smtp-main ]",
        "    relay:\tedge-9",
        "    smtp:",
        "      inbound:",
        "        anonymous: true",
        "      outbound:",
        "        tcp: { port: 25 }",
    ]

    static let edgeLines = [
        "servers:",
        "  edge-1:",
        "    host: edge-1.example.org",
        "    smtp:",
        "      tcp: { port: 26 }",
        "keyrings:",
        "  legacy: { file: legacy.kyr }",
    ]

    static let defaultsLines = [
        "defaults:",
        "  smtp:",
        "    max_szie: 10MB",
        "    starttls: required",
    ]

    static let files: [String: (lines: [String], lineBreak: String)] = [
        hub: (hubLines, "\n"),
        edge: (edgeLines, "\n"),
        defaults: (defaultsLines, "\r\n"),
    ]

    /// The files the renderer tests name besides these.
    static let otherFiles = [
        "a.yaml", "b.yaml", "big.yaml", "m.yaml", "gone.yaml", "dir,1/a:b.yaml", "/srv/topology/o.yaml", "/etc/portolan/x y.yaml",
        PasswordMaskTests.file,
    ]

    /// Every file the tests name: the fixture files, the missing one and the others.
    static let table = SourceFiles(files.keys + [missing] + otherFiles)

    /// The number of `path` among the tests' files.
    static func file(_ path: String) -> SourceFileID { table.id(of: path) }

    static var sources: SourceStore {
        var store = SourceStore(files: table)
        for (file, text) in files {
            let joined = text.lines.map { $0 + text.lineBreak }.joined()
            store.add(file: file, bytes: Array(joined.utf8))
        }
        return store
    }

    static func options(colour: Bool = false) -> RenderOptions {
        RenderOptions(colour: colour, workingDirectory: workingDirectory, toolVersion: "0.1.0")
    }

    /// The span of the first occurrence of `needle` on line `line` of `file`.
    static func span(_ file: String, line: Int, _ needle: String) -> SourceSpan {
        guard let text = files[file], let range = text.lines[line - 1].range(of: needle) else {
            fatalError("\(needle) is not on line \(line) of \(file)")
        }
        let lineText = text.lines[line - 1]
        let lineOffset = text.lines[..<(line - 1)].map { $0.utf8.count + text.lineBreak.utf8.count }.reduce(0, +)
        func position(_ index: String.Index) -> SourcePosition {
            SourcePosition(offset: lineOffset + lineText.utf8[..<index].count)
        }
        return SourceSpan(file: table.id(of: file), start: position(range.lowerBound), end: position(range.upperBound))
    }

    /// The line and column of `position` in the fixture file `file`, counted
    /// over the fixture's lines (1:1 in a file without text).
    static func location(_ position: SourcePosition, in file: SourceFileID) -> LineColumn {
        guard let text = files[table.path(of: file)] else { return LineColumn(line: 1, column: 1) }
        var rest = position.offset
        for (index, line) in text.lines.enumerated() {
            let length = line.utf8.count + text.lineBreak.utf8.count
            if rest < length {
                let column = String(decoding: Array(line.utf8).prefix(rest), as: UTF8.self).unicodeScalars.count + 1
                return LineColumn(line: index + 1, column: column)
            }
            rest -= length
        }
        return LineColumn(line: text.lines.count + 1, column: 1)
    }

    /// The byte offset of `line`:`column` (1-based; columns count Unicode
    /// scalars) in `text`, whose lines end with LF.
    static func offset(line: Int, column: Int, in text: String) -> Int {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let before = lines[..<(line - 1)].map { $0.utf8.count + 1 }.reduce(0, +)
        return before + String(lines[line - 1].unicodeScalars.prefix(column - 1)).utf8.count
    }

    /// A span written as lines and columns of `text`, the text of `file`.
    static func span(
        _ file: String, _ line: Int, _ column: Int, _ endLine: Int, _ endColumn: Int, in text: String
    ) -> SourceSpan {
        SourceSpan(
            file: Fixtures.file(file),
            start: SourcePosition(offset: offset(line: line, column: column, in: text)),
            end: SourcePosition(offset: offset(line: endLine, column: endColumn, in: text)))
    }

    /// Twenty lines of text, for files whose text a test does not show.
    static let filler = String(repeating: "key: value\n", count: 20)

    /// A diagnostic with its catalogue severity.
    static func diagnostic(
        _ code: String, _ message: String, at span: SourceSpan, notes: [DiagnosticNote] = [], help: String? = nil
    ) -> Diagnostic {
        Diagnostic(DiagnosticCode(code), message, at: span, notes: notes, help: help)
    }

    /// The diagnostics in the order the caller would pass them: sorted.
    static let diagnostics: [Diagnostic] = [
        diagnostic(
            "PT401", "outbound TCP port 25 of 'hub' differs from inbound TCP port 26 of its peer 'edge-1'",
            at: span(hub, line: 12, "25"),
            notes: [DiagnosticNote("'edge-1' listens on TCP port 26 here", at: span(edge, line: 5, "26"))]),
        diagnostic("PT104", "port 70000 is out of range 1-65535", at: span(hub, line: 5, "70000")),
        diagnostic("PT202", "site 'smtp-main' is not defined", at: span(hub, line: 6, "smtp-main")),
        diagnostic(
            "PT202", "relay host 'edge-9' is not defined", at: span(hub, line: 7, "edge-9"),
            notes: [DiagnosticNote("defined servers are: edge-1, hub", at: nil)]),
        diagnostic(
            "PT502", "key ring 'legacy' is defined but never used", at: span(edge, line: 7, "legacy"),
            help: "remove it, or name it in a server's tls.keyring"),
        diagnostic(
            "PT101", "unknown key 'max_szie' in defaults.smtp", at: span(defaults, line: 3, "max_szie"),
            help: "did you mean 'max_size'?"),
        diagnostic("PT005", "cannot read missing.yaml: no such file", at: .fileStart(table.id(of: missing))),
    ].sorted()
}
