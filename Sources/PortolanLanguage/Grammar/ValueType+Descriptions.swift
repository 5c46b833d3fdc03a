extension ValueType {
    /// What a message says was expected: "expected an integer, found ...".
    var expectation: String {
        switch self {
        case .string: return "a string"
        case .boolean: return "a boolean (true or false)"
        case .version, .port: return "an integer"
        case .portOrOff: return "a port number or false"
        case .size: return "a size (bytes, or a whole number with B, KiB, MiB, GiB, KB, MB or GB)"
        case .duration: return "a duration (a whole number with s, m, h or d, e.g. 15m)"
        case .choice(let cases): return "one of " + cases.joined(separator: ", ")
        case .hostName: return "a host name"
        case .address: return "an IP address"
        case .hostOrAddress: return "a host name or an IP address"
        case .connectingHost: return "a server name, a host name, an IP address or a CIDR range"
        case .mailAddress: return "an Internet address"
        case .passwordHash: return "a password hash"
        case .list(let element): return "a list of " + element.pluralNoun
        case .namedMap: return "a mapping of names"
        case .object: return "a mapping"
        }
    }

    /// The type's name in the reference tables.
    public var referenceName: String {
        switch self {
        case .string: return "string"
        case .boolean: return "boolean"
        case .version(let supported): return "integer: " + supported.map(String.init).joined(separator: ", ")
        case .port: return "port (1-65535)"
        case .portOrOff: return "port (1-65535) or false"
        case .size: return "size"
        case .duration: return "duration"
        case .choice(let cases): return cases.joined(separator: " | ")
        case .hostName: return "host name"
        case .address: return "IP address"
        case .hostOrAddress: return "host name or IP address"
        case .connectingHost: return "server name, host name, IP address or CIDR range"
        case .mailAddress: return "Internet address"
        case .passwordHash: return "pbkdf2_sha256 hash"
        case .list(let element): return "list of " + element.referenceName
        case .namedMap(let element): return "map of name to " + element.referenceName
        case .object(let definition): return definition.name
        }
    }

    private var pluralNoun: String {
        switch self {
        case .string: return "strings"
        case .hostName: return "host names"
        case .address: return "IP addresses"
        case .hostOrAddress: return "host names or IP addresses"
        case .connectingHost: return "server names, host names, IP addresses or CIDR ranges"
        case .object: return "mappings"
        default: return "values"
        }
    }
}
