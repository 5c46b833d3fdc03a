import Foundation
import PortolanTestSupport
import PortolanBundle

/// A throwaway Postfix for one test, as a real peer: its configuration,
/// queue, data, log and Maildirs all in a folder of its own; smtpd on
/// 127.0.0.1 and a random high port (STARTTLS when given a key ring), and
/// optionally a second smtpd with implicit TLS. Mail for the addresses the
/// test names is delivered into Maildirs in the folder; any other mail goes
/// to the relay host the test names (a listener of the test on 127.0.0.1),
/// or bounces when it names none. Nothing is looked up in DNS.
///
/// The test holds the PID of its `master`, which runs in the foreground as a
/// child of the test runner, leading a process group of its own that its
/// daemons share; `stop()` ends it with SIGTERM (the master stops its own
/// daemons), then SIGKILL for the whole group after a bound. Starting it
/// needs root, as Postfix does.
final class PostfixInstance: @unchecked Sendable {
    /// What Postfix's SMTP client asks of the relay host (`smtp_tls_security_level`).
    enum TLSLevel: String, Sendable {
        case none, may, encrypt
    }

    /// The relay host for mail that is not for one of the instance's mailboxes.
    struct Relay: Sendable {
        var port: Int
        var tls: TLSLevel = .none
        /// Name and password for `smtp_sasl_auth_enable`; nil: no AUTH.
        /// Neither may hold white space (they go into a `texthash:` map).
        var credentials: (user: String, password: String)?

        init(port: Int, tls: TLSLevel = .none, credentials: (user: String, password: String)? = nil) {
            self.port = port
            self.tls = tls
            self.credentials = credentials
        }
    }

    static let daemonDirectory = "/usr/lib/postfix/sbin"

    let folder: URL
    let hostname: String
    /// smtpd: plain, with STARTTLS when the instance has a key ring.
    let port: Int
    /// smtpd with implicit TLS (`smtpd_tls_wrappermode = yes`), if asked for.
    let tlsPort: Int?
    /// The PID of the master daemon.
    let pid: pid_t
    private let master: SpawnedProcess
    private let lock = NSLock()
    private var stopped = false

    var configDirectory: URL { folder.appendingPathComponent("etc") }
    var queueDirectory: URL { folder.appendingPathComponent("queue") }
    var mailboxBase: URL { folder.appendingPathComponent("mail") }
    var logFile: URL { folder.appendingPathComponent("maillog") }
    /// What the master printed before it detached its standard streams.
    private var masterOutput: URL { folder.appendingPathComponent("master.out") }

    /// Postfix's log (`maillog_file`), for a failing test to show.
    var logText: String {
        let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
        let early = (try? String(contentsOf: masterOutput, encoding: .utf8)) ?? ""
        return early.isEmpty ? log : early + log
    }

    /// The log's warnings, less Postfix's notice that the file system's
    /// clock is ahead of its own (a loaded machine gives it, about nothing
    /// the peers did): what a test asserts there is none of.
    var warnings: [String] {
        logText.split(separator: "\n").map(String.init).filter { line in
            line.contains("warning:") && !line.contains("file system clock is") && !line.contains("resetting file time stamps")
                && !line.hasSuffix("warning:")
        }
    }

