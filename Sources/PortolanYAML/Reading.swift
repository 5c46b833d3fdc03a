import PortolanDiagnostics

/// Every file of an input read into node trees: the front end's whole output.
public struct ReadResult: Sendable {
    /// The root mapping of each file that could be used, in input order.
    public var documents: [(file: String, root: Node)]
    public var diagnostics: [Diagnostic]
    public var sources: SourceStore
    /// True when nothing could be read at all (exit code 2).
    public var nothingRead: Bool
}

extension YAMLReader {
    /// Reads every file the paths name (files, or directories of `*.yaml`/`*.yml`).
    public func read(paths: [String]) -> ReadResult {
        let (files, expandDiagnostics) = InputFiles.expand(paths)
        var result = ReadResult(documents: [], diagnostics: expandDiagnostics, sources: SourceStore(), nothingRead: false)
        var readAny = false
        for path in files {
            switch InputFiles.load(path, limit: limits.maxFileSize) {
            case .failure(let diagnostic):
                result.diagnostics.append(diagnostic)
            case .success(let file):
                result.sources.add(file: path, bytes: file.bytes)
                let outcome = read(bytes: file.bytes, file: path)
                if !outcome.diagnostics.contains(where: { $0.code.rawValue == "PT005" }) { readAny = true }
                result.diagnostics += outcome.diagnostics
                if let root = outcome.root { result.documents.append((path, root)) }
            }
        }
        result.nothingRead = !readAny
        return result
    }
}
