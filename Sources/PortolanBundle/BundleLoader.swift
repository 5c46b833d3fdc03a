import Foundation

/// Why a bundle was refused. The message says which file and what is wrong.
public struct BundleError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Loads a host's bundle and proves it is the one the build wrote: the format
/// is one this code knows and the bytes match the manifest's SHA-256.
public enum BundleLoader {
    /// Loads `directory/bundle.json`, verified against `manifest` (by default
    /// `directory/../manifest.json`).
    public static func load(directory: String, manifest manifestPath: String? = nil) throws(BundleError) -> HostBundle {
        let manifestURL = manifestPath.map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: directory).deletingLastPathComponent().appendingPathComponent("manifest.json")
        let manifest = try decodeManifest(try read(manifestURL), at: manifestURL.path)
        return try load(directory: directory, manifestAt: manifestURL.path, entry: manifest.entry(for:))
    }

    /// Loads `directory/bundle.json`, verified against the manifest at
    /// `manifestPath`, already read: `entry` finds a server's line in it (a
    /// caller loading every bundle of a build indexes them by name once).
    public static func load(
        directory: String, manifestAt manifestPath: String, entry: (String) -> Manifest.Entry?
    ) throws(BundleError) -> HostBundle {
        let bundleURL = URL(fileURLWithPath: directory).appendingPathComponent("bundle.json")
        let manifestURL = URL(fileURLWithPath: manifestPath)
        let bytes = try read(bundleURL)
        let format = try peekFormat(bytes, at: bundleURL.path)
        guard format == HostBundle.currentFormat else {
            throw BundleError("\(bundleURL.path) has format '\(format)'; this version of portolan reads '\(HostBundle.currentFormat)'")
        }
        let bundle: HostBundle
        do {
            bundle = try JSONDecoder().decode(HostBundle.self, from: Data(bytes))
        } catch {
            throw BundleError("\(bundleURL.path) is not a valid bundle: \(describe(error))")
        }
        guard let entry = entry(bundle.server.name) else {
            throw BundleError("\(manifestURL.path) lists no bundle for server '\(bundle.server.name)'")
        }
        let digest = BundleCodec.sha256(bytes)
        guard digest == entry.sha256 else {
            throw BundleError(
                "\(bundleURL.path) does not match the manifest: its SHA-256 is \(digest), \(manifestURL.path) says \(entry.sha256)")
        }
        return bundle
    }

    public static func read(_ url: URL) throws(BundleError) -> [UInt8] {
        do {
            return [UInt8](try Data(contentsOf: url))
        } catch {
            throw BundleError("cannot read \(url.path): \((error as NSError).localizedDescription)")
        }
    }

    public static func decodeManifest(_ bytes: [UInt8], at path: String) throws(BundleError) -> Manifest {
        let format = try peekFormat(bytes, at: path)
        guard format == Manifest.currentFormat else {
            throw BundleError("\(path) has format '\(format)'; this version of portolan reads '\(Manifest.currentFormat)'")
        }
        do {
            return try JSONDecoder().decode(Manifest.self, from: Data(bytes))
        } catch {
            throw BundleError("\(path) is not a valid manifest: \(describe(error))")
        }
    }

    private struct FormatOnly: Decodable { var format: String }

    /// Reads only the `format` field, so that a newer or foreign file is refused
    /// for its format rather than for whatever field it lacks.
    static func peekFormat(_ bytes: [UInt8], at path: String) throws(BundleError) -> String {
        do {
            return try JSONDecoder().decode(FormatOnly.self, from: Data(bytes)).format
        } catch {
            throw BundleError("\(path) is not a portolan file (no readable \"format\" field): \(describe(error))")
        }
    }

    static func describe(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            return "missing field '\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        case DecodingError.dataCorrupted(let context):
            return context.underlyingError.map { ($0 as NSError).localizedDescription } ?? context.debugDescription
        default:
            return "\(error)"
        }
    }
}
