import PortolanDiagnostics

/// `defaults.server`: combining the blocks of several files, and merging the
/// result under each server. Mappings merge key by key and explicit values
/// win; lists, scalars and objects that merge as a whole (`tls`) are replaced.
/// Values keep the spans of the place that wrote them, so a value a server got
/// from `defaults` points into the `defaults` block.
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
        var result = first.editableSlots
        for (index, field) in first.definition.fields.enumerated() {
            guard let added = second.value(at: index) else { continue }
            guard let existing = first.value(at: index) else {
                result[index] = FieldObject.Slot(value: added, keySpan: second.keySpan(at: index))
                continue
            }
            if case .object(let left) = existing.value, case .object(let right) = added.value, !left.definition.mergesAsWhole {
                result[index].value = existing.replacing(FieldValue.object(combine(left, right, diagnostics: &diagnostics)))
                continue
            }
            let path = FieldObject.join(second.path, field.name)
            let secondSpan = second.keySpan(at: index) ?? added.span
            let firstSpan = first.keySpan(at: index) ?? existing.span
            diagnostics.append(Diagnostic(
                DiagnosticCode("PT201"), .error, "the default \(path) is set twice", at: secondSpan,
                notes: [DiagnosticNote("\(path) is first set here", at: firstSpan)],
                help: "set each default in one file only; this value is ignored"))
        }
        return first.with(result)
    }

    /// `own` with every key it does not write taken from `defaults`. Objects
    /// taken whole from `defaults` are anchored at `own`'s anchor, so that their
    /// own defaults point at the server rather than at the shared block.
    static func merge(_ own: FieldObject, under defaults: FieldObject) -> FieldObject {
        var result = own.editableSlots
        for (index, field) in own.definition.fields.enumerated() {
            guard let inherited = defaults.value(at: index) else { continue }
            guard let written = own.value(at: index) else {
                let path = FieldObject.join(own.path, field.name)
                result[index] = FieldObject.Slot(value: reanchored(inherited, at: own.anchor, path: path), keySpan: defaults.keySpan(at: index))
                continue
            }
            if case .object(let mine) = written.value, case .object(let theirs) = inherited.value, !mine.definition.mergesAsWhole {
                result[index].value = written.replacing(FieldValue.object(merge(mine, under: theirs)))
            }
        }
        return own.with(result)
    }

    private static func reanchored(_ value: Located<FieldValue>, at anchor: SourceSpan, path: String) -> Located<FieldValue> {
        guard case .object(let object) = value.value else { return value }
        return value.replacing(FieldValue.object(object.reanchored(at: anchor, path: path)))
    }
}
