import PortolanDiagnostics
import PortolanScheduling
import PortolanYAML

/// The topology decoded from every input file, and the problems found doing so.
public struct DecodeResult: Sendable {
    public var topology: Topology
    public var diagnostics: [Diagnostic]
    /// The run's files, which the spans of the topology and the diagnostics number.
    public var files: SourceFiles

    public init(topology: Topology, diagnostics: [Diagnostic], files: SourceFiles) {
        self.topology = topology
        self.diagnostics = diagnostics
        self.files = files
    }
}

/// Decodes the node trees of the input files into one `Topology`: checks every
/// key and value against `Grammar` (PT101-PT109), merges the files (PT201,
/// PT205), merges `defaults.server` under every server and fills Domino's
/// defaults. Every problem of every file is reported in one run, sorted by
/// place; a bad value is replaced by its default, and an object that cannot be
/// built (a site without `protocol`, a route without `to`) is left out.
public enum TopologyDecoder {
    /// Decodes and merges `documents` (in input order), whose spans number
    /// their files in `files`; `scheduler` runs the files, and the servers
    /// and users, each decoded alone, in parts.
    public static func decode(
        _ documents: [(file: String, root: Node)], files: SourceFiles, scheduler: any StageScheduler = SerialScheduler()
    ) -> DecodeResult {
        decode(HandedDocuments(documents), files: files, scheduler: scheduler)
    }

    /// Decodes the documents handed over, and lets go of their node trees
    /// once every file is read against the grammar, before the AST is built:
    /// the two are never alive at once.
    public static func decode(_ handed: HandedDocuments, files: SourceFiles, scheduler: any StageScheduler = SerialScheduler()) -> DecodeResult {
        var decoding = TopologyDecoding(files: files, scheduler: scheduler)
        let documents = handed.take()
        // Each file is read against the grammar on its own, then taken in
        // input order; files are split between cores by their nodes.
        let read = scheduler.map(documents, weight: { $0.root.nodesInDocument }) { document in
            TopologyDecoding.read(file: document.file, root: document.root, scheduler: scheduler)
        }
        // Freed here and now: an arena is a few large arrays, quick to free.
        _ = consume documents
        for (root, diagnostics) in read {
            decoding.add(root: root, diagnostics: diagnostics)
        }
        return decoding.finish()
    }
}

/// The node trees of the input files, handed to decoding, which takes them
/// once (`take`) and so holds the only reference to them: they are freed as
/// soon as decoding is done with them, not when its caller returns.
public final class HandedDocuments: @unchecked Sendable {
    // Taken once, by the one thread that decodes.
    private var documents: [(file: String, root: Node)]

    public init(_ documents: [(file: String, root: Node)]) {
        self.documents = documents
    }

    /// The documents; empty after the first call.
    func take() -> [(file: String, root: Node)] {
        defer { documents = [] }
        return documents
    }
}
