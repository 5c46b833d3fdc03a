import Foundation

/// A daemon of a test (Postfix's master, dnsmasq), started with posix_spawn
/// and reaped here, by its PID.
///
/// Not with Foundation's Process, for two reasons: a child inherits the
/// test runner's signal mask, in which SIGTERM and SIGCHLD are blocked (a
/// master would neither stop nor reap its daemons); and Process learns of a
/// child's end from a socket the child inherits, which a daemon that closes
/// every descriptor above 2 as it starts closes too, so Process would block
/// in waitpid() on it, and with it every other Process of the test runner.
/// The daemon still gets none of our descriptors to keep: it closes them.
public final class SpawnedProcess: @unchecked Sendable {
    public let pid: pid_t
    private let lock = NSLock()
    private var status: Int32?

    /// Starts `arguments[0]` (a path) with standard output and error
    /// appended to the file `output`, standard input from /dev/null.
    public init(arguments: [String], output: String = "/dev/null") throws {
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
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        let envp = ProcessInfo.processInfo.environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
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
            let waited = waitpid(pid, &raw, WNOHANG)
            if waited == pid || (waited < 0 && errno == ECHILD) { status = raw }
            return status == nil
        }
    }

    public func waitUntilExit() {
        while isRunning { usleep(10_000) }
    }

    /// How it ended, for a report.
    public var ending: String {
        guard let status = lock.withLock({ status }) else { return "running" }
        let signal = status & 0x7F
        return signal == 0 ? "exit status \((status >> 8) & 0xFF)" : "signal \(signal)"
    }
}
