import Foundation

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

        #if canImport(Glibc)
        var actions = posix_spawn_file_actions_t()
        var attributes = posix_spawnattr_t()
        #else
        var actions: posix_spawn_file_actions_t?
        var attributes: posix_spawnattr_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        // A process group of its own, so that a timeout kills time and portolan both.
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP))
        posix_spawnattr_setpgroup(&attributes, 0)

        let argv = command.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }

        let started = Date()
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, command[0], &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw RunError("cannot start \(command[0]): \(String(cString: strerror(spawned)))") }

        var status: Int32 = 0
        var usage = rusage()
        var timedOut = false
        while true {
            let waited = wait4(pid, &status, WNOHANG, &usage)
            if waited == pid { break }
            if waited < 0 && errno != EINTR { throw RunError("wait4 failed: \(String(cString: strerror(errno)))") }
            if !timedOut && Date().timeIntervalSince(started) > timeout {
                timedOut = true
                kill(-pid, SIGKILL)
            }
            usleep(5_000)
        }
        let seconds = Date().timeIntervalSince(started)
        let stdout = (try? Data(contentsOf: URL(fileURLWithPath: outPath))) ?? Data()
        let stderr = (try? Data(contentsOf: URL(fileURLWithPath: errPath))) ?? Data()
        var outcome = Outcome(
            status: nil, signal: nil, stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self),
            maxRSSKiB: Self.kibibytes(usage.ru_maxrss), seconds: seconds, timedOut: timedOut)
        let termination = status & 0x7F
        if termination != 0 {
            outcome.signal = termination
        } else {
            outcome.status = (status >> 8) & 0xFF
        }
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

extension ChildProcess {
    /// `ru_maxrss` is in KiB on Linux and in bytes on macOS.
    static func kibibytes(_ maxRSS: Int) -> Int {
        #if os(macOS)
        return maxRSS / 1024
        #else
        return maxRSS
        #endif
    }
}

struct RunError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
