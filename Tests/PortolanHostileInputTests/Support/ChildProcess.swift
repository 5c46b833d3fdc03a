import Foundation
import PortolanTestSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a program to its end, with its output in files and its peak memory
/// measured, so that a run can be judged on how it ended, what it printed,
/// how long it took and how much memory it used. A run over its time bound
/// is killed, with everything it started.
///
/// Peak memory comes from GNU time (`/usr/bin/time -f %M`, installed by
/// .ci/install-deps). Without it, it comes from `wait4`, which overstates it:
/// Linux counts the peak of the spawning process (this test runner) against
/// a child that it started with vfork.
struct ChildProcess {
    struct Outcome {
        /// The exit status, or nil when a signal ended the process.
        var status: Int32?
        /// The signal that ended the process.
        var signal: Int32?
        var stdout: String
        var stderr: String
        /// Peak resident set size, KiB.
        var maxRSSKiB: Int
        var seconds: Double
        var timedOut: Bool

        var summary: String {
            let how = timedOut ? "timed out" : status.map { "exit \($0)" } ?? "signal \(signal ?? 0)"
            return "\(how) after \(String(format: "%.2f", seconds)) s, \(maxRSSKiB / 1024) MiB; stderr: \(stderr.prefix(500))"
        }
    }

    static let gnuTime = "/usr/bin/time"

    /// Runs `executable` with `arguments`, standard input from /dev/null.
    static func run(_ executable: String, _ arguments: [String], timeout: TimeInterval) throws -> Outcome {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portolan-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outPath = folder.appendingPathComponent("stdout").path
        let errPath = folder.appendingPathComponent("stderr").path
        let timePath = folder.appendingPathComponent("time").path
        let timed = FileManager.default.isExecutableFile(atPath: gnuTime)
        let command = timed ? [gnuTime, "-f", "%M", "-o", timePath, executable] + arguments : [executable] + arguments

        // A process group of its own, so that a timeout kills time and portolan both.
        let started = Date()
        let child = try SpawnedProcess(arguments: command, output: outPath, errors: errPath, environment: ["NO_COLOR": "1"], processGroup: true)
        var timedOut = false
        while child.isRunning {
            if !timedOut && Date().timeIntervalSince(started) > timeout {
                timedOut = true
                kill(-child.pid, SIGKILL)
            }
            usleep(5_000)
        }
        let seconds = Date().timeIntervalSince(started)
        let stdout = (try? Data(contentsOf: URL(fileURLWithPath: outPath))) ?? Data()
        let stderr = (try? Data(contentsOf: URL(fileURLWithPath: errPath))) ?? Data()
        var outcome = Outcome(
            status: child.exitStatus, signal: child.terminationSignal, stdout: String(decoding: stdout, as: UTF8.self),
            stderr: String(decoding: stderr, as: UTF8.self), maxRSSKiB: child.maxRSSKiB, seconds: seconds, timedOut: timedOut)
        if timed, let report = try? String(contentsOfFile: timePath, encoding: .utf8) {
            // "Command terminated by signal 11" or "Command exited with non-zero status 1", then the peak in KiB.
            let lines = report.split(separator: "\n")
            if let kib = lines.last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) { outcome.maxRSSKiB = kib }
            if let line = lines.first(where: { $0.hasPrefix("Command terminated by signal ") }) {
                outcome.signal = Int32(line.dropFirst("Command terminated by signal ".count))
                outcome.status = nil
            }
        }
        return outcome
    }
}
