import CYAML
import PortolanDiagnostics
import PortolanScheduling

/// Builds the node arena of one file from libyaml's events. Open collections
/// are kept on an explicit stack, never by recursion; the entries of all of
/// them (node numbers) share two stacks, from which a collection's are moved
/// into the arena when it closes. One value per read; not shared.
struct Composer: ~Copyable {
    /// A collection being read (or, at depth 0, the document that receives the root).
    struct Frame {
        var isMapping: Bool
        var isBlock: Bool
        /// The byte offset of its first character.
        var start: Int
        var anchor: String?
        /// Where its entries begin on `items` (a sequence) or `pairs` (a mapping, counted in pairs).
        var base: Int
        /// The nodes it stands for: itself, its entries and what their aliases produced.
        var size = 1
        /// In a mapping: a key was read and its value is next. The key waits on
        /// top of `items` unless it was refused (`skipValue`).
        var expectingValue = false
        var skipValue = false
        var pendingKeyFacts = KeyFacts(fingerprint: 0, isMerge: false)
        var merges: [UInt32] = []
        /// Key fingerprint → position on `pairs`, kept once the mapping outgrows a linear scan.
        var keyIndex: [UInt64: Int] = [:]

        static let document = Frame(
            isMapping: false, isBlock: false, start: 0, base: 0)
    }

    /// The file's path, for messages.
    let file: String
    /// The file's number in the run, for spans.
    let fileID: SourceFileID
    let bytes: [UInt8]
    let limits: ReaderLimits
    var mapper: PositionMapper
    /// The innermost open collection; its parents are on `stack`.
    var current = Frame.document
    var stack: [Frame] = []
    /// The nodes read so far.
    var arena: NodeArena
    /// Entries of open sequences, and keys waiting for their value.
    var items: [UInt32] = []
    /// Keys and values of open mappings, one after the other.
    var pairs: [UInt32] = []
    /// The fingerprint of each key on `pairs`.
    var keyFingerprints: [UInt64] = []
    var anchors: [String: (node: UInt32, size: Int)] = [:]
    var root: UInt32?
    var documents = 0
    var sink = DiagnosticSink()
    /// A problem after which the file gives no topology was found.
    var fatal: Bool { sink.readingStopped }
    /// The byte offset where the text of the last scalar, alias or collection read ends.
    var writtenEnd = 0
    var ownNodes = 0
    var aliasNodes = 0
    /// The running total of alias-produced nodes after each alias, to find the one
    /// that crossed the budget once the file's own size is known.
    var aliasTotals: [(total: Int, span: SourceSpan)] = []
    /// The number of pairs on `pairs`.
    var pairCount: Int { pairs.count / 2 }

    /// A merge key (`<<`) was applied in the root mapping or in one of its values.
    var mergedNearRoot = false

    /// Reads `bytes`, the text of `file` (number `id` in the run). `mapper` places libyaml's marks when
    /// the text parsed is not `bytes` itself but a part of it (`SplitReading`).
    init(file: String, id: SourceFileID, bytes: [UInt8], limits: ReaderLimits, mapper: PositionMapper? = nil) {
        self.file = file
        fileID = id
        self.bytes = bytes
        self.limits = limits
        self.mapper = mapper ?? PositionMapper(bytes: bytes)
        arena = NodeArena(expectedBytes: bytes.count, maxNodes: limits.maxNodes)
    }

    var depth: Int { stack.count }

    /// What reading gave; the arena becomes the document the root is in.
    consuming func outcome() -> ReadOutcome {
        var node: Node?
        if !fatal, let root {
            let document = YAMLDocument(arena: arena, bytes: bytes, file: fileID)
            node = Node(document: document, index: root)
        }
        return ReadOutcome(root: node, diagnostics: sink.diagnostics, nodeCount: ownNodes, aliasNodeCount: aliasNodes)
    }

    /// Where node `index` is written.
    func span(of index: UInt32) -> SourceSpan {
        let record = arena.records[Int(index)]
        return SourceSpan(file: fileID, start: SourcePosition(offset: Int(record.start)), end: SourcePosition(offset: Int(record.end)))
    }

    /// The scalar node `index` stands for, or nil for a collection.
    func scalar(at index: UInt32) -> Scalar? {
        let record = arena.records[Int(index)]
        return record.kind.isScalar ? arena.scalar(record, in: bytes) : nil
    }

    /// What a user would call node `index`: "a string", "a list", ...
    func kindDescription(of index: UInt32) -> String {
        switch arena.records[Int(index)].kind {
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .textScalar, .storedScalar: return scalar(at: index)?.kindDescription ?? "a string"
        }
    }

    /// Files of at least this many bytes are parsed on a second thread while
    /// their nodes are built (`EventPipe`); smaller ones are read on one thread,
    /// where starting another would cost more than it saves.
    static let defaultParseAheadThreshold = 256 * 1024
    var parseAheadThreshold = Composer.defaultParseAheadThreshold
    /// Whether the parse may run alongside: the reader's scheduler's choice.
    var scheduler: any StageScheduler = SerialScheduler()

