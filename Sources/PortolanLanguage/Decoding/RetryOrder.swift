import PortolanDiagnostics

/// PT110 for a retry schedule out of order: `initial <= longest <= lifetime`
/// must hold for the values a server ends up with (its own over
/// `defaults.server` over the grammar's defaults). Checked after the servers
/// are built, so that values from two places are compared; a schedule that
/// servers share through `defaults` is reported once.
enum RetryOrder {
    static func problems(_ servers: [Server]) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        var reported: Set<SourceSpan> = []
        for server in servers {
            let retry = server.smtp.outbound.retry
            // Nearly every server keeps the defaults, which are in order.
            if retry.initial.value <= retry.longest.value, retry.longest.value <= retry.lifetime.value { continue }
            let pairs = [(("initial", retry.initial), ("longest", retry.longest)), (("longest", retry.longest), ("lifetime", retry.lifetime))]
            for (shorter, longer) in pairs {
                guard let problem = problem(shorter, longer, server: server.name.value), reported.insert(problem.span).inserted else { continue }
                diagnostics.append(problem)
            }
        }
        return diagnostics
    }

    /// The diagnostic when `first` is longer than `second`: at the one written
    /// (the later key when both are), a note at the other. Refused values
    /// stand for nothing the user meant, so they are not compared.
    private static func problem(
        _ first: (key: String, value: Located<Int>), _ second: (key: String, value: Located<Int>), server: String
    ) -> Diagnostic? {
        guard first.value.value > second.value.value, !first.value.isRefused, !second.value.isRefused else { return nil }
        guard first.value.isExplicit || second.value.isExplicit else { return nil }
        let (at, other) = second.value.isExplicit ? (second, first) : (first, second)
        let isLonger = at.key == first.key
        let comparison = isLonger ? "longer than" : "shorter than"
        let otherText = other.value.isExplicit ? text(other.value.value) : "\(text(other.value.value)) (the default)"
        return Diagnostic(
            .invalidDuration, "the retry schedule of \(server) is out of order: \(at.key) is \(text(at.value.value)), \(comparison) \(other.key) (\(otherText))",
            at: at.value.span, notes: [DiagnosticNote("\(other.key) is \(otherText) here", at: other.value.span)],
            help: "retry needs initial ≤ longest ≤ lifetime: set \(at.key) to \(isLonger ? "at most" : "at least") "
                + "\(text(other.value.value)), or change \(other.key)")
    }

    static func text(_ seconds: Int) -> String { UnitLiteral.duration.text(seconds) }
}
