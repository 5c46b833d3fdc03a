import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A program a test starts with posix_spawn and reaps itself, by its PID:
/// the daemons of the tests (Postfix's master, dnsmasq) and the runs whose
/// memory is measured (`portolan check` on hostile input).
///
/// Not with Foundation's Process, for three reasons: a child inherits the
/// test runner's signal mask, in which SIGTERM and SIGCHLD are blocked (a
/// master would neither stop nor reap its daemons), so here the mask and
/// every handler are reset; Process learns of a child's end from a socket
/// the child inherits, which a daemon that closes every descriptor above 2
/// as it starts closes too, so Process would block in waitpid() on it, and
/// with it every other Process of the test runner; and only wait4() here
/// gives the child's resource usage.
public final class SpawnedProcess: @unchecked Sendable {
    public let pid: pid_t
    private let lock = NSLock()
    private var status: Int32?
    private var usage = rusage()

    /// Starts `arguments[0]` (a path), standard input from /dev/null,
    /// standard output appended to the file `output` and standard error to
    /// `errors` (nil: to `output` too). `environment`: added to this
    /// process's. `processGroup`: the child leads a process group of its
    /// own, so that `kill(-pid, ...)` reaches everything it starts.
    public init(
        arguments: [String], output: String = "/dev/null", errors: String? = nil, environment: [String: String] = [:],
        processGroup: Bool = false
    ) throws {
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
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        if let errors {
            posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        } else {
            posix_spawn_file_actions_adddup2(&actions, 1, 2)
        }
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        var flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF
        if processGroup {
            flags |= POSIX_SPAWN_SETPGROUP
            posix_spawnattr_setpgroup(&attributes, 0)
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { envp.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw ToolError("cannot start \(arguments[0]): \(String(cString: strerror(spawned)))") }
        self.pid = pid
    }

    /// False once it has ended (and been reaped).
    public var isRunning: Bool {
        lock.withLock {
            guard status == nil else { return false }
            var raw: Int32 = 0
            var used = rusage()
            let waited = wait4(pid, &raw, WNOHANG, &used)
            if waited == pid || (waited < 0 && errno == ECHILD) {
                status = raw
                usage = used
            }
            return status == nil
        }
    }

    public func waitUntilExit() {
        while isRunning { usleep(5_000) }
    }

    /// The exit status, or nil while it runs or when a signal ended it.
    public var exitStatus: Int32? {
        lock.withLock { status.flatMap { $0 & 0x7F == 0 ? ($0 >> 8) & 0xFF : nil } }
    }

    /// The signal that ended it, if one did.
    public var terminationSignal: Int32? {
        lock.withLock { status.flatMap { $0 & 0x7F != 0 ? $0 & 0x7F : nil } }
    }

    /// Its peak resident set size in KiB, once it has ended (from wait4).
    public var maxRSSKiB: Int {
        let maxRSS = lock.withLock { usage.ru_maxrss }
        #if os(macOS)
        return maxRSS / 1024
        #else
        return maxRSS
        #endif
    }

    /// How it ended, for a report.
    public var ending: String {
        if let signal = terminationSignal { return "signal \(signal)" }
        return exitStatus.map { "exit status \($0)" } ?? "running"
    }
}