    mutating func run(_ buffer: UnsafeBufferPointer<UInt8>) {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else {
            sink.report(.fileUnreadable, "libyaml could not be initialised (out of memory)", at: .fileStart(fileID))
            return
        }
        defer { yaml_parser_delete(parser) }
        yaml_parser_set_input_string(parser, buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!, buffer.count)
        // No yaml_parser_set_encoding: libyaml then detects the encoding itself and
        // skips a UTF-8 byte order mark. With the encoding forced, it would read the
        // mark as a character of the first line and shift that line by one column.
        if buffer.count >= parseAheadThreshold {
            let pipe = EventPipe(parser: parser)
            if pipe.start(on: scheduler) {
                runParsedAhead(pipe, parser: parser)
                return
            }
        }
        var event = yaml_event_t()
        while !fatal {
            guard yaml_parser_parse(parser, &event) == 1 else {
                reportParserError(parser.pointee)
                return
            }
            let done = event.type == YAML_STREAM_END_EVENT
            handle(&event)
            yaml_event_delete(&event)
            if done { break }
            if ownNodes > limits.maxNodes { refuseNodeCount() }
        }
        if !fatal { finishStream() }
    }

    /// `run` with the events parsed ahead by `pipe`'s thread: the same events
    /// handled in the same order, with the same outcome.
    mutating func runParsedAhead(_ pipe: EventPipe, parser: UnsafeMutablePointer<yaml_parser_t>) {
        var end = EventPipe.End.more
        while end == .more && !fatal {
            end = pipe.nextBatch { events in
                for index in events.indices where !fatal {
                    handle(&events[index])
                    if ownNodes > limits.maxNodes { refuseNodeCount() }
                }
            }
        }
        if fatal { pipe.cancel() }
        pipe.join()
        // libyaml's error is read once its thread has ended.
        if end == .error && !fatal {
            reportParserError(parser.pointee)
            return
        }
        if !fatal { finishStream() }
    }

    // MARK: events

