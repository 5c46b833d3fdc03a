import Foundation
import PortolanBundle

/// What the abuse and crash tests need beyond starting a server: its memory,
/// a restart on the same spool and ports after `kill -9`, and a look at the
/// spool's folders.
extension ServerProcess {
    /// The end of the log line that says the server is serving. Not just
    /// "ready": "Address already in use" contains that too.
    static let readyLine = "] ready"

    /// The server's resident set size now, KiB (`VmRSS` of /proc), or nil
    /// where /proc is not available.
    var residentKiB: Int? { Self.procStatus(process.processIdentifier, field: "VmRSS") }

    /// The descriptors the server holds open now (`/proc/PID/fd`), or nil
    /// where /proc is not available.
    var openFileCount: Int? {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(process.processIdentifier)/fd"))?.count
    }

    /// The peak resident set size so far, KiB (`VmHWM`).
    var peakResidentKiB: Int? { Self.procStatus(process.processIdentifier, field: "VmHWM") }

    static func procStatus(_ pid: Int32, field: String) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        }
        return nil
    }

    /// A new server on the same bundle, spool and ports, started once this
    /// one has gone (after `kill`), delivering if this one did (or as
    /// `delivers` says). Retries while the ports are still held.
    func restarted(extraArguments: [String] = [], delivers: Bool? = nil) throws -> ServerProcess {
        var lastLog = ""
        for _ in 0..<50 {
            let server = try ServerProcess(
                root: root, bundleFolder: bundleFolder, spool: spool, offset: offset, extra: extraArguments, delivers: delivers ?? self.delivers)
            if try server.waitFor(Self.readyLine) { return server }
            lastLog = server.logText
            server.kill()
            usleep(100_000)
        }
        throw ToolError("portolan serve did not restart:\n\(lastLog)")
    }

    /// The names in a folder of the spool (`new`, `tmp`, `meta`).
    func spoolFolder(_ name: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: spool.appendingPathComponent(name).path)) ?? []).sorted()
    }

    /// Fails when the server's memory is over `limitMiB`.
    func requireResident(below limitMiB: Int) throws {
        guard let resident = residentKiB else { throw ToolError("the server's memory cannot be read from /proc") }
        if resident >= limitMiB * 1024 {
            throw ToolError("the server uses \(resident / 1024) MiB, over \(limitMiB) MiB")
        }
    }
}

extension Clients {
    /// Runs Clients/abuse.py and returns its lines.
    static func abuse(_ arguments: [String], input: Data = Data()) throws -> [String] {
        let result = try Tool.run("python3", [Tool.clientsFolder.appendingPathComponent("abuse.py").path] + arguments, input: input)
        guard result.status == 0 else { throw ToolError("abuse.py \(arguments.first ?? "") failed: \(result.error)") }
        return result.output.split(separator: "\n").map(String.init)
    }

}
