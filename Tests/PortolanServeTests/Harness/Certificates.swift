import Foundation
import PortolanBundle

/// Self-signed key rings made with the openssl CLI when the tests run, so
/// that no key is ever committed: one for the server and one for the `mail`
/// site, told apart by their subject.
enum Certificates {
    static let shared: Result<(server: TLSFiles, site: TLSFiles), Error> = Result {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portolan-certs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return (try make("hub.acme.example", in: folder), try make("mail.acme.example", in: folder))
    }

    /// A key ring for host `name`, in `folder/FILE.pem` and `folder/FILE.key`
    /// (FILE is `name` unless `file` says otherwise).
    static func make(_ name: String, file: String? = nil, in folder: URL) throws -> TLSFiles {
        let certificate = folder.appendingPathComponent("\(file ?? name).pem").path
        let key = folder.appendingPathComponent("\(file ?? name).key").path
        let result = try Tool.run(
            "openssl",
            ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
             "-subj", "/CN=\(name)", "-addext", "subjectAltName=DNS:\(name)", "-keyout", key, "-out", certificate])
        guard result.status == 0 else { throw ToolError("openssl req failed: \(result.error)") }
        return TLSFiles(certificate: certificate, key: key)
    }
}