    /// Writes the configuration, starts the master and waits until smtpd answers.
    ///
    /// - `mailboxes`: the addresses delivered into Maildirs (their domains
    ///   become `virtual_mailbox_domains`); any other address in those domains is refused.
    /// - `tls`: certificate and key for STARTTLS (and the implicit-TLS port); nil: no TLS.
    /// - `implicitTLS`: also run an smtpd with implicit TLS on `tlsPort` (needs `tls`).
    /// - `relay`: the `relayhost`, `[127.0.0.1]:PORT`; nil: other mail bounces.
    /// - `settings`: more main.cf parameters, applied last (e.g. `minimal_backoff_time`).
    init(
        mailboxes: [String], tls: TLSFiles? = nil, implicitTLS: Bool = false, relay: Relay? = nil,
        hostname: String = "mx.postfix.example", settings: [String: String] = [:]
    ) throws {
        guard geteuid() == 0 else { throw ToolError("a Postfix instance needs root: its master runs as root and its daemons as postfix") }
        guard FileManager.default.isExecutableFile(atPath: "\(Self.daemonDirectory)/master") else {
            throw ToolError("Postfix is not installed (Debian's postfix package; .ci/install-deps installs it)")
        }
        guard !implicitTLS || tls != nil else { throw ToolError("implicit TLS needs a certificate and key") }
        let addresses = mailboxes.map { $0.lowercased() }
        guard !addresses.isEmpty, addresses.allSatisfy(Self.isMailboxAddress) else {
            throw ToolError("mailboxes must be plain addresses (letters, digits, . _ + -): \(mailboxes)")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portolan-postfix-\(UUID().uuidString)")
        self.folder = folder
        self.hostname = hostname
        let fileManager = FileManager.default
        var started = false
        defer { if !started { try? fileManager.removeItem(at: folder) } }
        // The postfix user walks into the queue below this folder.
        for directory in [folder, folder.appendingPathComponent("etc"), folder.appendingPathComponent("queue")] {
            try fileManager.createDirectory(at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        }
        let mailboxOwner = try Self.mailboxOwner()
        let base = folder.appendingPathComponent("mail")
        try fileManager.createDirectory(at: base, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        guard chown(base.path, mailboxOwner.uid, mailboxOwner.gid) == 0 else { throw ToolError("chown \(base.path) failed") }

        let etc = folder.appendingPathComponent("etc")
        let map = addresses.map { address in "\(address) \(Self.maildir(of: address))\n" }.joined()
        try Data(map.utf8).write(to: etc.appendingPathComponent("mailboxes"))
        var domains: [String] = []
        for address in addresses {
            let domain = String(address[address.index(after: address.lastIndex(of: "@")!)...])
            if !domains.contains(domain) { domains.append(domain) }
        }
        if let relay, let credentials = relay.credentials {
            let line = "[127.0.0.1]:\(relay.port) \(credentials.user):\(credentials.password)\n"
            try Data(line.utf8).write(to: etc.appendingPathComponent("relay-passwords"), options: .atomic)
            chmod(etc.appendingPathComponent("relay-passwords").path, 0o600)
        }

        // main.cf needs a compatibility level that is the running version's,
        // or Postfix warns of changed defaults (or of a level it does not know).
        try Data().write(to: etc.appendingPathComponent("main.cf"))
        let version = try Self.postconf(["-c", etc.path, "-dh", "mail_version"])
        let level = version.split(separator: ".").prefix(2).joined(separator: ".")

        var lastLog = ""
        for _ in 0..<8 {
            let port = TestPorts.port()
            let tlsPort = implicitTLS ? TestPorts.port() : nil
            let taken = [relay?.port].compactMap { $0 }
            guard tlsPort != port, !taken.contains(port), !taken.contains(tlsPort ?? 0) else { continue }
            let main = Self.mainCF(
                folder: folder, level: level, hostname: hostname, domains: domains, mailboxOwner: mailboxOwner, tls: tls, relay: relay,
                settings: settings)
            try Data(main.utf8).write(to: etc.appendingPathComponent("main.cf"))
            try Data(Self.masterCF(port: port, tlsPort: tlsPort).utf8).write(to: etc.appendingPathComponent("master.cf"))
            try? fileManager.removeItem(at: folder.appendingPathComponent("maillog"))
            // `postfix check` makes the queue's and data's folders with their owners and modes.
            let check = try Tool.run(
                executable: URL(fileURLWithPath: "/usr/sbin/postfix"), ["-c", etc.path, "check"], timeout: 60)
            guard check.status == 0 else {
                throw ToolError("postfix check failed: \(check.output)\(check.error)\n\((try? String(contentsOf: folder.appendingPathComponent("maillog"), encoding: .utf8)) ?? "")")
            }
            let master = try Self.startMaster(config: etc, output: folder.appendingPathComponent("master.out"))
            if Self.waitUntilAnswering(port: port, as: hostname, while: master),
                tlsPort.map({ Self.waitUntilListening(port: $0, while: master) }) ?? true
            {
                self.master = master
                self.pid = master.pid
                self.port = port
                self.tlsPort = tlsPort
                started = true
                return
            }
            lastLog = Self.read(folder.appendingPathComponent("master.out")) + Self.read(folder.appendingPathComponent("maillog"))
            Self.stop(master)
            lastLog += "(master: \(master.ending))\n"
            // A port another program holds is worth another try; anything else is not.
            guard lastLog.contains("Address already in use") else { break }
        }
        throw ToolError("Postfix did not start:\n\(lastLog)")
    }

    /// The messages delivered to `address`, bytes as Postfix stored them (LF
    /// line ends, with its Return-Path, Delivered-To and Received lines on
    /// top), in order of their Maildir names (which begin with the time of
    /// delivery). Waits up to `timeout` seconds for at least `count` of them.
    func messages(to address: String, count: Int = 1, timeout: TimeInterval = 15) throws -> [Data] {
        let new = mailboxBase.appendingPathComponent(Self.maildir(of: address.lowercased())).appendingPathComponent("new")
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: new.path)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
            if names.count >= count {
                return try names.map { try Data(contentsOf: new.appendingPathComponent($0)) }
            }
            if Date() >= deadline {
                throw ToolError("\(names.count) of \(count) messages for \(address) within \(Int(timeout)) s; Postfix's log:\n\(logText)")
            }
            usleep(50_000)
        }
    }

    /// Stops the master with SIGTERM (it stops its daemons), and after 10 s
    /// kills its process group; then removes the folder. True when SIGTERM
    /// was enough (and when it had already stopped). Safe to call twice.
    @discardableResult
    func stop() -> Bool {
        let first = lock.withLock {
            defer { stopped = true }
            return !stopped
        }
        guard first else { return true }
        let clean = Self.stop(master)
        try? FileManager.default.removeItem(at: folder)
        return clean
    }

    deinit { stop() }
}

extension PostfixInstance {
    private static func isMailboxAddress(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._+-")
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy(allowed.contains) && !$0.hasPrefix(".") }
    }

