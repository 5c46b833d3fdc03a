import Foundation
import Testing

/// TLS 1.2 offers ECDHE with AEAD suites only, on both TLS ports; TLS 1.3
/// is as before. The test key rings are ECDSA (P-256).
@Suite(.serialized) struct CipherServeTests {
    /// `openssl s_client` with TLS 1.2 and one suite: whether the greeting came through.
    static func greeted(_ server: ServerProcess, port: Int, starttls: Bool, arguments: [String]) throws -> (Bool, String) {
        var options = ["s_client", "-connect", "127.0.0.1:\(port)", "-crlf", "-ign_eof"] + arguments
        if starttls { options += ["-starttls", "smtp"] }
        let result = try Tool.run("openssl", options, input: Data("EHLO client.example\nQUIT\n".utf8), timeout: 30)
        let text = result.output + result.error
        return (text.contains(starttls ? "250-hub.acme.example" : "220 hub.acme.example ESMTP Portolan"), text)
    }

    static let refused = ["ECDHE-ECDSA-AES128-SHA", "ECDHE-ECDSA-AES256-SHA", "ECDHE-ECDSA-AES128-SHA256", "ECDHE-ECDSA-AES256-SHA384", "AES128-SHA"]
    static let accepted = ["ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-ECDSA-CHACHA20-POLY1305"]

    @Test("a TLS 1.2 handshake with a CBC suite is refused; the AEAD suites and TLS 1.3 are accepted", arguments: [false, true])
    func onlyAEADSuitesOnTLS12(starttls: Bool) throws {
        let server = try ServerProcess.start()
        defer { server.stop() }
        let port = server.port(starttls ? 25 : 465)
        for suite in Self.refused {
            let (greeted, text) = try Self.greeted(server, port: port, starttls: starttls, arguments: ["-tls1_2", "-cipher", suite])
            #expect(!greeted, "\(suite) was accepted on TLS 1.2: \(text)")
            #expect(text.contains("alert handshake failure") || text.contains("handshake failure") || text.contains("no cipher"), "\(suite): \(text)")
        }
        for suite in Self.accepted {
            let (greeted, text) = try Self.greeted(server, port: port, starttls: starttls, arguments: ["-tls1_2", "-cipher", suite])
            #expect(greeted, "\(suite) was refused: \(text)")
            #expect(text.contains("Cipher is \(suite)") || text.contains("Cipher    : \(suite)"), "\(suite): \(text)")
        }
        let (modern, text) = try Self.greeted(server, port: port, starttls: starttls, arguments: ["-tls1_3"])
        #expect(modern, "TLS 1.3 was refused: \(text)")
        #expect(text.contains("TLSv1.3"), "\(text)")
    }
}
