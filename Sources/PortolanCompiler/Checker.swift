import PortolanScheduling
import PortolanDiagnostics
import PortolanLanguage
import PortolanYAML

/// Runs every rule of RULES.md from PT202 on over a decoded topology (PT201 and
/// PT205 belong to the decoder). The result is sorted in report order.
public enum Checker {
    public static func check(_ topology: Topology) -> [Diagnostic] {
        check(Model(topology))
    }

    /// Checks an already resolved model; `scheduler` runs two groups of
    /// rule families of about the same cost side by side.
    public static func check(_ model: Model, scheduler: any StageScheduler = SerialScheduler()) -> [Diagnostic] {
        let (first, second) = scheduler.both(
            { ServerRules.check(model) + HygieneRules.check(model) },
            { ReferenceRules.check(model) + PeerRules.check(model) })
        return (first + second).sorted()
    }
}
