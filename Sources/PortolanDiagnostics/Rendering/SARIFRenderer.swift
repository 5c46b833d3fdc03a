import PortolanJSON

/// The `sarif` format: a SARIF 2.1.0 log with one run, as GitHub code scanning
/// accepts it. Every code used has one rule, results point at their rule by id
/// and index, paths are relative URIs, and each result carries a fingerprint
/// that stays the same while its code, file and message do.
struct SARIFRenderer {
    static let schema = "https://json.schemastore.org/sarif-2.1.0.json"
    static let fingerprintKey = "portolan/v1"

    /// What each span's file number stands for, and its lines.
    let sources: SourceStore
    let options: RenderOptions

    func render(_ diagnostics: [Diagnostic]) -> String {
        let codes = Set(diagnostics.map(\.code)).sorted()
        let ruleIndex = Dictionary(uniqueKeysWithValues: codes.enumerated().map { ($1, $0) })
        let rules = codes.map { code in
            SARIFRule(code: code, fallback: diagnostics.first { $0.code == code }?.severity ?? .error)
        }
        let driver: JSONValue = .object([
            "name": .string("portolan"),
            "version": .string(options.toolVersion),
            "semanticVersion": .string(options.toolVersion),
            "rules": .array(rules.map(\.descriptor)),
        ])
        let run: JSONValue = .object([
            "tool": .object(["driver": driver]),
            "columnKind": .string("unicodeCodePoints"),
            "results": .array(diagnostics.map { result(for: $0, ruleIndex: ruleIndex[$0.code] ?? 0) }),
        ])
        let log: JSONValue = .object([
            "$schema": .string(Self.schema),
            "version": .string("2.1.0"),
            "runs": .array([run]),
        ])
        return log.serialised() + "\n"
    }

    private func result(for diagnostic: Diagnostic, ruleIndex: Int) -> JSONValue {
        let related = diagnostic.notes.compactMap { note in note.span.map { (note.message, $0) } }
        let relatedLocations = related.enumerated().map { index, note -> JSONValue in
            .object([
                "id": .int(index + 1),
                "message": .object(["text": .string(note.0)]),
                "physicalLocation": physicalLocation(note.1),
            ])
        }
        return .object([
            "ruleId": .string(diagnostic.code.rawValue),
            "ruleIndex": .int(ruleIndex),
            "level": .string(diagnostic.severity.rawValue),
            "message": .object(["text": .string(messageText(diagnostic))]),
            "locations": .array([.object(["physicalLocation": physicalLocation(diagnostic.span)])]),
            "relatedLocations": relatedLocations.isEmpty ? nil : .array(relatedLocations),
            "partialFingerprints": .object([Self.fingerprintKey: .string(fingerprint(diagnostic))]),
        ])
    }

    /// The message, then the notes that have no place to point at (they cannot
    /// be related locations), then the help, each after a blank line.
    private func messageText(_ diagnostic: Diagnostic) -> String {
        let notes = diagnostic.notes.filter { $0.span == nil }.map { "note: " + $0.message }
        return ([diagnostic.message] + notes + [diagnostic.help].compactMap { $0 }).joined(separator: "\n\n")
    }

    private func physicalLocation(_ span: SourceSpan) -> JSONValue {
        let range = sources.locations(of: span)
        return .object([
            "artifactLocation": .object(["uri": .string(artifactURI(sources.path(of: span)))]),
            "region": .object([
                "startLine": .int(range.start.line),
                "startColumn": .int(range.start.column),
                "endLine": .int(range.end.line),
                "endColumn": .int(range.end.column),
            ]),
        ])
    }

    /// The path as code scanning matches it against the repository: relative,
    /// without a leading `./`.
    private func artifactPath(_ file: String) -> String {
        var path = Substring(options.displayPath(file))
        while path.hasPrefix("./") { path = path.dropFirst(2) }
        return String(path)
    }

    /// A relative URI reference for paths under the working directory; a
    /// `file:` URI for any other absolute path.
    private func artifactURI(_ file: String) -> String {
        let path = artifactPath(file)
        let encoded = Self.percentEncoded(path)
        return path.hasPrefix("/") ? "file://" + encoded : encoded
    }

    /// Every byte except RFC 3986's unreserved characters and `/` as `%XX`.
    static func percentEncoded(_ path: String) -> String {
        var output = ""
        for byte in path.utf8 {
            let scalar = Unicode.Scalar(byte)
            let unreserved = ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
                || ("0"..."9").contains(scalar) || "-._~/".unicodeScalars.contains(scalar)
            if unreserved {
                output.unicodeScalars.append(scalar)
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                output += "%" + (hex.count == 1 ? "0" : "") + hex
            }
        }
        return output
    }

    private func fingerprint(_ diagnostic: Diagnostic) -> String {
        Self.fnv1a64([diagnostic.code.rawValue, artifactPath(sources.path(of: diagnostic.span)), diagnostic.message])
    }

    /// FNV-1a (64 bit) over the parts joined by NUL bytes, as 16 hex digits.
    static func fnv1a64(_ parts: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in parts.joined(separator: "\u{0}").utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
