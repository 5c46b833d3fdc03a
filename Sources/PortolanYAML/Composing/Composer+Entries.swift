import PortolanDiagnostics

/// Placing read nodes into their collection: keys and values of mappings with
/// duplicate detection, merge keys, the alias budget, and the end of the stream.
extension Composer {
    /// Small mappings are searched linearly; larger ones through an index.
    static let linearScanLimit = 8

    /// True when the next node read is a key of the innermost mapping.
    var expectingKey: Bool { depth > 0 && current.isMapping && !current.expectingValue }

    /// Places node `node` in the innermost collection. `key` describes the
    /// node when it is a scalar key and the caller already knows it; `alias`
    /// is where an alias wrote the node, the place to report a problem with
    /// it as a key. `end` is the byte offset where its text ends.
    mutating func attach(_ node: UInt32, size: Int, end: Int, key: KeyFacts? = nil, alias: SourceSpan? = nil) {
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
    mutating func attachKey(_ key: UInt32, facts known: KeyFacts?, alias: SourceSpan?) {
        current.expectingValue = true
        current.skipValue = true
        guard let facts = known ?? keyFacts(of: key) else {
            sink.report(.unsupportedYAML, "a key that is \(kindDescription(of: key)) is not supported; keys are plain strings",
                   at: alias ?? span(of: key), help: "write the key as a string")
            return
        }
        if !facts.isMerge, let first = firstKey(sameAs: key, fingerprint: facts.fingerprint) {
            let name = scalar(at: key)?.value ?? ""
            sink.report(.duplicateKey, "duplicate key '\(name)' in this mapping", at: alias ?? span(of: key),
                   notes: [DiagnosticNote("'\(name)' is first defined here", at: span(of: first))],
                   help: "remove one of the two keys")
            return
        }
        current.skipValue = false
        current.pendingKeyFacts = facts
        items.append(key)
    }

    /// The facts of key node `key` (an alias), or nil when it is not a scalar.
    func keyFacts(of key: UInt32) -> KeyFacts? {
        let record = arena.records[Int(key)]
        guard record.kind.isScalar else { return nil }
        return arena.withValue(of: record, in: bytes) { KeyFacts($0, isPlain: record.style == .plain && record.tag == .none) }
    }

    mutating func attachValue(_ value: UInt32) {
        current.expectingValue = false
        guard !current.skipValue else { return }
        let key = items.removeLast()
        if current.pendingKeyFacts.isMerge {
            if depth <= 2 { mergedNearRoot = true }
            current.merges.append(value)
            return
        }
        let fingerprint = current.pendingKeyFacts.fingerprint
        pairs.append(key)
        pairs.append(value)
        keyFingerprints.append(fingerprint)
        let count = keyFingerprints.count - current.base
        if count == Self.linearScanLimit + 1 {
            for position in (current.base..<keyFingerprints.count).reversed() {
                current.keyIndex[keyFingerprints[position]] = position
            }
        } else if count > Self.linearScanLimit, current.keyIndex[fingerprint] == nil {
            current.keyIndex[fingerprint] = keyFingerprints.count - 1
        }
    }

    /// The key of the innermost mapping with the same text as `key`. Keys are
    /// compared by fingerprint first, and by text only when the fingerprints agree.
    func firstKey(sameAs key: UInt32, fingerprint: UInt64) -> UInt32? {
        let count = keyFingerprints.count - current.base
        if count > Self.linearScanLimit {
            guard let position = current.keyIndex[fingerprint] else { return nil }
            let first = pairs[2 * position]
            if arena.sameValue(first, key, in: bytes) { return first }
            // Two names with one fingerprint: look at every key.
        }
        for position in current.base..<keyFingerprints.count where keyFingerprints[position] == fingerprint {
            let first = pairs[2 * position]
            if arena.sameValue(first, key, in: bytes) { return first }
        }
        return nil
    }

    /// `<<: *base` or `<<: [*a, *b]`: keys of the merged mappings that the
    /// mapping (whose pairs are on `pairs` from `base` on) does not set itself
    /// are added; explicit keys win, then earlier sources.
    mutating func applyMerges(_ merges: [UInt32], toPairsFrom base: Int) {
        var present = Set<String>()
        var position = base
        while position < pairs.count {
            present.insert(scalar(at: pairs[position])?.value ?? "")
            position += 2
        }
        for source in merges {
            let record = arena.records[Int(source)]
            let mappings: [UInt32]
            switch record.kind {
            case .mapping:
                mappings = [source]
            case .sequence where arena.entries(of: source).allSatisfy({ arena.records[Int($0)].kind == .mapping }):
                mappings = Array(arena.entries(of: source))
            default:
                sink.report(.wrongType, "a merge key '<<' takes a mapping or a list of mappings, found \(kindDescription(of: source))",
                       at: span(of: source))
                continue
            }
            for mapping in mappings {
                let entries = arena.entries(of: mapping)
                var entry = entries.startIndex
                while entry < entries.endIndex {
                    let key = entries[entry]
                    if present.insert(scalar(at: key)?.value ?? "").inserted {
                        pairs.append(key)
                        pairs.append(entries[entry + 1])
                    }
                    entry += 2
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
        if arena.records[Int(root)].kind != .mapping {
            sink.report(.notOneMappingDocument, "the root of \(file) is \(kindDescription(of: root)); a topology file's root is a mapping",
                 at: span(of: root), help: "start the file with 'portolan: 1'")
        }
    }
}
