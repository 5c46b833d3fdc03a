import PortolanBundle

/// One difference between a host's current bundle and the one a build would write.
public struct PlannedChange: Sendable, Hashable {
    /// The fact's path, e.g. `outbound.tcpPort`.
    public var path: String
    public var old: String?
    public var new: String?
    /// The change in words: `outbound TCP port 25 → 26`.
    public var text: String
}

/// What a build would do to one host.
public struct HostPlan: Sendable, Hashable {
    public enum Action: String, Sendable { case add, change, remove }
    public var server: String
    public var action: Action
    public var changes: [PlannedChange]
}

/// `portolan plan`: compares the bundles of a previous build with the ones a new
/// build would write, host by host, and says what would change in words.
public enum BundlePlan {
    public static func diff(old: [HostBundle], new: [HostBundle]) -> [HostPlan] {
        let before = Dictionary(old.map { ($0.server.name, $0) }, uniquingKeysWith: { first, _ in first })
        let after = Dictionary(new.map { ($0.server.name, $0) }, uniquingKeysWith: { first, _ in first })
        var plans: [HostPlan] = []
        for name in Set(before.keys).union(after.keys).sorted() {
            switch (before[name], after[name]) {
            case (nil, _?):
                plans.append(HostPlan(server: name, action: .add, changes: []))
            case (_?, nil):
                plans.append(HostPlan(server: name, action: .remove, changes: []))
            case let (previous?, next?):
                // Most hosts of a plan are unchanged: compare the values before their facts.
                guard previous != next else { continue }
                let changes = diff(BundleFacts(previous), BundleFacts(next))
                if !changes.isEmpty { plans.append(HostPlan(server: name, action: .change, changes: changes)) }
            default:
                break
            }
        }
        return plans
    }

    static func diff(_ before: BundleFacts, _ after: BundleFacts) -> [PlannedChange] {
        var changes: [PlannedChange] = []
        // A list item that exists on one side only is one change, not one per field.
        let oldItems = before.items, newItems = after.items
        let appeared = newItems.subtracting(oldItems), vanished = oldItems.subtracting(newItems)
        for prefix in vanished.sorted() {
            changes.append(PlannedChange(path: prefix, old: "present", new: nil,
                                         text: ChangeWording.describeItem(prefix: prefix, added: false, facts: before)))
        }
        for prefix in appeared.sorted() {
            changes.append(PlannedChange(path: prefix, old: nil, new: "present",
                                         text: ChangeWording.describeItem(prefix: prefix, added: true, facts: after)))
        }
        let whole = appeared.union(vanished)
        for path in Set(before.values.keys).union(after.values.keys).sorted() where !whole.contains(where: { path.hasPrefix($0 + ".") }) {
            let old = before.values[path], new = after.values[path]
            guard old != new else { continue }
            changes.append(PlannedChange(
                path: path, old: old, new: new, text: ChangeWording.describe(path: path, old: old, new: new, after: after)))
        }
        return changes.sorted { $0.path < $1.path }
    }
}
