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
        relative(standardComponents(target), from: standardComponents(folder))
    }

    /// An absolute path with `.`, `..` and repeated slashes resolved by its text
    /// alone, as `URL.standardizedFileURL` does (no symbolic link is followed):
    /// `/a/./b//c/../d` is `/a/b/d`.
    public static func standardized(_ path: String) -> String {
        "/" + standardComponents(path).joined(separator: "/")
    }

    /// The components of `standardized(path)`, without the root.
    public static func standardComponents(_ path: String) -> [Substring] {
        appending(path, to: [])
    }

    /// The components of `standardized(base + "/" + path)`, where `base` are
    /// already standardized components.
    public static func appending(_ path: String, to base: [Substring]) -> [Substring] {
        var parts = base
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            switch part {
            case ".": continue
            case "..": if !parts.isEmpty { parts.removeLast() }
            default: parts.append(part)
            }
        }
        return parts
    }

    /// `relative(_:from:)` for standardized components.
    public static func relative(_ targetParts: [Substring], from folderParts: [Substring]) -> String {
        var common = 0
        while common < min(targetParts.count, folderParts.count) && targetParts[common] == folderParts[common] {
            common += 1
        }
        let ups = Array(repeating: Substring(".."), count: folderParts.count - common)
        return (ups + targetParts[common...]).joined(separator: "/")
    }
}