    mutating func handle(_ event: inout yaml_event_t) {
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                sink.report(.notOneMappingDocument, "\(file) holds more than one YAML document; a topology file holds exactly one",
                     at: spanOf(event), help: "split the documents into separate files")
            }
        case YAML_SCALAR_EVENT:
            scalar(event)
        case YAML_ALIAS_EVENT:
            alias(event)
        case YAML_SEQUENCE_START_EVENT:
            let data = event.data.sequence_start
            open(event, isMapping: false, isBlock: data.style == YAML_BLOCK_SEQUENCE_STYLE,
                 anchor: string(data.anchor), tag: string(data.tag), allowedTag: YAMLTag.seq)
        case YAML_MAPPING_START_EVENT:
            let data = event.data.mapping_start
            open(event, isMapping: true, isBlock: data.style == YAML_BLOCK_MAPPING_STYLE,
                 anchor: string(data.anchor), tag: string(data.tag), allowedTag: YAMLTag.map)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            close(event)
        default:
            break
        }
    }

    mutating func scalar(_ event: borrowing yaml_event_t) {
        let data = event.data.scalar
        let start = offset(event.start_mark)
        var end = offset(event.end_mark)
        if data.style == YAML_LITERAL_SCALAR_STYLE || data.style == YAML_FOLDED_SCALAR_STYLE {
            // libyaml ends a block scalar after its trailing line breaks.
            end = PositionMapper.endOfText(in: bytes, start: start, end: end)
        }
        let tag = data.tag == nil ? nil : scalarTag(string(data.tag)!, at: spanOf(event))
        let style = Self.style(data.style)
        let text = UnsafeBufferPointer(start: data.value, count: data.value == nil ? 0 : data.length)
        let key = expectingKey ? KeyFacts(text, isPlain: style == .plain && tag == nil) : nil
        // A plain scalar's value is most often its text; a quoted one's, the text inside the quotes.
        let textStart = style == .singleQuoted || style == .doubleQuoted ? start + 1 : style == .plain ? start : -1
        let node = arena.addScalar(text, start: start, end: end, textStart: textStart, in: bytes, style: style,
                                   tag: Scalar.CoreTag(tag))
        ownNodes += 1
        if data.anchor != nil, let anchor = string(data.anchor) { anchors[anchor] = (node, 1) }
        attach(node, size: 1, end: end, key: key)
    }

    /// The tag a scalar keeps: core-schema tags, with the non-specific `!` read
    /// as "string"; any other tag is reported (PT007) and dropped.
    mutating func scalarTag(_ written: String, at span: SourceSpan) -> String? {
        guard YAMLTag.scalarTags.contains(written) else {
            sink.report(.unsupportedYAML, "the tag \(Self.display(tag: written)) is not supported; topologies use plain YAML values", at: span,
                   help: "remove the tag")
            return nil
        }
        return written == YAMLTag.nonSpecific ? YAMLTag.str : written
    }

    static func style(_ style: yaml_scalar_style_t) -> Scalar.Style {
        switch style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: return .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: return .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: return .literal
        case YAML_FOLDED_SCALAR_STYLE: return .folded
        default: return .plain
        }
    }

    mutating func alias(_ event: borrowing yaml_event_t) {
        let span = spanOf(event)
        let name = string(event.data.alias.anchor) ?? ""
        guard let (node, size) = anchors[name] else {
            sink.report(.yamlSyntax, "found undefined alias *\(name)", at: span, help: "define the anchor &\(name) before this alias")
            return
        }
        aliasNodes = Self.saturatingAdd(aliasNodes, size)
        aliasTotals.append((aliasNodes, span))
        attach(node, size: size, end: span.end.offset, alias: span)
    }

    mutating func open(
        _ event: borrowing yaml_event_t, isMapping: Bool, isBlock: Bool, anchor: String?, tag: String?, allowedTag: String
    ) {
        // Only the start is kept; the whole span of the opening is for diagnostics.
        let start = offset(event.start_mark)
        if depth + 1 > limits.maxDepth {
            sink.report(.nestingTooDeep, "nesting is deeper than the limit of \(limits.maxDepth) levels", at: spanOf(event),
                 help: "flatten the structure, or raise the limit with --max-depth")
            return
        }
        if let tag, tag != allowedTag, tag != YAMLTag.nonSpecific {
            sink.report(.unsupportedYAML, "the tag \(Self.display(tag: tag)) is not supported; topologies use plain YAML values",
                   at: spanOf(event), help: "remove the tag")
        }
        ownNodes += 1
        var frame = Frame(isMapping: isMapping, isBlock: isBlock, start: start, anchor: anchor,
                          base: isMapping ? pairCount : items.count)
        swap(&frame, &current)
        stack.append(frame)
    }

    mutating func close(_ event: borrowing yaml_event_t) {
        guard var frame = stack.popLast() else { return }
        swap(&frame, &current)
        // libyaml ends a block collection where the next token starts, past any
        // comments and blank lines; its written text ends with its last entry.
        let end = frame.isBlock ? writtenEnd : offset(event.end_mark)
        let node: UInt32
        if frame.isMapping {
            if frame.expectingValue && !frame.skipValue { _ = items.removeLast() }
            keyFingerprints.removeSubrange(frame.base...)
            if !frame.merges.isEmpty {
                guard withinAliasBudget() else { return }
                applyMerges(frame.merges, toPairsFrom: 2 * frame.base)
            }
            node = arena.addCollection(isMapping: true, start: frame.start, end: end, entries: pairs[(2 * frame.base)...])
            pairs.removeSubrange((2 * frame.base)...)
        } else {
            node = arena.addCollection(isMapping: false, start: frame.start, end: end, entries: items[frame.base...])
            items.removeSubrange(frame.base...)
        }
        if let anchor = frame.anchor { anchors[anchor] = (node, frame.size) }
        attach(node, size: frame.size, end: end)
    }

    // MARK: errors

    mutating func reportParserError(_ parser: yaml_parser_t) {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown YAML error"
        let position: SourcePosition
        if parser.error == YAML_READER_ERROR {
            position = PositionMapper.position(ofByteOffset: parser.problem_offset, in: bytes)
        } else {
            let mark = parser.problem_mark
            position = mapper.position(index: mark.index)
        }
        var notes: [DiagnosticNote] = []
        if let context = parser.context.map({ String(cString: $0) }) {
            let mark = parser.context_mark
            let start = mapper.position(index: mark.index)
            notes.append(DiagnosticNote(context, at: SourceSpan(file: fileID, start: start, end: start)))
        }
        var message = problem
        if parser.error == YAML_READER_ERROR, parser.problem_value >= 0 {
            let hex = String(parser.problem_value, radix: 16, uppercase: true)
            message += " (U+\(String(repeating: "0", count: max(0, 4 - hex.count)))\(hex))"
        }
        sink.report(.yamlSyntax, message, at: SourceSpan(file: fileID, start: position, end: position), notes: notes)
    }

    // MARK: helpers

    /// The byte offset of a libyaml mark.
    mutating func offset(_ mark: yaml_mark_t) -> Int {
        mapper.offset(index: mark.index)
    }

    mutating func spanOf(_ event: borrowing yaml_event_t) -> SourceSpan {
        let start = mapper.position(index: event.start_mark.index)
        let end = mapper.position(index: event.end_mark.index)
        return SourceSpan(file: fileID, start: start, end: end)
    }

    func string(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
    }

    static func display(tag: String) -> String {
        tag.hasPrefix("tag:yaml.org,2002:") ? "!!" + tag.dropFirst("tag:yaml.org,2002:".count) : tag
    }

    static func saturatingAdd(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? Int.max : sum
    }

    static func saturatingMultiply(_ a: Int, _ b: Int) -> Int {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? Int.max : product
    }
}
