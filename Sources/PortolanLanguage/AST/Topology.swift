import PortolanDiagnostics

/// The whole estate as the user described it, merged from every input file, with
/// Domino's defaults applied. Names are not resolved yet (see PortolanCompiler).
/// Every collection keeps the order of definition (files in input order, keys in
/// file order), which makes every later stage deterministic.
public struct Topology: Sendable {
    /// The language version (`portolan: 1`).
    public var version: Located<Int>?
    /// The Domino organization (O=), the suffix of hierarchical names.
    public var organization: Located<String>?
    /// Local Internet domains; recipients elsewhere leave through relays or routes.
    public var internetDomains: [Located<String>]
    public var servers: [Server]
    public var sites: [Site]
    public var users: [User]
    public var groups: [Group]
    public var externals: [ExternalHost]

    public init(
        version: Located<Int>? = nil, organization: Located<String>? = nil, internetDomains: [Located<String>] = [],
        servers: [Server] = [], sites: [Site] = [], users: [User] = [], groups: [Group] = [], externals: [ExternalHost] = []
    ) {
        self.version = version
        self.organization = organization
        self.internetDomains = internetDomains
        self.servers = servers
        self.sites = sites
        self.users = users
        self.groups = groups
        self.externals = externals
    }

    /// The organization's name, or "" when none was given (PT103 reports that).
    public var organizationName: String { organization?.value ?? "" }
}

/// The name of an object (its key in a section) and where that key stands.
public struct Name: Sendable, Hashable {
    public var value: String
    public var span: SourceSpan

    public init(_ value: String, at span: SourceSpan) {
        self.value = value
        self.span = span
    }
}
