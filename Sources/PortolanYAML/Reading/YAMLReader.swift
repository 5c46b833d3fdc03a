import PortolanDiagnostics
import PortolanScheduling

/// What reading one file gave: the root mapping when the file could be used,
/// and every problem found on the way.
public struct ReadOutcome: Sendable {
    public var root: Node?
    public var diagnostics: [Diagnostic]
    /// Nodes written in the file itself (aliases not expanded).
    public var nodeCount: Int
    /// Nodes produced through aliases.
    public var aliasNodeCount: Int
}

/// Reads one YAML file with libyaml's event API into a `Node` tree whose every
/// node carries its exact span. It never recurses: nesting is kept on an explicit
/// stack that is bounded by `ReaderLimits.maxDepth`.
public struct YAMLReader: Sendable {
    public var limits: ReaderLimits
    /// Files from this size on are parsed ahead on a second thread (`.max`:
    /// never; the read benchmark compares the ways).
    public var parseAheadThreshold = Composer.defaultParseAheadThreshold
    /// Files from this size on are read in two halves on two cores when their
    /// shape allows (`SplitReading`; `.max`: never).
    public var splitThreshold = SplitReading.defaultThreshold
    /// What runs in parallel (files, halves of a file, the parse ahead of
    /// the composing): the pipeline's choice.
    public var scheduler: any StageScheduler

    public init(limits: ReaderLimits = .default, scheduler: any StageScheduler = SerialScheduler()) {
        self.limits = limits
        self.scheduler = scheduler
    }

    /// Reads `bytes`, reporting problems against `file`, the run's file
    /// number `id` (a file read alone is `.only`).
    public func read(bytes: [UInt8], file: String, id: SourceFileID = .only) -> ReadOutcome {
        if bytes.count > limits.maxFileSize {
            return failure(Diagnostic(
                .fileUnreadable, "\(file) is \(bytes.count) bytes, over the limit of \(limits.maxFileSize) bytes",
                at: .fileStart(id), help: "raise the limit with --max-file-size if the file is meant to be this large"))
        }
        if let diagnostic = encodingProblem(bytes, file: file, id: id) { return failure(diagnostic) }
        if bytes.count >= splitThreshold, let outcome = SplitReading(file: file, id: id, bytes: bytes, limits: limits, scheduler: scheduler).read() {
            return outcome
        }
        return bytes.withUnsafeBufferPointer { buffer in
            var composer = Composer(file: file, id: id, bytes: bytes, limits: limits)
            composer.parseAheadThreshold = parseAheadThreshold
            composer.scheduler = scheduler
            composer.run(buffer)
            return composer.outcome()
        }
    }

    private func failure(_ diagnostic: Diagnostic) -> ReadOutcome {
        ReadOutcome(root: nil, diagnostics: [diagnostic], nodeCount: 0, aliasNodeCount: 0)
    }

    private func encodingProblem(_ bytes: [UInt8], file: String, id: SourceFileID) -> Diagnostic? {
        let utf16or32BOM = bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE])
            || bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF])
        if utf16or32BOM {
            return Diagnostic(
                .fileUnreadable, "\(file) is not UTF-8: it starts with a UTF-16 or UTF-32 byte order mark",
                at: .fileStart(id), help: "save the file as UTF-8")
        }
        guard let offset = firstInvalidUTF8Offset(bytes) else { return nil }
        let position = PositionMapper.position(ofByteOffset: offset, in: bytes)
        let hex = String(bytes[offset], radix: 16, uppercase: true)
        return Diagnostic(
            .fileUnreadable, "\(file) is not UTF-8: byte 0x\(hex.count == 1 ? "0" + hex : hex) at offset \(offset) is not valid UTF-8",
            at: SourceSpan(file: id, start: position, end: position), help: "save the file as UTF-8")
    }
}
