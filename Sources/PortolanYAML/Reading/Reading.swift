import PortolanDiagnostics
import PortolanScheduling

/// Every file of an input read into node trees: the front end's whole output.
public struct ReadResult: Sendable {
    /// The root mapping of each file that could be used, in input order.
    public var documents: [(file: String, root: Node)]
    public var diagnostics: [Diagnostic]
    /// The run's files (every one given or found) and the text of each read.
    public var sources: SourceStore
    /// True when nothing could be read at all (exit code 2).
    public var nothingRead: Bool
}

extension YAMLReader {
    /// One file read: its path, its bytes and what reading them gave.
    typealias Loaded = Result<(path: String, bytes: [UInt8], outcome: ReadOutcome), Diagnostic>

    /// Reads every file the paths name (files, or directories of `*.yaml`/`*.yml`).
    public func read(paths: [String]) -> ReadResult {
        let (files, unusable) = InputFiles.expand(paths)
        // Every path is numbered before any is read: spans name files by number.
        let table = SourceFiles(files + unusable.map(\.path))
        // A directory of one file per server is thousands of files, loaded
        // in parts as the scheduler runs them; then read in parts of about
        // the same size (a thousand files of a few KiB are split as surely as
        // a hundred thousand); results are taken in input order.
        let reader = self
        let ids = files.map { table.id(of: $0) }
        let loaded = scheduler.ranges(files.count) { range in
            range.map { InputFiles.load(files[$0], id: ids[$0], limit: reader.limits.maxFileSize) }
        }.flatMap { $0 }
        let parts = scheduler.ranges(weights: loaded.map { (try? $0.get().bytes.count) ?? 0 }) { range in
            range.map { index -> Loaded in
                loaded[index].map { file in
                    (path: files[index], bytes: file.bytes, outcome: reader.read(bytes: file.bytes, file: files[index], id: ids[index]))
                }
            }
        }
        return collect(parts.joined(), files: table, after: unusable.map { $0.diagnostic(table.id(of: $0.path)) })
    }

    /// Reads texts already in memory, each named as the file it stands for
    /// (a test's fixture): the same result reading those files would give.
    public func read(texts: [(file: String, bytes: [UInt8])]) -> ReadResult {
        let reader = self
        let table = SourceFiles(texts.map(\.file))
        let loaded = scheduler.map(texts, weight: { $0.bytes.count }) { text -> Loaded in
            let outcome = reader.read(bytes: text.bytes, file: text.file, id: table.id(of: text.file))
            return .success((path: text.file, bytes: text.bytes, outcome: outcome))
        }
        return collect(loaded, files: table, after: [])
    }

    /// The files' trees in input order, their sources and every problem.
    private func collect(_ loaded: some Sequence<Loaded>, files: SourceFiles, after diagnostics: [Diagnostic]) -> ReadResult {
        var result = ReadResult(documents: [], diagnostics: diagnostics, sources: SourceStore(files: files), nothingRead: false)
        var readAny = false
        for file in loaded {
            switch file {
            case .failure(let diagnostic):
                result.diagnostics.append(diagnostic)
            case .success(let (path, bytes, outcome)):
                result.sources.add(file: path, bytes: bytes)
                if !outcome.diagnostics.contains(where: { $0.code.meansNotRead }) { readAny = true }
                result.diagnostics += outcome.diagnostics
                if let root = outcome.root { result.documents.append((path, root)) }
            }
        }
        result.nothingRead = !readAny
        return result
    }
}