    /// `domain/local/`: the trailing slash makes virtual(8) deliver to a Maildir.
    private static func maildir(of address: String) -> String {
        let at = address.lastIndex(of: "@") ?? address.endIndex
        let domain = at < address.endIndex ? address[address.index(after: at)...] : ""
        return "\(domain)/\(address[..<at])/"
    }

    /// The owner of the Maildirs: `nobody`, as virtual(8) refuses root.
    private static func mailboxOwner() throws -> (uid: uid_t, gid: gid_t) {
        guard let entry = getpwnam("nobody") else { throw ToolError("no user nobody to own the Maildirs") }
        return (entry.pointee.pw_uid, entry.pointee.pw_gid)
    }

    private static func mainCF(
        folder: URL, level: String, hostname: String, domains: [String], mailboxOwner: (uid: uid_t, gid: gid_t), tls: TLSFiles?,
        relay: Relay?, settings: [String: String]
    ) -> String {
        let etc = folder.appendingPathComponent("etc").path
        var parameters: [(String, String)] = [
            ("compatibility_level", level),
            ("queue_directory", folder.appendingPathComponent("queue").path),
            ("data_directory", folder.appendingPathComponent("data").path),
            ("maillog_file", folder.appendingPathComponent("maillog").path),
            ("maillog_file_prefixes", folder.path),
            ("myhostname", hostname),
            ("mydomain", hostname.split(separator: ".").dropFirst().joined(separator: ".")),
            ("myorigin", "$myhostname"),
            ("inet_interfaces", "127.0.0.1"),
            ("inet_protocols", "ipv4"),
            ("mynetworks", "127.0.0.0/8"),
            // No local delivery: not even the system's aliases are read.
            ("mydestination", ""),
            ("alias_maps", ""),
            ("alias_database", ""),
            ("local_recipient_maps", ""),
            ("biff", "no"),
            // No DNS: neither for the client's name, nor for a next hop.
            ("smtpd_peername_lookup", "no"),
            ("smtp_dns_support_level", "disabled"),
            ("smtp_host_lookup", "native"),
            ("disable_dns_lookups", "yes"),
            ("virtual_mailbox_domains", domains.joined(separator: " ")),
            ("virtual_mailbox_base", folder.appendingPathComponent("mail").path),
            // texthash: read as it is, no postmap; regexp maps may not build paths.
            ("virtual_mailbox_maps", "texthash:\(etc)/mailboxes"),
            ("virtual_uid_maps", "static:\(mailboxOwner.uid)"),
            ("virtual_gid_maps", "static:\(mailboxOwner.gid)"),
            ("smtpd_tls_loglevel", "1"),
            ("smtp_tls_loglevel", "1"),
        ]
        if let tls {
            parameters += [
                ("smtpd_tls_security_level", "may"),
                ("smtpd_tls_cert_file", tls.certificate),
                ("smtpd_tls_key_file", tls.key),
            ]
        } else {
            parameters.append(("smtpd_tls_security_level", "none"))
        }
        if let relay {
            parameters += [
                ("relayhost", "[127.0.0.1]:\(relay.port)"),
                ("smtp_tls_security_level", relay.tls.rawValue),
            ]
            if relay.credentials != nil {
                parameters += [
                    ("smtp_sasl_auth_enable", "yes"),
                    ("smtp_sasl_password_maps", "texthash:\(etc)/relay-passwords"),
                    // The default also refuses PLAIN and LOGIN.
                    ("smtp_sasl_security_options", "noanonymous"),
                    ("smtp_sasl_tls_security_options", "noanonymous"),
                ]
            }
        } else {
            // Nowhere to send other mail: it bounces rather than being looked up.
            parameters.append(("default_transport", "error:5.7.1 no relay host for this instance"))
        }
        for (name, value) in settings.sorted(by: { $0.key < $1.key }) {
            parameters.removeAll { $0.0 == name }
            parameters.append((name, value))
        }
        return parameters.map { "\($0.0) = \($0.1)\n" }.joined()
    }

