/// The limits that keep hostile input from exhausting time or memory. Every
/// limit has a diagnostic of its own (PT003, PT004, PT005).
public struct ReaderLimits: Sendable, Hashable {
    /// Largest input file in bytes (PT005).
    public var maxFileSize: Int
    /// Deepest nesting of sequences and mappings (PT004).
    public var maxDepth: Int
    /// Nodes that aliases may produce per file (PT003); the budget is the larger
    /// of this and `aliasFactor` times the file's own node count.
    public var maxAliasNodes: Int
    public var aliasFactor: Int
    /// Nodes (scalars, lists, mappings) written in one file (PT005). Memory
    /// grows with nodes, not bytes: a 64 MiB file of one-character list items
    /// holds 32 million of them. Four million is some 140,000 servers, and
    /// their nodes take well under 1 GiB.
    public var maxNodes: Int

    public init(
        maxFileSize: Int = 64 << 20, maxDepth: Int = 256, maxAliasNodes: Int = 10_000, aliasFactor: Int = 10,
        maxNodes: Int = 4_000_000
    ) {
        self.maxFileSize = maxFileSize
        self.maxDepth = maxDepth
        self.maxAliasNodes = maxAliasNodes
        self.aliasFactor = aliasFactor
        self.maxNodes = maxNodes
    }

    public static let `default` = ReaderLimits()
}
