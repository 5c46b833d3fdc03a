import CYAML
import PortolanDiagnostics

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

    public init(limits: ReaderLimits = .default) {
        self.limits = limits
    }

    /// Reads `bytes`, reporting problems against `file`.
    public func read(bytes: [UInt8], file: String) -> ReadOutcome {
        if bytes.count > limits.maxFileSize {
            return failure(Diagnostic(
                DiagnosticCode("PT005"), .error,
                "\(file) is \(bytes.count) bytes, over the limit of \(limits.maxFileSize) bytes",
                at: .fileStart(file), help: "raise the limit with --max-file-size if the file is meant to be this large"))
        }
        if let diagnostic = encodingProblem(bytes, file: file) { return failure(diagnostic) }
        return bytes.withUnsafeBufferPointer { buffer in
            var composer = Composer(file: file, bytes: bytes, limits: limits)
            composer.run(buffer)
            return composer.outcome()
        }
    }

    private func failure(_ diagnostic: Diagnostic) -> ReadOutcome {
        ReadOutcome(root: nil, diagnostics: [diagnostic], nodeCount: 0, aliasNodeCount: 0)
    }

    private func encodingProblem(_ bytes: [UInt8], file: String) -> Diagnostic? {
        let utf16or32BOM = bytes.starts(with: [0xFE, 0xFF]) || bytes.starts(with: [0xFF, 0xFE])
            || bytes.starts(with: [0x00, 0x00, 0xFE, 0xFF])
        if utf16or32BOM {
            return Diagnostic(
                DiagnosticCode("PT005"), .error, "\(file) is not UTF-8: it starts with a UTF-16 or UTF-32 byte order mark",
                at: .fileStart(file), help: "save the file as UTF-8")
        }
        guard let offset = firstInvalidUTF8Offset(bytes) else { return nil }
        let position = PositionMapper.position(ofByteOffset: offset, in: bytes)
        let hex = String(bytes[offset], radix: 16, uppercase: true)
        return Diagnostic(
            DiagnosticCode("PT005"), .error,
            "\(file) is not UTF-8: byte 0x\(hex.count == 1 ? "0" + hex : hex) at offset \(offset) is not valid UTF-8",
            at: SourceSpan(file: file, start: position, end: position), help: "save the file as UTF-8")
    }
}

/// Builds the node tree from libyaml's events. One value per read; not shared.
private struct Composer {
    struct Frame {
        var isMapping: Bool
        var start: SourcePosition
        var anchor: String?
        var items: [Node] = []
        var pairs: [Node.Pair] = []
        var pendingKey: Node?
        var keyIndex: [String: Int] = [:]
        var merges: [Node] = []
        var skipValue = false
        var expectingValue = false
        var size = 1
    }

    let file: String
    let bytes: [UInt8]
    let limits: ReaderLimits
    var mapper: PositionMapper
    var stack: [Frame] = []
    var anchors: [String: (node: Node, size: Int)] = [:]
    var root: Node?
    var rootSize = 0
    var documents = 0
    var diagnostics: [Diagnostic] = []
    var fatal = false
    var ownNodes = 0
    var aliasNodes = 0
    /// The running total of alias-produced nodes after each alias, to find the one
    /// that crossed the budget once the file's own size is known.
    var aliasTotals: [(total: Int, span: SourceSpan)] = []

    init(file: String, bytes: [UInt8], limits: ReaderLimits) {
        self.file = file
        self.bytes = bytes
        self.limits = limits
        mapper = PositionMapper(bytes: bytes)
    }

    func outcome() -> ReadOutcome {
        ReadOutcome(root: fatal ? nil : root, diagnostics: diagnostics, nodeCount: ownNodes, aliasNodeCount: aliasNodes)
    }

