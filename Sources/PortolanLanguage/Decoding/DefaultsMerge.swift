import PortolanDiagnostics

/// `defaults.server` written in several files: the blocks are combined into
/// one, which `ObjectView` then lays under every server. Mappings combine key
/// by key; a scalar, a list or an object that merges as a whole (`tls`) set in
/// two blocks is a conflict. Values keep the spans of the block that wrote them.
enum DefaultsMerge {
    /// One defaults object from the blocks of every file (in input order). A key
    /// set in two blocks is PT201 at the second, with a note at the first.
    static func combine(_ blocks: [FieldObject], diagnostics: inout [Diagnostic]) -> FieldObject? {
        guard var combined = blocks.first else { return nil }
        for block in blocks.dropFirst() {
            combined = combine(combined, block, diagnostics: &diagnostics)
        }
        return combined
    }

    private static func combine(_ first: FieldObject, _ second: FieldObject, diagnostics: inout [Diagnostic]) -> FieldObject {
        var result = first.contents
        for (index, field) in first.definition.fields.enumerated() {
            guard let added = second.value(at: index) else { continue }
            guard let existing = first.value(at: index) else {
                result.set(index, added, keySpan: second.keySpan(at: index))
                continue
            }
            if case .object(let left) = existing.value, case .object(let right) = added.value, !left.definition.mergesAsWhole {
                let combined = existing.replacing(.object(combine(left, right, diagnostics: &diagnostics)))
                result.set(index, combined, keySpan: first.keySpan(at: index))
                continue
            }
            let path = FieldObject.join(second.path, field.name)
            let secondSpan = second.keySpan(at: index) ?? added.span
            let firstSpan = first.keySpan(at: index) ?? existing.span
            diagnostics.append(Diagnostic(
                .duplicateName, "the default \(path) is set twice", at: secondSpan,
                notes: [DiagnosticNote("\(path) is first set here", at: firstSpan)],
                help: "set each default in one file only; this value is ignored"))
        }
        return first.with(result)
    }
}
