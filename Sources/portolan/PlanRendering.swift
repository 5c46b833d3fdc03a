import Foundation
import PortolanCompiler

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

    static func json(_ plans: [HostPlan]) -> String {
        let hosts: [[String: Any]] = plans.map { plan in
            [
                "server": plan.server,
                "action": plan.action.rawValue,
                "changes": plan.changes.map { change in
                    ["path": change.path, "old": change.old as Any? ?? NSNull(), "new": change.new as Any? ?? NSNull(),
                     "text": change.text] as [String: Any]
                },
            ]
        }
        let object: [String: Any] = ["hosts": hosts, "summary": summary(plans)]
        let data = (try? JSONSerialization.data(
            withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
