import PortolanJSON

/// `DIR/manifest.json`: every bundle of a build with its SHA-256, and the
/// SHA-256 of the sources it was compiled from. The listener checks a bundle's
/// bytes against it before using them; the next build compares its `inputs`
/// with its own to know whether the bundles can stay as they are.
public struct Manifest: Codable, Sendable, Hashable {
    public static let currentFormat = "portolan.manifest/1"

    public var format: String
    public var compiler: String
    /// SHA-256 over every input file (path as given and bytes, in path order).
    public var sources: String
    /// SHA-256 over everything the bundles were lowered from: the compiler
    /// version, `sources`, and the key ring files as seen from the output
    /// folder. Absent in a manifest written before it was recorded.
    public var inputs: String?
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

    public init(
        format: String = Manifest.currentFormat, compiler: String, sources: String, inputs: String? = nil, bundles: [Entry]
    ) {
        self.format = format
        self.compiler = compiler
        self.sources = sources
        self.inputs = inputs
        self.bundles = bundles
    }

    public func entry(for server: String) -> Entry? { bundles.first { $0.server == server } }
}

extension Manifest: JSONWritable {
    public func write<Sink: JSONSink>(to json: inout Sink) {
        json.beginObject()
        json.member(CodingKeys.bundles, bundles)
        json.member(CodingKeys.compiler, compiler)
        json.member(CodingKeys.format, format)
        json.member(CodingKeys.inputs, ifPresent: inputs)
        json.member(CodingKeys.sources, sources)
        json.endObject()
    }
}

extension Manifest.Entry: JSONWritable {
    public func write<Sink: JSONSink>(to json: inout Sink) {
        json.beginObject()
        json.member(CodingKeys.path, path)
        json.member(CodingKeys.server, server)
        json.member(CodingKeys.sha256, sha256)
        json.endObject()
    }
}
