import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a program to its end, with its output in files and its peak memory
/// taken from the kernel's accounting of the child (`wait4`), so that a run
/// can be judged on how it ended, what it printed, how long it took and how
/// much memory it used. A run over its time bound is killed.
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

    /// Runs `executable` with `arguments`, standard input from /dev/null.
    static func run(_ executable: String, _ arguments: [String], timeout: TimeInterval) throws -> Outcome {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portolan-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outPath = folder.appendingPathComponent("stdout").path
        let errPath = folder.appendingPathComponent("stderr").path

        #if canImport(Glibc)
        var actions = posix_spawn_file_actions_t()
        #else
        var actions: posix_spawn_file_actions_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }

        let started = Date()
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard spawned == 0 else { throw RunError("cannot start \(executable): \(String(cString: strerror(spawned)))") }

        var status: Int32 = 0
        var usage = rusage()
        var timedOut = false
        while true {
            let waited = wait4(pid, &status, WNOHANG, &usage)
            if waited == pid { break }
            if waited < 0 && errno != EINTR { throw RunError("wait4 failed: \(String(cString: strerror(errno)))") }
            if !timedOut && Date().timeIntervalSince(started) > timeout {
                timedOut = true
                kill(pid, SIGKILL)
            }
            usleep(5_000)
        }
        let seconds = Date().timeIntervalSince(started)
        let termination = status & 0x7F
        let stdout = (try? Data(contentsOf: URL(fileURLWithPath: outPath))) ?? Data()
        let stderr = (try? Data(contentsOf: URL(fileURLWithPath: errPath))) ?? Data()
        return Outcome(
            status: termination == 0 ? (status >> 8) & 0xFF : nil, signal: termination == 0 ? nil : termination,
            stdout: String(decoding: stdout, as: UTF8.self), stderr: String(decoding: stderr, as: UTF8.self),
            maxRSSKiB: Self.kibibytes(usage.ru_maxrss), seconds: seconds, timedOut: timedOut)
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
