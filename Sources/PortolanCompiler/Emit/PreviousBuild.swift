import Foundation
import PortolanBundle

/// What an output folder holds of an earlier build: its manifest, its
/// bundles (each verified against the manifest, as `serve` verifies it) and
/// the servers it has bundles for. The one reader of a previous build, for
/// `build` (what to remove), `plan` (what to compare with) and `up --bundles`.
public enum PreviousBuild {
    /// The manifest of the build in `folder`; nil when there is none.
    public static func manifest(in folder: String) throws(BundleError) -> Manifest? {
        let path = manifestPath(in: folder)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try BundleLoader.decodeManifest(try BundleLoader.read(URL(fileURLWithPath: path)), at: path)
    }

    public static func manifestPath(in folder: String) -> String { folder + "/manifest.json" }

    /// Every bundle the manifest in `folder` lists, in its order, each
    /// verified against it. A folder with no manifest is an empty build.
    public static func bundles(in folder: String) throws(BundleError) -> [HostBundle] {
        guard let manifest = try manifest(in: folder) else { return [] }
        let path = manifestPath(in: folder)
        let entries = Dictionary(manifest.bundles.map { ($0.server, $0) }, uniquingKeysWith: { first, _ in first })
        var bundles: [HostBundle] = []
        bundles.reserveCapacity(manifest.bundles.count)
        for entry in manifest.bundles {
            let directory = URL(fileURLWithPath: folder).appendingPathComponent(entry.path).deletingLastPathComponent().path
            bundles.append(try BundleLoader.load(directory: directory, manifestAt: path, entry: { entries[$0] }))
        }
        return bundles
    }

    /// Every server the folder has a bundle of: those its manifest lists,
    /// and those with a `<server>/bundle.json` (a build that stopped before
    /// its manifest was written). An unreadable manifest lists none.
    static func servers(in folder: String) -> Set<String> {
        var names = Set((((try? manifest(in: folder)) ?? nil)?.bundles ?? []).map(\.server))
        for entry in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        where FileManager.default.fileExists(atPath: folder + "/" + entry + "/bundle.json") {
            names.insert(entry)
        }
        return names
    }
}
