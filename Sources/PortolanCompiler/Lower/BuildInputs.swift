import PortolanBundle
import PortolanDiagnostics

/// Everything a build's bundles are lowered from, summed up in one digest that
/// the manifest records as `inputs`: the compiler version, the sources, and
/// where the output folder lies from the folders of the key ring files that
/// the topology names by relative paths (a bundle stores such a path relative
/// to its own folder). Two builds with the same digest lower the same bundles.
public struct BuildInputs: Sendable, Hashable {
    public var compiler: String
    /// `CompilerPipeline.sourcesDigest` of the sources.
    public var sources: String
    /// For each folder of key ring files named by relative paths: the folder
    /// of the file that names them and the folder part of the path, both as
    /// written, then the path from the output folder to that folder, and,
    /// when that folder holds the output folder, the name of the first folder
    /// on the way down to it; joined by zero bytes, sorted. With a key ring
    /// path and a server's name, they fix the path that server's bundle
    /// stores, wherever the sources and the output folder lie.
    public var keyRingFolders: [String]

    public init(compiler: String = PortolanVersion.current, sources: String, keyRingFolders: [String] = []) {
        self.compiler = compiler
        self.sources = sources
        self.keyRingFolders = keyRingFolders
    }

    /// SHA-256 over the compiler version, the sources digest and the key ring
    /// folders, each followed by a zero byte.
    public var digest: String {
        var bytes: [UInt8] = []
        for field in [compiler, sources] + keyRingFolders { bytes += Array(field.utf8) + [0] }
        return BundleCodec.sha256(bytes)
    }
}
