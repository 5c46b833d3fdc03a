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

    /// Checks an already resolved model. `scheduler` runs the checks per
    /// sender in parts (they are most of the work on a large estate, and
    /// their cost follows the number of servers), then two groups of the
    /// other rule families side by side. The result is in the same order on
    /// any scheduler.
    public static func check(_ model: Model, scheduler: any StageScheduler = SerialScheduler()) -> [Diagnostic] {
        let groups = ListenerGroups(model)
        let relayed = PeerRules.Admissions.relayed(in: model, scheduler: scheduler)
        let senders = scheduler.ranges(model.topology.servers.count) { range in
            PeerRules.senders(range, in: model, groups: groups, admissions: PeerRules.Admissions(relayed: relayed))
        }
        let (servers, (references, estate)) = scheduler.both(
            { ServerRules.check(model) + HygieneRules.check(model) },
            { (ReferenceRules.check(model), PeerRules.estateWide(model)) })
        var all = servers + references
        for part in senders { all += part }
        return (all + estate).sorted()
    }
}
