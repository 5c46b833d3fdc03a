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

extension Manifest {
    /// The bytes `CanonicalJSON` writes for the manifest, written straight
    /// from its fields instead of through `Encodable`, which takes several
    /// times as long for the thousands of bundles of a large build: keys in
    /// byte order, two-space indentation, an empty list as `[`, an empty line
    /// and `]`. The tests compare them with `JSONEncoder`'s.
    var canonicalJSON: [UInt8] {
        var writer = CanonicalJSON.Writer()
        writer.bytes.reserveCapacity(512 + 192 * bundles.count)
        writer.append("{\n  \"bundles\" : [\n")
        for (index, entry) in bundles.enumerated() {
            writer.append(index == 0 ? "    {\n      \"path\" : " : ",\n    {\n      \"path\" : ")
            writer.writeString(entry.path)
            writer.append(",\n      \"server\" : ")
            writer.writeString(entry.server)
            writer.append(",\n      \"sha256\" : ")
            writer.writeString(entry.sha256)
            writer.append("\n    }")
        }
        writer.append("\n  ],\n  \"compiler\" : ")
        writer.writeString(compiler)
        writer.append(",\n  \"format\" : ")
        writer.writeString(format)
        if let inputs {
            writer.append(",\n  \"inputs\" : ")
            writer.writeString(inputs)
        }
        writer.append(",\n  \"sources\" : ")
        writer.writeString(sources)
        writer.append("\n}")
        return writer.bytes
    }
}
