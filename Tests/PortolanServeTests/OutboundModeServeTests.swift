import Foundation
import PortolanBundle
import PortolanTestSupport
import Testing

/// Portolan to Portolan over every outbound mode: the spoke's one outbound
/// setting decides how its delivery agent reaches the hub (implicit TLS,
/// STARTTLS, plain TCP) and whether it authenticates with `relay_login`;
/// the hub's Received line shows what happened on the wire.
@Suite(.serialized) struct OutboundModeServeTests {
    struct Mode: Sendable, CustomTestStringConvertible {
        var name: String
        /// The spoke's `outbound` lines.
        var outbound: [String]
        /// The hub's `inbound.auth` line.
        var auth: String
        /// What the hub's Received line says: protocol, and the TLS and login lines.
        var received: String
        var endpoint: String
        var testDescription: String { name }
    }

    static let hash = PasswordHashing.hash(password: "secret", rounds: 1_000, salt: Array("mode-salt".utf8))
    static let login = ["relay_auth: required", "relay_login: { user: carol, password_file: PASSWORD_FILE }"]

    static let modes: [Mode] = [
        Mode(name: "implicit TLS on the SSL port, with relay_login",
             outbound: ["tcp: { port: 25, mode: enabled }", "ssl: { port: 465, enabled: true }"] + login,
             auth: "auth: { tcp: { name_password: true, anonymous: false }, ssl: { name_password: true, anonymous: false } }",
             received: "with ESMTPSA id ID\r\n\t(using TLSv1.3)\r\n\t(authenticated as carol/Acme)", endpoint: "465 (ssl)"),
        Mode(name: "STARTTLS on the TCP port, with relay_login",
             outbound: ["tcp: { port: 25, mode: starttls }"] + login,
             auth: "auth: { tcp: { name_password: true, anonymous: false } }",
             received: "with ESMTPSA id ID\r\n\t(using TLSv1.3)\r\n\t(authenticated as carol/Acme)", endpoint: "25 (starttls)"),
        Mode(name: "STARTTLS, anonymous",
             outbound: ["tcp: { port: 25, mode: starttls }"],
             auth: "auth: { tcp: { name_password: false, anonymous: true } }",
             received: "with ESMTPS id ID\r\n\t(using TLSv1.3)\r\n\t(envelope-from", endpoint: "25 (starttls)"),
        Mode(name: "plain TCP, anonymous",
             outbound: ["tcp: { port: 25, mode: enabled }"],
             auth: "auth: { tcp: { name_password: false, anonymous: true } }",
             received: "with ESMTP id ID\r\n\t(envelope-from", endpoint: "25 (tcp)"),
    ]

    static func topology(_ mode: Mode, certificate: TLSFiles) -> String {
        ([
            "portolan: 1",
            "organization: Acme",
            "internet_domains: [acme.example]",
            "servers:",
            "  hub:",
            "    host: hub.acme.example",
            "    addresses: [127.0.0.10]",
            "    tls: { certificate: \(certificate.certificate), key: \(certificate.key) }",
            "    smtp:",
            "      inbound:",
            "        tcp: { port: 25, enabled: true }",
            "        ssl: { port: 465, enabled: true }",
            "        starttls: enabled",
            "        \(mode.auth)",
            "  spoke:",
            "    host: spoke.acme.example",
            "    addresses: [127.0.0.21]",
            "    smtp:",
            "      listener: false",
            "      outbound:",
        ] + (mode.outbound + ["relay: hub"]).map { "        " + $0 } + [
            "users:",
            "  carol: { internet_address: carol@acme.example, password: \"\(hash)\" }",
        ]).joined(separator: "\n") + "\n"
    }

    @Test(arguments: modes) func theSpokeDeliversToTheHubAsItsOutboundSettingSays(_ mode: Mode) throws {
        let certificate = try Certificates.shared.get().server
        let passwordFile = FileManager.default.temporaryDirectory.appendingPathComponent("portolan-relay-\(UUID().uuidString).secret")
        try Data("secret\n".utf8).write(to: passwordFile)
        defer { try? FileManager.default.removeItem(at: passwordFile) }
        let yaml = Self.topology(mode, certificate: certificate).replacingOccurrences(of: "PASSWORD_FILE", with: passwordFile.path)
        let estate = try DeliveryEstate(
            yaml, addresses: ["hub": "127.0.0.10", "spoke": "127.0.0.21"],
            hosts: "127.0.0.10 hub.acme.example\n127.0.0.21 spoke.acme.example\n")
        defer { estate.stopAll() }
        // The hub keeps what it accepts: its queue shows how it came.
        try estate.start("hub", extra: ["--queue-only"])
        try estate.start("spoke")
        try estate.sendmail(on: "spoke", from: "carol@acme.example", to: ["dave@elsewhere.example"], message: "Subject: mode\n\nHello.\n")
        let queued = try estate.waitForQueue("hub") { $0.count == 1 }
        let id = queued[0]["id"] as? String ?? "?"
        let message = try String(contentsOf: estate.spool("hub").appendingPathComponent("new/\(id)"), encoding: .utf8)
        let expected = "Received: from spoke.acme.example (unknown [127.0.0.21])\r\n\tby hub.acme.example (Portolan) "
            + mode.received.replacingOccurrences(of: "ID", with: id)
        #expect(message.hasPrefix(expected), "\(message)")
        try estate.waitForQueue("spoke") { $0.isEmpty }
        #expect(estate.log("spoke").contains("peer=hub.acme.example 127.0.0.10:\(estate.offset + Int(mode.endpoint.prefix(while: \.isNumber))!) \(mode.endpoint.drop(while: \.isNumber).dropFirst())"))
        // The password is never in a log.
        #expect(!estate.log("spoke").contains("secret") && !estate.log("hub").contains("secret"))
    }

    @Test func aRelayLoginWhosePasswordFileIsMissingStopsServeAtStartNamingTheFile() throws {
        let certificate = try Certificates.shared.get().server
        let missing = "/nonexistent/portolan-relay.secret"
        let yaml = Self.topology(Self.modes[1], certificate: certificate).replacingOccurrences(of: "PASSWORD_FILE", with: missing)
        let estate = try DeliveryEstate(yaml, addresses: ["hub": "127.0.0.10", "spoke": "127.0.0.21"], hosts: "")
        let process = try ServerProcess(
            root: estate.root, bundleFolder: estate.root.appendingPathComponent("out-estate/spoke"), spool: estate.spool("spoke"),
            offset: estate.offset, address: "127.0.0.21", extra: [], delivers: true)
        process.process.waitUntilExit()
        #expect(process.process.terminationStatus == 1)
        #expect(process.logText.contains("cannot serve: cannot read the password of relay_login carol@acme.example from \(missing): it does not exist"))
    }
}