    mutating func run(_ buffer: UnsafeBufferPointer<UInt8>) {
        let parser = UnsafeMutablePointer<yaml_parser_t>.allocate(capacity: 1)
        defer { parser.deallocate() }
        guard yaml_parser_initialize(parser) == 1 else {
            fail("PT005", "libyaml could not be initialised (out of memory)", at: .fileStart(file))
            return
        }
        defer { yaml_parser_delete(parser) }
        yaml_parser_set_input_string(parser, buffer.baseAddress ?? UnsafePointer(bitPattern: 1)!, buffer.count)
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
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
        }
        if !fatal { finishStream() }
    }

    // MARK: events

    mutating func handle(_ event: inout yaml_event_t) {
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            documents += 1
            if documents > 1 {
                let span = spanOf(event)
                fail("PT006", "\(file) holds more than one YAML document; a topology file holds exactly one", at: span,
                     help: "split the documents into separate files")
            }
        case YAML_SCALAR_EVENT:
            scalar(event)
        case YAML_ALIAS_EVENT:
            alias(event)
        case YAML_SEQUENCE_START_EVENT:
            open(event, isMapping: false, anchor: string(event.data.sequence_start.anchor),
                 tag: string(event.data.sequence_start.tag), allowedTag: YAMLTag.seq)
        case YAML_MAPPING_START_EVENT:
            open(event, isMapping: true, anchor: string(event.data.mapping_start.anchor),
                 tag: string(event.data.mapping_start.tag), allowedTag: YAMLTag.map)
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            close(event)
        default:
            break
        }
    }

    mutating func scalar(_ event: yaml_event_t) {
        let data = event.data.scalar
        let span = spanOf(event)
        var tag = string(data.tag)
        if let written = tag, !YAMLTag.scalarTags.contains(written) {
            report("PT007", "the tag \(Self.display(tag: written)) is not supported; topologies use plain YAML values", at: span,
                   help: "remove the tag")
            tag = nil
        }
        let value = data.value.map { String(decoding: UnsafeBufferPointer(start: $0, count: data.length), as: UTF8.self) } ?? ""
        let style: Scalar.Style
        switch data.style {
        case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
        case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
        case YAML_LITERAL_SCALAR_STYLE: style = .literal
        case YAML_FOLDED_SCALAR_STYLE: style = .folded
        default: style = .plain
        }
        // A non-specific tag on a plain scalar or a quoted scalar means "string".
        if tag == YAMLTag.nonSpecific { tag = YAMLTag.str }
        let node = Node(.scalar(Scalar(value, style: style, tag: tag)), span: span)
        ownNodes += 1
        if let anchor = string(data.anchor) { anchors[anchor] = (node, 1) }
        attach(node, size: 1)
    }

    mutating func alias(_ event: yaml_event_t) {
        let span = spanOf(event)
        let name = string(event.data.alias.anchor) ?? ""
        guard let (node, size) = anchors[name] else {
            fail("PT001", "found undefined alias *\(name)", at: span, help: "define the anchor &\(name) before this alias")
            return
        }
        let (total, overflow) = aliasNodes.addingReportingOverflow(size)
        aliasNodes = overflow ? Int.max : total
        aliasTotals.append((aliasNodes, span))
        attach(node, size: size)
    }

    mutating func open(_ event: yaml_event_t, isMapping: Bool, anchor: String?, tag: String?, allowedTag: String) {
        let span = spanOf(event)
        if stack.count + 1 > limits.maxDepth {
            fail("PT004", "nesting is deeper than the limit of \(limits.maxDepth) levels", at: span,
                 help: "flatten the structure, or raise the limit with --max-depth")
            return
        }
        if let tag, tag != allowedTag, tag != YAMLTag.nonSpecific {
            report("PT007", "the tag \(Self.display(tag: tag)) is not supported; topologies use plain YAML values", at: span,
                   help: "remove the tag")
        }
        ownNodes += 1
        stack.append(Frame(isMapping: isMapping, start: span.start, anchor: anchor))
    }

    mutating func close(_ event: yaml_event_t) {
        guard var frame = stack.popLast() else { return }
        let end = mapper.position(line: event.end_mark.line, column: event.end_mark.column, index: event.end_mark.index)
        let span = SourceSpan(file: file, start: frame.start, end: end)
        let node: Node
        if frame.isMapping {
            applyMerges(&frame)
            node = Node(.mapping(frame.pairs), span: span)
        } else {
            node = Node(.sequence(frame.items), span: span)
        }
        if let anchor = frame.anchor { anchors[anchor] = (node, frame.size) }
        attach(node, size: frame.size)
    }

    // MARK: building

    mutating func attach(_ node: Node, size: Int) {
        guard !stack.isEmpty else {
            root = node
            rootSize = size
            return
        }
        let top = stack.count - 1
        stack[top].size = Self.saturatingAdd(stack[top].size, size)
        if !stack[top].isMapping {
            stack[top].items.append(node)
        } else if stack[top].expectingValue {
            attachValue(node, to: top)
        } else {
            attachKey(node, to: top)
        }
    }

    mutating func attachKey(_ key: Node, to top: Int) {
        stack[top].expectingValue = true
        stack[top].skipValue = false
        guard let scalar = key.scalar else {
            report("PT007", "a key that is \(key.kindDescription) is not supported; keys are plain strings", at: key.span,
                   help: "write the key as a string")
            stack[top].skipValue = true
            return
        }
        if scalar.value == "<<" && scalar.isPlain {
            stack[top].pendingKey = key
            return
        }
        if let first = firstKey(named: scalar.value, in: stack[top]) {
            report("PT002", "duplicate key '\(scalar.value)' in this mapping", at: key.span,
                   notes: [DiagnosticNote("'\(scalar.value)' is first defined here", at: first.span)],
                   help: "remove one of the two keys")
            stack[top].skipValue = true
            return
        }
        stack[top].pendingKey = key
    }

    mutating func attachValue(_ value: Node, to top: Int) {
        stack[top].expectingValue = false
        guard !stack[top].skipValue, let key = stack[top].pendingKey else { return }
        stack[top].pendingKey = nil
        if key.scalar?.value == "<<" && key.scalar?.isPlain == true {
            stack[top].merges.append(value)
            return
        }
        stack[top].pairs.append(Node.Pair(key: key, value: value))
        if stack[top].pairs.count > Self.linearScanLimit {
            if stack[top].keyIndex.isEmpty {
                for (index, pair) in stack[top].pairs.enumerated() { stack[top].keyIndex[pair.name] = index }
            } else {
                stack[top].keyIndex[key.scalar!.value] = stack[top].pairs.count - 1
            }
        }
    }

    /// Small mappings are searched linearly; larger ones through an index.
    static let linearScanLimit = 8

    func firstKey(named name: String, in frame: Frame) -> Node? {
        if frame.pairs.count > Self.linearScanLimit {
            return frame.keyIndex[name].map { frame.pairs[$0].key }
        }
        return frame.pairs.first { $0.name == name }?.key
    }

    /// `<<: *base` or `<<: [*a, *b]`: keys of the merged mappings that the mapping
    /// does not set itself are added; explicit keys win, then earlier sources.
    mutating func applyMerges(_ frame: inout Frame) {
        guard !frame.merges.isEmpty else { return }
        var present = Set(frame.pairs.map(\.name))
        for source in frame.merges {
            let mappings: [Node]
            switch source.content {
            case .mapping: mappings = [source]
            case .sequence(let items) where items.allSatisfy({ $0.mapping != nil }): mappings = items
            default:
                report("PT102", "a merge key '<<' takes a mapping or a list of mappings, found \(source.kindDescription)",
                       at: source.span)
                continue
            }
            for mapping in mappings {
                for pair in mapping.mapping ?? [] where present.insert(pair.name).inserted {
                    frame.pairs.append(pair)
                }
            }
        }
    }

    mutating func finishStream() {
        guard documents > 0, let root else {
            fail("PT006", "\(file) holds no YAML document; a topology file holds exactly one mapping", at: .fileStart(file),
                 help: "start the file with 'portolan: 1'")
            return
        }
        let budget = max(limits.maxAliasNodes, Self.saturatingMultiply(limits.aliasFactor, ownNodes))
        if aliasNodes > budget, let crossing = aliasTotals.first(where: { $0.total > budget }) {
            fail("PT003", "aliases expand to more than \(budget) nodes (the budget for this file)", at: crossing.span,
                 help: "write the repeated parts out, or raise the budget with --max-alias-nodes")
            return
        }
        if root.mapping == nil {
            fail("PT006", "the root of \(file) is \(root.kindDescription); a topology file's root is a mapping", at: root.span,
                 help: "start the file with 'portolan: 1'")
        }
    }

    // MARK: errors

    mutating func reportParserError(_ parser: yaml_parser_t) {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown YAML error"
        let position: SourcePosition
        if parser.error == YAML_READER_ERROR {
            position = PositionMapper.position(ofByteOffset: parser.problem_offset, in: bytes)
        } else {
            let mark = parser.problem_mark
            position = mapper.position(line: mark.line, column: mark.column, index: mark.index)
        }
        var notes: [DiagnosticNote] = []
        if let context = parser.context.map({ String(cString: $0) }) {
            let mark = parser.context_mark
            let start = mapper.position(line: mark.line, column: mark.column, index: mark.index)
            notes.append(DiagnosticNote(context, at: SourceSpan(file: file, start: start, end: start)))
        }
        var message = problem
        if parser.error == YAML_READER_ERROR, parser.problem_value >= 0 {
            let hex = String(parser.problem_value, radix: 16, uppercase: true)
            message += " (U+\(String(repeating: "0", count: max(0, 4 - hex.count)))\(hex))"
        }
        fail("PT001", message, at: SourceSpan(file: file, start: position, end: position), notes: notes)
    }

    mutating func report(_ code: String, _ message: String, at span: SourceSpan, notes: [DiagnosticNote] = [], help: String? = nil) {
        diagnostics.append(Diagnostic(DiagnosticCode(code), .error, message, at: span, notes: notes, help: help))
    }

    /// Reports a problem after which the file cannot be used.
    mutating func fail(_ code: String, _ message: String, at span: SourceSpan, notes: [DiagnosticNote] = [], help: String? = nil) {
        report(code, message, at: span, notes: notes, help: help)
        fatal = true
    }

    // MARK: helpers

    mutating func spanOf(_ event: yaml_event_t) -> SourceSpan {
        let start = mapper.position(line: event.start_mark.line, column: event.start_mark.column, index: event.start_mark.index)
        let end = mapper.position(line: event.end_mark.line, column: event.end_mark.column, index: event.end_mark.index)
        return SourceSpan(file: file, start: start, end: end)
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
