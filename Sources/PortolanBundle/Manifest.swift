/// `DIR/manifest.json`: every bundle of a build with its SHA-256, and the
/// SHA-256 of the sources it was compiled from. The listener checks a bundle's
/// bytes against it before using them.
public struct Manifest: Codable, Sendable, Hashable {
    public static let currentFormat = "portolan.manifest/1"

    public var format: String
    public var compiler: String
    /// SHA-256 over every input file (path and bytes, in input order).
    public var sources: String
    /// Sorted by server name.
    public var bundles: [Entry]

    public struct Entry: Codable, Sendable, Hashable {
        public var server: String
        /// Relative to the manifest's folder: `hub/bundle.json`.
        public var path: String
        public var sha256: String

        public init(server: String, path: String, sha256: String) {
            self.server = server
            self.path = path
            self.sha256 = sha256
        }
    }

    public init(format: String = Manifest.currentFormat, compiler: String, sources: String, bundles: [Entry]) {
        self.format = format
        self.compiler = compiler
        self.sources = sources
        self.bundles = bundles
    }

    public func entry(for server: String) -> Entry? { bundles.first { $0.server == server } }
}
