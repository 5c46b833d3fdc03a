import Foundation

extension HostBundle {
    /// The bundle with every relative key ring path made absolute against the
    /// bundle's folder. Bundles store paths relative to their own folder (unless
    /// the topology wrote them absolute), so that a build moved together with its
    /// sources still finds its certificates.
    public func resolvingFilePaths(relativeTo directory: String) -> HostBundle {
        let base = URL(fileURLWithPath: directory).standardizedFileURL
        func resolve(_ files: TLSFiles?) -> TLSFiles? {
            files.map { TLSFiles(certificate: Self.absolute($0.certificate, base), key: Self.absolute($0.key, base)) }
        }
        var resolved = self
        resolved.tls = resolve(tls)
        resolved.sites = sites.map { site in
            var site = site
            site.tls = resolve(site.tls)
            return site
        }
        return resolved
    }

    static func absolute(_ path: String, _ base: URL) -> String {
        path.hasPrefix("/") ? path : base.appendingPathComponent(path).standardizedFileURL.path
    }
}

/// Paths as bundles store them.
public enum BundlePaths {
    /// `target` relative to the folder `from` (both absolute, standardized), e.g.
    /// `../../examples/estate/tls/hub.pem`.
    public static func relative(_ target: String, from folder: String) -> String {
        let targetParts = URL(fileURLWithPath: target).standardizedFileURL.pathComponents
        let folderParts = URL(fileURLWithPath: folder).standardizedFileURL.pathComponents
        var common = 0
        while common < min(targetParts.count, folderParts.count) && targetParts[common] == folderParts[common] {
            common += 1
        }
        let ups = Array(repeating: "..", count: folderParts.count - common)
        return (ups + targetParts[common...]).joined(separator: "/")
    }
}
