import PortolanLanguage

/// Finds the defined name closest to a misspelt one, for "did you mean" help
/// (names of the topology, and the command line's subcommands).
public enum NameSuggestion {
    /// The candidate with the smallest edit distance to `name`, if that distance is
    /// small for the name's length (at most a third of it, and at least 1). Ties go
    /// to the candidate that comes first, so callers pass candidates in a stable order.
    public static func closest(to name: String, among candidates: [String]) -> String? {
        let limit = max(1, name.count / 3)
        var best: (name: String, distance: Int)?
        for candidate in candidates where candidate != name {
            let distance = Suggestion.editDistance(name.lowercased(), candidate.lowercased(), limit: limit)
            guard distance <= limit else { continue }
            if best == nil || distance < best!.distance { best = (candidate, distance) }
        }
        return best?.name
    }

    /// `did you mean 'x'?`, or nil when nothing is close.
    static func help(for name: String, among candidates: [String]) -> String? {
        closest(to: name, among: candidates).map { "did you mean '\($0)'?" }
    }
}
