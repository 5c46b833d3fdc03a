import PortolanDiagnostics

/// A value read from YAML and found to match its `ValueType`: the stage
/// between the node tree and the AST. Anything in it has passed its checks;
/// what failed was reported and left out. Only the rare, large password hash
/// is boxed; every other value is stored in place.
enum FieldValue: Sendable {
    case string(String)
    case integer(Int)
    case boolean(Bool)
    /// A `portOrOff` port that is not offered.
    case off
    indirect case password(PasswordHash)
    case list([Located<FieldValue>])
    case named([NamedValue])
    case object(FieldObject)

    var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var object: FieldObject? {
        if case .object(let value) = self { return value }
        return nil
    }
}

/// An entry of a mapping keyed by name (`servers:`, `groups:` ...).
struct NamedValue: Sendable {
    var name: Name
    var value: Located<FieldValue>
}
