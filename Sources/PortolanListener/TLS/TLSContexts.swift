import NIOSSL
import PortolanBundle

/// The TLS server contexts of a bundle: one per key ring (the server's and
/// each site's), loaded once, TLS 1.2 minimum with `tls12CipherSuites`. A
/// site without its own key ring uses the server's; with neither, TLS is not
/// available.
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

    /// The TLS 1.2 suites: ECDHE key exchange (forward secrecy) with an AEAD
    /// cipher, for ECDSA and RSA key rings. No CBC suite, whose
    /// MAC-then-encrypt invites Lucky13 and its kin, and no RSA key
    /// exchange. TLS 1.3's suites are all AEAD, and BoringSSL does not let
    /// them be changed.
    ///
    /// The server's order cannot be imposed: NIOSSL 2.37 has no setting for
    /// it (BoringSSL's `SSL_OP_CIPHER_SERVER_PREFERENCE`) and keeps its
    /// `SSL_CTX` to itself, so the client chooses among these. Every one of
    /// them is a choice the server would make.
    static let tls12CipherSuites = [
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
    ].joined(separator: ":")

    static func makeContext(_ files: TLSFiles) throws(BundleError) -> NIOSSLContext {
        do {
            let chain = try NIOSSLCertificate.fromPEMFile(files.certificate)
            guard !chain.isEmpty else { throw BundleError("\(files.certificate) holds no certificate") }
            let key = try NIOSSLPrivateKey(file: files.key, format: .pem)
            var configuration = TLSConfiguration.makeServerConfiguration(
                certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
            configuration.minimumTLSVersion = .tlsv12
            configuration.cipherSuites = tls12CipherSuites
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
