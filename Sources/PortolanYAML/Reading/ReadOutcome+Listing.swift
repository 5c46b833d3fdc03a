import PortolanDiagnostics

extension ReadOutcome {
    /// A line per diagnostic, then a line per node in document order (depth,
    /// span as `line:column@offset`, file, kind, style, tag, value): two
    /// reads gave the same outcome exactly when their listings are equal.
    /// `portolan-bench dump` prints it; the reader's tests compare with it.
    public func listing(lines: LineTable) -> [String] {
        func position(_ position: SourcePosition) -> String { "\(lines.location(of: position))@\(position.offset)" }
        var listing = diagnostics.map { diagnostic in
            "\(diagnostic.code.rawValue) \(position(diagnostic.span.start))-\(position(diagnostic.span.end)) \(diagnostic.message) "
                + diagnostic.notes.map { "[\($0.message) \($0.span.map { position($0.start) } ?? "-")]" }.joined()
                + (diagnostic.help ?? "")
        }
        listing.append("nodes \(nodeCount) aliases \(aliasNodeCount) root \(root != nil)")
        var pending: [(Node, Int)] = root.map { [($0, 0)] } ?? []
        while let (node, depth) = pending.popLast() {
            let place = "\(depth) \(position(node.span.start))-\(position(node.span.end)) \(node.span.file)"
            switch node.content {
            case .scalar(let scalar):
                listing.append("\(place) scalar \(scalar.style) \(scalar.tag ?? "-") \(scalar.value.debugDescription)")
            case .sequence(let items):
                listing.append("\(place) sequence \(items.count)")
                pending.append(contentsOf: items.reversed().map { ($0, depth + 1) })
            case .mapping(let pairs):
                listing.append("\(place) mapping \(pairs.count)")
                for pair in pairs.reversed() {
                    pending.append((pair.value, depth + 1))
                    pending.append((pair.key, depth + 1))
                }
            }
        }
        return listing
    }
}
