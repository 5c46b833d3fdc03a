import PortolanJSON

/// The relay controls of a host (Router/SMTP > Restrictions and Controls >
/// SMTP Inbound Controls), with the names the compiler resolved: who may send
/// this host mail for recipients outside the local Internet domains.
public struct RelayPolicy: Codable, Sendable, Hashable {
    /// "Perform Anti-Relay enforcement for these connecting hosts".
    public enum Enforcement: String, Codable, Sendable, Hashable {
        /// Every client is checked, internal hosts too.
        case all
        /// Internal hosts may relay; others are checked.
        case external
        /// Nobody is checked: an open relay.
        case none
    }

    /// "Exceptions for authenticated users".
    public enum Authenticated: String, Codable, Sendable, Hashable {
        /// Every authenticated session may relay.
        case allow
        /// Authenticated sessions are checked like the others.
        case check
    }

    public var enforce: Enforcement
    public var authenticated: Authenticated
    /// "Exclude these connecting hosts from anti-relay checks": addresses,
    /// CIDR ranges and host names (lowercased, sorted); a server of the
    /// topology is written as its host name and addresses.
    public var allowHosts: [String]
    /// The addresses and host names (lowercased, sorted) of the servers that
    /// relay or route non-local mail through this host: they are internal hosts.
    public var internalHosts: [String]

    public init(enforce: Enforcement, authenticated: Authenticated, allowHosts: [String], internalHosts: [String]) {
        self.enforce = enforce
        self.authenticated = authenticated
        self.allowHosts = allowHosts
        self.internalHosts = internalHosts
    }

    /// Domino's default: anti-relay enforcement for external hosts, and
    /// authenticated sessions may relay.
    public static let dominoDefault = RelayPolicy(enforce: .external, authenticated: .allow, allowHosts: [], internalHosts: [])
}

extension RelayPolicy: JSONWritable {
    public func write<Sink: JSONSink>(to json: inout Sink) {
        json.beginObject()
        json.member(CodingKeys.allowHosts, allowHosts)
        json.member(CodingKeys.authenticated, authenticated)
        json.member(CodingKeys.enforce, enforce)
        json.member(CodingKeys.internalHosts, internalHosts)
        json.endObject()
    }
}

extension RelayPolicy.Enforcement: JSONWritable {}
extension RelayPolicy.Authenticated: JSONWritable {}