    /// Postfix's stock services, none of them chrooted (the queue is not set
    /// up as a jail), with smtpd on 127.0.0.1 only.
    private static func masterCF(port: Int, tlsPort: Int?) -> String {
        var lines = ["127.0.0.1:\(port) inet n - n - - smtpd"]
        if let tlsPort {
            lines.append("127.0.0.1:\(tlsPort) inet n - n - - smtpd -o smtpd_tls_wrappermode=yes -o smtpd_tls_security_level=encrypt")
        }
        lines += [
            "pickup unix n - n 60 1 pickup",
            "cleanup unix n - n - 0 cleanup",
            "qmgr unix n - n 300 1 qmgr",
            "tlsmgr unix - - n 1000? 1 tlsmgr",
            "rewrite unix - - n - - trivial-rewrite",
            "bounce unix - - n - 0 bounce",
            "defer unix - - n - 0 bounce",
            "trace unix - - n - 0 bounce",
            "verify unix - - n - 1 verify",
            "flush unix n - n 1000? 0 flush",
            "proxymap unix - - n - - proxymap",
            "proxywrite unix - - n - 1 proxymap",
            "smtp unix - - n - - smtp",
            "relay unix - - n - - smtp",
            "showq unix n - n - - showq",
            "error unix - - n - - error",
            "retry unix - - n - - error",
            "discard unix - - n - - discard",
            "local unix - n n - - local",
            "virtual unix - n n - - virtual",
            "lmtp unix - - n - - lmtp",
            "anvil unix - - n - 1 anvil",
            "scache unix - - n - 1 scache",
            "postlog unix-dgram n - n - 1 postlogd",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    private static func postconf(_ arguments: [String]) throws -> String {
        let result = try Tool.run(executable: URL(fileURLWithPath: "/usr/sbin/postconf"), arguments, timeout: 30)
        guard result.status == 0 else { throw ToolError("postconf \(arguments.joined(separator: " ")) failed: \(result.error)") }
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// `master -c CONFIG` in the foreground: without `-w` it does not fork,
    /// so the child's PID is the master's; it makes itself a session (and
    /// process group) of its own.
    private static func startMaster(config: URL, output: URL) throws -> SpawnedProcess {
        try SpawnedProcess(arguments: ["\(daemonDirectory)/master", "-c", config.path], output: output.path)
    }

    /// True when the master ended within 10 s of SIGTERM.
    @discardableResult
    private static func stop(_ master: SpawnedProcess) -> Bool {
        if master.isRunning { kill(master.pid, SIGTERM) }
        let deadline = Date().addingTimeInterval(10)
        while master.isRunning && Date() < deadline { usleep(20_000) }
        let clean = !master.isRunning
        if !clean {
            // Its process group's ID is its PID: the daemons go with it.
            kill(-master.pid, SIGKILL)
            kill(master.pid, SIGKILL)
        }
        master.waitUntilExit()
        return clean
    }

    private static func read(_ file: URL) -> String { (try? String(contentsOf: file, encoding: .utf8)) ?? "" }

    /// Until smtpd's greeting arrives on `port` (15 s at most): its own,
    /// which names `hostname` (smtpd_banner begins with $myhostname), not
    /// that of another program that holds the port.
    private static func waitUntilAnswering(port: Int, as hostname: String, while process: SpawnedProcess) -> Bool {
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline && process.isRunning {
            if greeting(port: port)?.hasPrefix("220 \(hostname) ") == true { return true }
            usleep(50_000)
        }
        return false
    }

    private static func waitUntilListening(port: Int, while process: SpawnedProcess) -> Bool {
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline && process.isRunning {
            if let socket = TCPProbe.connected(port: port) {
                close(socket)
                return true
            }
            usleep(50_000)
        }
        return false
    }

    /// The first line smtpd sends on `port`, then QUIT.
    private static func greeting(port: Int) -> String? {
        guard let socket = TCPProbe.connected(port: port) else { return nil }
        defer { close(socket) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var received = Data()
        var buffer = [UInt8](repeating: 0, count: 512)
        while !received.contains(0x0A) {
            let count = recv(socket, &buffer, buffer.count, 0)
            guard count > 0 else { return nil }
            received.append(contentsOf: buffer[0..<count])
        }
        _ = "QUIT\r\n".withCString { send(socket, $0, 6, Int32(MSG_NOSIGNAL)) }
        return String(decoding: received, as: UTF8.self)
    }
}
