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
        // A directory of one file per server is thousands of files, read in two
        // halves on two cores; results are taken in input order.
        let reader = self
        let halves = InHalves.ranges(files.count) { range in
            files[range].map { path in
                InputFiles.load(path, limit: reader.limits.maxFileSize).map { file in
                    (path: path, bytes: file.bytes, outcome: reader.read(bytes: file.bytes, file: path))
                }
            }
        }
        for loaded in halves.joined() {
            switch loaded {
            case .failure(let diagnostic):
                result.diagnostics.append(diagnostic)
            case .success(let (path, bytes, outcome)):
                result.sources.add(file: path, bytes: bytes)
                if !outcome.diagnostics.contains(where: { $0.code.rawValue == "PT005" }) { readAny = true }
                result.diagnostics += outcome.diagnostics
                if let root = outcome.root { result.documents.append((path, root)) }
            }
        }
        result.nothingRead = !readAny
        return result
    }
}
