/// "Did you mean" for unknown keys, enum values and size units: the candidate
/// closest to what was written, when it is close enough to be a likely typo.
enum Suggestion {
    /// The closest candidate within an edit distance of at most 2, or a third
    /// of the written length when that is more; nil when none is that close.
    static func closest(to written: String, among candidates: [String]) -> String? {
        let source = Array(written.lowercased().unicodeScalars)
        let limit = max(2, source.count / 3)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let target = Array(candidate.lowercased().unicodeScalars)
            guard abs(target.count - source.count) <= limit else { continue }
            let distance = editDistance(source, target)
            guard distance <= limit, distance < max(target.count, 1) else { continue }
            if best == nil || distance < best!.distance { best = (candidate, distance) }
        }
        return best?.candidate
    }

    /// The Levenshtein distance, with two rows of memory.
    static func editDistance(_ source: [Unicode.Scalar], _ target: [Unicode.Scalar]) -> Int {
        if source.isEmpty { return target.count }
        if target.isEmpty { return source.count }
        var previous = Array(0...target.count)
        var current = [Int](repeating: 0, count: target.count + 1)
        for (i, sourceScalar) in source.enumerated() {
            current[0] = i + 1
            for (j, targetScalar) in target.enumerated() {
                let substitution = previous[j] + (sourceScalar == targetScalar ? 0 : 1)
                current[j + 1] = min(substitution, previous[j + 1] + 1, current[j] + 1)
            }
            swap(&previous, &current)
        }
        return previous[target.count]
    }

    /// `did you mean 'x'?`, or nil.
    static func didYouMean(_ written: String, among candidates: [String]) -> String? {
        closest(to: written, among: candidates).map { "did you mean '\($0)'?" }
    }
}
