import PortolanDiagnostics

/// A node of a read YAML document: a place in the document's arena, whose
/// contents and exact source span are worked out when asked for. Aliases are
/// resolved (an alias is its anchored node, with that node's span) and merge
/// keys (`<<`) are applied, so consumers see plain data.
public struct Node: Sendable {
    /// What a node holds. Entries are read from the arena as they are visited.
    public enum Content: Sendable {
        case scalar(Scalar)
        case sequence(Items)
        case mapping(Pairs)
    }

    /// A key and its value. Keys are always scalars (the reader refuses others).
    public struct Pair: Sendable {
        public var key: Node
        public var value: Node

        /// The key's text.
        public var name: String { key.scalar?.value ?? "" }
    }

    /// The items of a sequence, in order.
    public struct Items: RandomAccessCollection, Sendable {
        let document: YAMLDocument
        let first: Int
        public let count: Int

        public var startIndex: Int { 0 }
        public var endIndex: Int { count }

        public subscript(position: Int) -> Node {
            precondition(position >= 0 && position < count, "item index out of range")
            return Node(document: document, index: document.arena.entries[first + position])
        }
    }

    /// The pairs of a mapping, in the order they were written (merged pairs last).
    public struct Pairs: RandomAccessCollection, Sendable {
        let document: YAMLDocument
        let first: Int
        public let count: Int

        public var startIndex: Int { 0 }
        public var endIndex: Int { count }

        public subscript(position: Int) -> Pair {
            precondition(position >= 0 && position < count, "pair index out of range")
            let entries = first + 2 * position
            return Pair(key: Node(document: document, index: document.arena.entries[entries]),
                        value: Node(document: document, index: document.arena.entries[entries + 1]))
        }
    }

    let document: YAMLDocument
    let index: UInt32

    init(document: YAMLDocument, index: UInt32) {
        self.document = document
        self.index = index
    }

    var record: NodeRecord { document.arena.records[Int(index)] }

    /// How many nodes the document this node belongs to holds: what reading
    /// it against a grammar costs, for splitting work between files.
    public var nodesInDocument: Int { document.arena.records.count }

    /// Where the node is written, from its first character to just past its last.
    public var span: SourceSpan {
        let record = self.record
        return SourceSpan(file: document.file, start: SourcePosition(offset: Int(record.start)),
                          end: SourcePosition(offset: Int(record.end)))
    }

    public var content: Content {
        let record = self.record
        switch record.kind {
        case .sequence: return .sequence(Items(document: document, first: Int(record.first), count: Int(record.count)))
        case .mapping: return .mapping(Pairs(document: document, first: Int(record.first), count: Int(record.count)))
        case .textScalar, .storedScalar: return .scalar(document.scalar(record))
        }
    }

    /// The scalar, its text made when asked for; nil for a collection.
    public var scalar: Scalar? {
        let record = self.record
        return record.kind.isScalar ? document.scalar(record) : nil
    }

    public var sequence: Items? {
        let record = self.record
        guard record.kind == .sequence else { return nil }
        return Items(document: document, first: Int(record.first), count: Int(record.count))
    }

    public var mapping: Pairs? {
        let record = self.record
        guard record.kind == .mapping else { return nil }
        return Pairs(document: document, first: Int(record.first), count: Int(record.count))
    }

    /// The value for `key` in a mapping node, or nil.
    public subscript(key: String) -> Node? {
        mapping?.first { $0.name == key }?.value
    }

    /// What a user would call this kind of node in a message: "a string", "a list", ...
    public var kindDescription: String {
        switch record.kind {
        case .sequence: return "a list"
        case .mapping: return "a mapping"
        case .textScalar, .storedScalar: return scalar?.kindDescription ?? "a string"
        }
    }
}

/// A scalar's text as written, with how it was written: the style decides
/// whether `25` is a number (plain) or a string (quoted).
public struct Scalar: Sendable, Hashable {
    public enum Style: Sendable, Hashable {
        case plain, singleQuoted, doubleQuoted, literal, folded
    }

    /// The core-schema tags a scalar can keep, in one byte rather than a string:
    /// every node of a file has one.
    enum CoreTag: UInt8, Sendable, Hashable {
        case none, str, int, float, bool, null

        init(_ tag: String?) {
            switch tag {
            case YAMLTag.str?: self = .str
            case YAMLTag.int?: self = .int
            case YAMLTag.float?: self = .float
            case YAMLTag.bool?: self = .bool
            case YAMLTag.null?: self = .null
            default: self = .none
            }
        }

        var text: String? {
            switch self {
            case .none: return nil
            case .str: return YAMLTag.str
            case .int: return YAMLTag.int
            case .float: return YAMLTag.float
            case .bool: return YAMLTag.bool
            case .null: return YAMLTag.null
            }
        }
    }

    public var value: String
    public var style: Style
    var coreTag: CoreTag

    /// The resolved tag when one was written (`tag:yaml.org,2002:str`), else nil.
    /// Only the core schema's scalar tags are kept (the reader refuses others,
    /// PT007); setting any other tag leaves the scalar untagged.
    public var tag: String? {
        get { coreTag.text }
        set { coreTag = CoreTag(newValue) }
    }

    public init(_ value: String, style: Style = .plain, tag: String? = nil) {
        self.value = value
        self.style = style
        self.coreTag = CoreTag(tag)
    }

    init(_ value: String, style: Style, coreTag: CoreTag) {
        self.value = value
        self.style = style
        self.coreTag = coreTag
    }

    /// True for a plain, untagged scalar: the only kind whose text may be read
    /// as a number, boolean or null.
    public var isPlain: Bool { style == .plain && coreTag == .none }

    /// Plain `null`, `~` or nothing at all.
    public var isNull: Bool {
        if coreTag == .null { return true }
        // Most scalars are longer than every spelling of null.
        guard isPlain, value.utf8.count <= 4 else { return false }
        switch value {
        case "", "~", "null", "Null", "NULL": return true
        default: return false
        }
    }

    /// A plain `true` or `false` (YAML 1.2 core schema spellings).
    public var bool: Bool? {
        guard isPlain || coreTag == .bool, (4...5).contains(value.utf8.count) else { return nil }
        switch value {
        case "true", "True", "TRUE": return true
        case "false", "False", "FALSE": return false
        default: return nil
        }
    }

    /// A plain decimal integer (optionally signed), or nil.
    public var integer: Int? {
        guard isPlain || coreTag == .int else { return nil }
        return Int(value)
    }

    /// What the core schema reads the scalar as, in words: "an integer", ...
    public var kindDescription: String {
        switch coreKind {
        case .null: return "null"
        case .boolean: return "a boolean"
        case .integer: return "an integer"
        case .float: return "a number"
        case .string: return "a string"
        }
    }
}

/// The tags of YAML's core schema, the only ones a topology may use.
public enum YAMLTag {
    public static let str = "tag:yaml.org,2002:str"
    public static let int = "tag:yaml.org,2002:int"
    public static let float = "tag:yaml.org,2002:float"
    public static let bool = "tag:yaml.org,2002:bool"
    public static let null = "tag:yaml.org,2002:null"
    public static let map = "tag:yaml.org,2002:map"
    public static let seq = "tag:yaml.org,2002:seq"
    /// The non-specific tag `!`: the node is a string (or a plain collection).
    public static let nonSpecific = "!"

    static let scalarTags: Set<String> = [str, int, float, bool, null, nonSpecific]
}
