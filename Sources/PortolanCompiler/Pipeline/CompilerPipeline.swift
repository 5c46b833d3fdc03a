import Foundation
import PortolanBundle
import PortolanDiagnostics
import PortolanLanguage
import PortolanScheduling
import PortolanYAML

/// The compiler as one named sequence of stages, each boundary a type:
///
///     [String] (paths) ─read─▶ ReadResult ─decode─▶ DecodeResult
///         ─resolve─▶ Model ─check─▶ [Diagnostic]
///     Model ─lower─▶ [HostBundle] ─emit─▶ EmitSummary
///
/// `check`, `build`, `plan`, `graph` and `up` are a few lines over it. Every
/// stage can be replaced (a test injects one to see what reaches it); a stage
/// works on its input and hands the independent parts of its work to the
/// pipeline's `scheduler`, so the pipeline alone decides what runs in
/// parallel; it hands decoding the node trees (`HandedDocuments`), so that
/// decoding frees them as soon as it has read them.
public struct CompilerPipeline: Sendable {
    /// One stage: from its input to its output, its independent parts run by
    /// the scheduler it is given.
    public struct Stage<Input, Output>: Sendable {
        public var run: @Sendable (Input, any StageScheduler) -> Output

        public init(_ run: @escaping @Sendable (Input, any StageScheduler) -> Output) {
            self.run = run
        }
    }

    /// What the stages read: files and folders by path, or texts already in
    /// memory named as the files they stand for.
    public enum Sources: Sendable {
        case paths([String])
        case texts([(file: String, bytes: [UInt8])])
    }

    public var read: Stage<Sources, ReadResult>
    public var decode: Stage<(documents: HandedDocuments, files: SourceFiles), DecodeResult>
    public var resolve: Stage<Topology, Model>
    public var check: Stage<Model, [Diagnostic]>
    /// Every server's bundle, for an output folder.
    public var lower: Stage<(model: Model, out: String), [HostBundle]>
    public var scheduler: any StageScheduler

    /// The compiler's own stages. By default large inputs are split over two
    /// cores (`TwoCoreScheduler`); `SerialScheduler` runs everything in order.
    public init(limits: ReaderLimits = .default, scheduler: any StageScheduler = TwoCoreScheduler()) {
        self.scheduler = scheduler
        read = Stage { sources, scheduler in
            let reader = YAMLReader(limits: limits, scheduler: scheduler)
            switch sources {
            case .paths(let paths): return reader.read(paths: paths)
            case .texts(let texts): return reader.read(texts: texts)
            }
        }
        decode = Stage { input, scheduler in TopologyDecoder.decode(input.documents, files: input.files, scheduler: scheduler) }
        resolve = Stage { topology, scheduler in Model(topology, scheduler: scheduler) }
        check = Stage { model, scheduler in Checker.check(model, scheduler: scheduler) }
        lower = Stage { input, scheduler in BundleLowering.bundles(of: input.model, out: input.out, scheduler: scheduler) }
    }

    /// Read → decode → resolve → check. Decoding runs on every file that could
    /// be read; the cross-file rules run only when every file was read, since
    /// a topology with a file missing would report references into it as
    /// undefined.
    public func check(_ sources: Sources) -> CheckOutcome {
        var read = self.read.run(sources, scheduler)
        var outcome = CheckOutcome(
            topology: nil, model: nil, diagnostics: read.diagnostics, sources: read.sources, nothingRead: read.nothingRead)
        guard !read.documents.isEmpty else { return outcome }
        // Decoding lets go of the node trees once it has read them.
        let documents = HandedDocuments(read.documents)
        read.documents = []
        let decoded = decode.run((documents: documents, files: read.sources.files), scheduler)
        outcome.diagnostics += decoded.diagnostics
        outcome.topology = decoded.topology
        let everyFileRead = !read.diagnostics.contains { $0.severity == .error && $0.code.stopsReading }
        if everyFileRead {
            let model = resolve.run(decoded.topology, scheduler)
            outcome.model = model
            outcome.diagnostics += check.run(model, scheduler)
        }
        outcome.diagnostics.sort()
        return outcome
    }

    /// `check` over the files and folders `paths` name.
    public func check(paths: [String]) -> CheckOutcome { check(.paths(paths)) }

    /// Every server's bundle of a model without errors, for the output folder `out`.
    public func bundles(of model: Model, out: String) -> [HostBundle] {
        lower.run((model: model, out: out), scheduler)
    }

    /// What the manifest of a build of `outcome` into `out` records as its inputs.
    public func inputs(of outcome: CheckOutcome, model: Model, out: String) -> BuildInputs {
        BundleLowering.inputs(of: model, sourcesDigest: Self.sourcesDigest(outcome.sources), out: out)
    }

    /// Writes `bundles` and their manifest into `out` (`BundleEmitter`).
    public func emit(_ bundles: [HostBundle], inputs: BuildInputs, into out: String) throws(BundleError) -> EmitSummary {
        try BundleEmitter.emit(bundles, inputs: inputs, to: out, scheduler: scheduler)
    }

    /// Check, then, when there are no errors, lower and emit into `out`;
    /// when `out` already holds exactly what this build would write (see
    /// `BundleEmitter.unchangedBuild`), nothing is lowered or written.
    /// `report` sees the check's outcome first and says whether to go on
    /// (a command prints the diagnostics there, and stops on errors).
    public func build(
        _ sources: Sources, into out: String, report: (CheckOutcome) -> Bool
    ) throws(BundleError) -> BuildOutcome {
        let outcome = check(sources)
        guard report(outcome), let model = outcome.model else { return BuildOutcome(check: outcome, summary: nil, bundles: []) }
        let inputs = inputs(of: outcome, model: model, out: out)
        if let summary = BundleEmitter.unchangedBuild(inputs: inputs, in: out, scheduler: scheduler) {
            return BuildOutcome(check: outcome, summary: summary, bundles: [])
        }
        let bundles = bundles(of: model, out: out)
        let summary = try emit(bundles, inputs: inputs, into: out)
        return BuildOutcome(check: outcome, summary: summary, bundles: bundles)
    }

    /// What a build of `model` into `folder` would change there, host by host.
    public func plan(_ model: Model, from folder: String) throws(BundleError) -> [HostPlan] {
        BundlePlan.diff(old: try PreviousBuild.bundles(in: folder), new: bundles(of: model, out: folder))
    }

    /// SHA-256 over every input file, path and bytes, in sorted path order.
    public static func sourcesDigest(_ sources: SourceStore) -> String {
        var bytes: [UInt8] = []
        for file in sources.readFiles.sorted() {
            let content = sources.bytes(of: file) ?? []
            bytes += Array(file.utf8) + [0] + Array(String(content.count).utf8) + [0] + content
        }
        return BundleCodec.sha256(bytes)
    }

    /// Ends the process with `status` and never frees `outputs`: a command's
    /// outputs (the trees of a large estate, its bundles) live until its
    /// process ends, and tearing them down value by value only to exit
    /// would take a noticeable part of the run.
    public static func exit<Outputs>(_ status: Int32, keeping outputs: Outputs) -> Never {
        withExtendedLifetime(outputs) { Foundation.exit(status) }
    }
}
