import PortolanCompiler
import PortolanJSON

/// How `plan` prints its result.
enum PlanRendering {
    /// One line per change, `host: change`, then a summary line.
    static func text(_ plans: [HostPlan]) -> String {
        var lines: [String] = []
        for plan in plans {
            switch plan.action {
            case .add: lines.append("\(plan.server): new host, a bundle will be added")
            case .remove: lines.append("\(plan.server): no longer in the topology, its bundle will be removed")
            case .change: lines += plan.changes.map { "\(plan.server): \($0.text)" }
            }
        }
        lines.append(summary(plans))
        return lines.joined(separator: "\n") + "\n"
    }

    static func summary(_ plans: [HostPlan]) -> String {
        if plans.isEmpty { return "No changes." }
        let count = { (action: HostPlan.Action) in plans.filter { $0.action == action }.count }
        return "\(plans.count) host\(plans.count == 1 ? "" : "s") to update: \(count(.add)) added, "
            + "\(count(.change)) changed, \(count(.remove)) removed"
    }

    /// `{"hosts": [...], "summary": ...}`, keys sorted, in the layout of the bundles.
    static func json(_ plans: [HostPlan]) -> String {
        let hosts: [JSONValue] = plans.map { plan in
            .sortedObject([
                "server": .string(plan.server),
                "action": .string(plan.action.rawValue),
                "changes": .array(plan.changes.map { change in
                    .sortedObject([
                        "path": .string(change.path), "old": .optional(change.old), "new": .optional(change.new),
                        "text": .string(change.text),
                    ])
                }),
            ])
        }
        let document = JSONValue.sortedObject(["hosts": .array(hosts), "summary": .string(summary(plans))])
        return document.serialised(layout: .foundation) + "\n"
    }
}
