import PortolanDiagnostics
import PortolanLanguage

/// Runs every rule of RULES.md from PT202 on over a decoded topology (PT201 and
/// PT205 belong to the decoder). The result is sorted in report order.
public enum Checker {
    public static func check(_ topology: Topology) -> [Diagnostic] {
        check(Model(topology))
    }

    /// Checks an already resolved model.
    public static func check(_ model: Model) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        diagnostics += ReferenceRules.check(model)
        diagnostics += ServerRules.check(model)
        diagnostics += PeerRules.check(model)
        diagnostics += HygieneRules.check(model)
        return diagnostics.sorted()
    }
}
