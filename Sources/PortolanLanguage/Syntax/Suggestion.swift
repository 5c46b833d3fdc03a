/// "Did you mean": the candidate closest to what was written, when it is
/// close enough to be a likely typo. Unknown keys, enum values and size units
/// (`Closeness.keys`), and the names of the topology and the command line's
/// subcommands (`Closeness.names`), with the same edit distance.
public enum Suggestion {
    /// How close a candidate must be.
    public struct Closeness: Sendable {
        /// The most edits allowed is a third of the written length, and at least this.
        public var fewestEditsAllowed: Int
        /// The written length counts Unicode scalars of the lowercased text (true) or characters as written.
        public var countsScalars: Bool
        /// A candidate must be longer than its distance, so that `xy` is no typo of `to`.
        public var distanceUnderCandidateLength: Bool
        /// A candidate spelt exactly as written is passed over.
        public var passesOverItself: Bool

        /// Keys, enum values and units: 2 edits, or a third of the length when that is more.
        public static let keys = Closeness(fewestEditsAllowed: 2, countsScalars: true, distanceUnderCandidateLength: true, passesOverItself: false)
        /// Names: a third of the length, at least 1; never the name itself.
        public static let names = Closeness(fewestEditsAllowed: 1, countsScalars: false, distanceUnderCandidateLength: false, passesOverItself: true)
    }

    /// The candidate with the smallest edit distance to `written`, ignoring
    /// case, within `closeness`; nil when none is that close. Ties go to the
    /// candidate that comes first, so callers pass candidates in a stable order.
    public static func closest(to written: String, among candidates: [String], _ closeness: Closeness = .keys) -> String? {
        let source = written.lowercased()
        let length = closeness.countsScalars ? source.unicodeScalars.count : written.count
        let limit = max(closeness.fewestEditsAllowed, length / 3)
        var best: (candidate: String, distance: Int)?
        for candidate in candidates where !(closeness.passesOverItself && candidate == written) {
            let target = candidate.lowercased()
            let distance = editDistance(source, target, limit: limit)
            guard distance <= limit else { continue }
            if closeness.distanceUnderCandidateLength && distance >= max(target.unicodeScalars.count, 1) { continue }
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

    /// `did you mean 'x'?`, or nil when nothing is close.
    public static func didYouMean(_ written: String, among candidates: [String], _ closeness: Closeness = .keys) -> String? {
        closest(to: written, among: candidates, closeness).map { "did you mean '\($0)'?" }
    }
}
