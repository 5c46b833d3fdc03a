import PortolanDiagnostics

extension Composer {
    /// Stops reading a file that holds more nodes than `limits.maxNodes`: the
    /// tree of such a file would take memory out of proportion to its size.
    mutating func refuseNodeCount() {
        sink.report(.fileUnreadable, "\(file) holds more than \(limits.maxNodes) values, lists and mappings, over the limit",
             at: SourceSpan(file: fileID, start: SourcePosition(offset: writtenEnd), end: SourcePosition(offset: writtenEnd)),
             help: "split the topology into several files, or raise the limit with --max-nodes")
    }
}
