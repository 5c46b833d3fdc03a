import PortolanBundle
import PortolanJSON

/// A bundle flattened into facts: a path such as `outbound.tcpPort` or
/// `sites[hub-smtp].security.tcp.anonymous` and its value as text. Lists are
/// keyed by what identifies their items (a listener by address and port, a site
/// or user by name, a route by its domains), so that a diff names the item that
/// changed rather than a position in a list.
struct BundleFacts {
    private(set) var values: [String: String] = [:]
    /// The paths of keyed list items, e.g. `listeners[*:25]`.
    private(set) var items: Set<String> = []

    init(_ bundle: HostBundle) {
        var pending: [(path: String, value: JSONValue)] = [("", JSONTreeBuilder.tree(of: bundle))]
        while let (path, value) = pending.popLast() {
            switch value {
            case .sortedObject(let dictionary):
                for (key, child) in dictionary { pending.append((Self.join(path, key), child)) }
            case .array(let array) where array.allSatisfy(\.isScalar):
                values[path] = array.map(\.text).sorted().joined(separator: ", ")
            case .array(let array):
                for (index, child) in array.enumerated() {
                    let item = path + "[" + Self.key(of: child, fallback: index) + "]"
                    items.insert(item)
                    pending.append((item, child))
                }
            default:
                values[path] = value.text
            }
        }
    }

    static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// The identity of a list item.
    static func key(of item: JSONValue, fallback: Int) -> String {
        guard case .sortedObject(let object) = item else { return String(fallback) }
        if let port = object["port"] {
            return (object["address"].map(\.text) ?? "*") + ":" + port.text
        }
        if let name = object["name"] { return name.text }
        if case .array(let domains)? = object["domains"] { return domains.map(\.text).joined(separator: ",") }
        return String(fallback)
    }
}

/// A bundle's value as a plan's text.
extension JSONValue {
    var isScalar: Bool {
        switch self {
        case .array, .object, .sortedObject: return false
        default: return true
        }
    }

    var text: String {
        switch self {
        case .null: return "none"
        case .bool(let value): return value ? "yes" : "no"
        case .int(let value): return String(value)
        case .string(let value): return value
        case .array(let items): return items.map(\.text).joined(separator: ", ")
        case .object, .sortedObject: return "{…}"
        }
    }
}
