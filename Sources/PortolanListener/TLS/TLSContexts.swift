import NIOSSL
import PortolanBundle

/// The TLS server contexts of a bundle: one per key ring (the server's and
/// each site's), loaded once, TLS 1.2 minimum. A site without its own key
/// ring uses the server's; with neither, TLS is not available.
public struct TLSContexts: Sendable {
    let server: NIOSSLContext?
    let sites: [String: NIOSSLContext]

    public init(bundle: HostBundle) throws(BundleError) {
        var loaded: [TLSFiles: NIOSSLContext] = [:]
        func context(_ files: TLSFiles) throws(BundleError) -> NIOSSLContext {
            if let existing = loaded[files] { return existing }
            let made = try Self.makeContext(files)
            loaded[files] = made
            return made
        }
        server = try bundle.tls.map { files throws(BundleError) in try context(files) }
        var sites: [String: NIOSSLContext] = [:]
        for site in bundle.sites {
            if let files = site.tls { sites[site.name] = try context(files) }
        }
        self.sites = sites
    }

    /// The context for a connection served by `site` (nil: the server's settings).
    public func context(site: String?) -> NIOSSLContext? {
        site.flatMap { sites[$0] } ?? server
    }

    public var isEmpty: Bool { server == nil && sites.isEmpty }

    static func makeContext(_ files: TLSFiles) throws(BundleError) -> NIOSSLContext {
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(files.certificate)
            guard !chain.isEmpty else { throw BundleError("\(files.certificate) holds no certificate") }
            let key = try NIOSSLPrivateKey(file: files.key, format: .pem)
            var configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
            configuration.minimumTLSVersion = .tlsv12
            return try NIOSSLContext(configuration: configuration)
        } catch let error as BundleError {
            throw error
        } catch {
            throw BundleError("cannot load the key ring \(files.certificate) / \(files.key): \(error)")
        }
    }
}

extension TLSVersion {
    /// `TLSv1.2`, `TLSv1.3`: the names OpenSSL and mail headers use.
    var displayName: String {
        switch self {
        case .tlsv1: return "TLSv1"
        case .tlsv11: return "TLSv1.1"
        case .tlsv12: return "TLSv1.2"
        case .tlsv13: return "TLSv1.3"
        }
    }
}
