import PortolanDiagnostics

/// Placing read nodes into their collection: keys and values of mappings with
/// duplicate detection, merge keys, the alias budget, and the end of the stream.
extension Composer {
    /// Small mappings are searched linearly; larger ones through an index.
    static let linearScanLimit = 8

    /// True when the next node read is a key of the innermost mapping.
    var expectingKey: Bool { depth > 0 && current.isMapping && !current.expectingValue }

    /// Places `node` in the innermost collection. `key` describes the node when
    /// it is a scalar key and the caller already knows it; `alias` is where an
    /// alias wrote the node, the place to report a problem with it as a key.
    mutating func attach(
        _ node: consuming Node, size: Int, end: SourcePosition, key: KeyFacts? = nil, alias: SourceSpan? = nil
    ) {
        writtenEnd = end
        guard depth > 0 else {
            root = node
            return
        }
        current.size = Self.saturatingAdd(current.size, size)
        if !current.isMapping {
            items.append(node)
        } else if current.expectingValue {
            attachValue(node)
        } else {
            attachKey(node, facts: key, alias: alias)
        }
    }

    /// A key waits on top of `items` until its value comes.
    mutating func attachKey(_ key: consuming Node, facts known: KeyFacts?, alias: SourceSpan?) {
        current.expectingValue = true
        current.skipValue = true
        guard let facts = known ?? KeyFacts(key) else {
            sink.report(.unsupportedYAML, "a key that is \(key.kindDescription) is not supported; keys are plain strings",
                   at: alias ?? key.span, help: "write the key as a string")
            return
        }
        if !facts.isMerge, let first = firstKey(named: key, fingerprint: facts.fingerprint) {
            let name = key.scalar?.value ?? ""
            sink.report(.duplicateKey, "duplicate key '\(name)' in this mapping", at: alias ?? key.span,
                   notes: [DiagnosticNote("'\(name)' is first defined here", at: first.span)],
                   help: "remove one of the two keys")
            return
        }
        current.skipValue = false
        current.pendingKeyFacts = facts
        items.append(key)
    }

    mutating func attachValue(_ value: consuming Node) {
        current.expectingValue = false
        guard !current.skipValue else { return }
        let key = items.removeLast()
        if current.pendingKeyFacts.isMerge {
            if depth <= 2 { mergedNearRoot = true }
            current.merges.append(value)
            return
        }
        let fingerprint = current.pendingKeyFacts.fingerprint
        pairs.append(Node.Pair(key: key, value: value))
        keyFingerprints.append(fingerprint)
        let count = pairs.count - current.base
        if count == Self.linearScanLimit + 1 {
            for position in (current.base..<pairs.count).reversed() {
                current.keyIndex[keyFingerprints[position]] = position
            }
        } else if count > Self.linearScanLimit, current.keyIndex[fingerprint] == nil {
            current.keyIndex[fingerprint] = pairs.count - 1
        }
    }

    /// The key of the innermost mapping with the same text as `key`. Keys are
    /// compared by fingerprint first, and by text only when the fingerprints agree.
    func firstKey(named key: borrowing Node, fingerprint: UInt64) -> Node? {
        let count = pairs.count - current.base
        if count > Self.linearScanLimit {
            guard let position = current.keyIndex[fingerprint] else { return nil }
            let first = pairs[position].key
            if first.scalar?.value == key.scalar?.value { return first }
            // Two names with one fingerprint: look at every key.
        }
        for position in current.base..<pairs.count where keyFingerprints[position] == fingerprint {
            let first = pairs[position].key
            if first.scalar?.value == key.scalar?.value { return first }
        }
        return nil
    }

    /// `<<: *base` or `<<: [*a, *b]`: keys of the merged mappings that the mapping
    /// does not set itself are added; explicit keys win, then earlier sources.
    mutating func applyMerges(_ merges: [Node], to pairs: inout [Node.Pair]) {
        var present = Set(pairs.map(\.name))
        for source in merges {
            let mappings: [Node]
            switch source.content {
            case .mapping: mappings = [source]
            case .sequence(let items) where items.allSatisfy({ $0.mapping != nil }): mappings = items
            default:
                sink.report(.wrongType, "a merge key '<<' takes a mapping or a list of mappings, found \(source.kindDescription)",
                       at: source.span)
                continue
            }
            for mapping in mappings {
                for pair in mapping.mapping ?? [] where present.insert(pair.name).inserted {
                    pairs.append(pair)
                }
            }
        }
    }

    // MARK: the alias budget

    /// The most nodes aliases may produce in a file with `ownNodes` nodes of its own.
    func aliasBudget(ownNodes: Int) -> Int {
        max(limits.maxAliasNodes, Self.saturatingMultiply(limits.aliasFactor, ownNodes))
    }

    /// Aliases cost nothing until a merge key copies what they stand for; so
    /// before a merge, the budget is checked with the nodes read so far (after
    /// the last event, with all of them). Reports PT003 and returns false when over.
    mutating func withinAliasBudget() -> Bool {
        let budget = aliasBudget(ownNodes: ownNodes)
        guard aliasNodes > budget, let crossing = aliasTotals.first(where: { $0.total > budget }) else { return true }
        sink.report(.aliasBudget, "aliases expand to more than \(budget) nodes (the budget for this file)", at: crossing.span,
             help: "write the repeated parts out, or raise the budget with --max-alias-nodes")
        return false
    }

    mutating func finishStream() {
        guard documents > 0, let root else {
            sink.report(.notOneMappingDocument, "\(file) holds no YAML document; a topology file holds exactly one mapping", at: .fileStart(fileID),
                 help: "start the file with 'portolan: 1'")
            return
        }
        guard withinAliasBudget() else { return }
        if root.mapping == nil {
            sink.report(.notOneMappingDocument, "the root of \(file) is \(root.kindDescription); a topology file's root is a mapping", at: root.span,
                 help: "start the file with 'portolan: 1'")
        }
    }
}
