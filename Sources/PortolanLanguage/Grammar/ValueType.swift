/// The kind of value a key of the language holds. The decoder's checks (PT102,
/// PT104-PT107, PT109, PT110) and the JSON Schema's constraints both come from this
/// one description, so the two cannot disagree about what a key accepts.
public indirect enum ValueType: Sendable {
    /// Any string. Plain scalars that YAML's core schema reads as null, a
    /// boolean or a number are not strings.
    case string
    /// `true` or `false` (YAML 1.2 spellings only: `yes` and `on` are strings).
    case boolean
    /// The language version: an integer among the supported ones (PT108 otherwise).
    case version(supported: [Int])
    /// A TCP port number, 1-65535.
    case port
    /// A port number, or `false` when the port is not offered.
    case portOrOff
    /// A size in bytes: a positive integer, or a size literal such as `10MiB`.
    case size
    /// A duration in seconds, written as a whole number and a unit: `15m`, `4h`.
    case duration
    /// One of a fixed set of words.
    case choice([String])
    /// A DNS host name (letters, digits and hyphens in dot-separated labels).
    case hostName
    /// An IPv4 dotted quad or an IPv6 address.
    case address
    /// A host name or an IP address.
    case hostOrAddress
    /// A client named in relay controls: a server name or host name (host name
    /// syntax), an IP address, or a CIDR range.
    case connectingHost
    /// An Internet mail address, `local@host.name`.
    case mailAddress
    /// A passlib `pbkdf2_sha256` hash.
    case passwordHash
    /// A YAML sequence of values of one type.
    case list(ValueType)
    /// A YAML mapping from names (the keys) to values of one type.
    case namedMap(ValueType)
    /// A YAML mapping with a fixed set of keys.
    case object(ObjectDefinition)

    /// The literal syntax of a size or a duration, whose defaults are written as text.
    var unitLiteral: UnitLiteral? {
        switch self {
        case .size: return .size
        case .duration: return .duration
        default: return nil
        }
    }

    /// The object definition when this is an object type.
    public var objectDefinition: ObjectDefinition? {
        if case .object(let definition) = self { return definition }
        return nil
    }
}

/// What a key's value is when the key is not written.
public enum DefaultValue: Sendable, Equatable {
    case boolean(Bool)
    case integer(Int)
    /// A string, a choice, or a size literal, as it would be written.
    case text(String)
    case emptyList
    /// For `portOrOff`: the port is not offered.
    case off
    /// For an object: the object is present and every key in it takes its default.
    case fields
    /// Computed by the decoder from the rest of the topology; the text says how.
    case derived(String)
}
