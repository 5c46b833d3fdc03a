/// A server of the model: its position in `Topology.servers`.
public struct ServerID: Hashable, Comparable, Sendable {
    public let index: Int
    public init(_ index: Int) { self.index = index }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.index < rhs.index }
}

/// A site of the model: its position in `Topology.sites`.
public struct SiteID: Hashable, Comparable, Sendable {
    public let index: Int
    public init(_ index: Int) { self.index = index }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.index < rhs.index }
}

/// A user of the model: its position in `Topology.users`.
public struct UserID: Hashable, Comparable, Sendable {
    public let index: Int
    public init(_ index: Int) { self.index = index }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.index < rhs.index }
}

/// A group of the model: its position in `Topology.groups`.
public struct GroupID: Hashable, Comparable, Sendable {
    public let index: Int
    public init(_ index: Int) { self.index = index }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.index < rhs.index }
}

/// An external host of the model: its position in `Topology.externals`.
public struct ExternalID: Hashable, Comparable, Sendable {
    public let index: Int
    public init(_ index: Int) { self.index = index }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.index < rhs.index }
}

/// The receiving end of an SMTP edge: a server of the topology or an external host.
public enum PeerID: Hashable, Sendable {
    case server(ServerID)
    case external(ExternalID)
}

/// Someone an access list can admit: a user or a server.
public enum Principal: Hashable, Sendable {
    case user(UserID)
    case server(ServerID)
}
