/// "Did you mean" for unknown keys, enum values and size units: the candidate
/// closest to what was written, when it is close enough to be a likely typo.
/// Its edit distance also serves the compiler's suggestions for names.
public enum Suggestion {
    /// The closest candidate within an edit distance of at most 2, or a third
    /// of the written length when that is more; nil when none is that close.
    static func closest(to written: String, among candidates: [String]) -> String? {
        let source = written.lowercased()
        let limit = max(2, source.unicodeScalars.count / 3)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let target = candidate.lowercased()
            let distance = editDistance(source, target, limit: limit)
            guard distance <= limit, distance < max(target.unicodeScalars.count, 1) else { continue }
            if best == nil || distance < best!.distance { best = (candidate, distance) }
        }
        return best?.candidate
    }

    /// Edit distance over Unicode scalars where swapping two neighbours counts as
    /// one edit (optimal string alignment), so `hbu` is one edit from `hub`.
    /// Returns `limit + 1` early when the lengths alone exceed the limit.
    public static func editDistance(_ a: String, _ b: String, limit: Int) -> Int {
        let a = Array(a.unicodeScalars), b = Array(b.unicodeScalars)
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var beforePrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j - 1] + cost, previous[j] + 1, current[j - 1] + 1)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            (beforePrevious, previous, current) = (previous, current, beforePrevious)
        }
        return previous[b.count]
    }

    /// `did you mean 'x'?`, or nil.
    static func didYouMean(_ written: String, among candidates: [String]) -> String? {
        closest(to: written, among: candidates).map { "did you mean '\($0)'?" }
    }
}
