import Foundation

public struct ToolError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Runs a program to its end and returns what it printed: command-line
/// clients found on PATH (curl, openssl, python3, dot ...) or the `portolan`
/// binary itself.
public enum Tool {
    public struct Result: Sendable {
        public var status: Int32
        /// Standard output, as bytes and as text.
        public var outputData: Data
        public var error: String
        /// True when the program was still running at its deadline and was killed.
        public var timedOut: Bool

        public var output: String { String(decoding: outputData, as: UTF8.self) }
    }

    /// Runs `name` from PATH.
    public static func run(
        _ name: String, _ arguments: [String], input: Data = Data(), environment: [String: String] = [:],
        in directory: URL? = nil, timeout: TimeInterval = 120
    ) throws -> Result {
        try run(
            executable: URL(fileURLWithPath: "/usr/bin/env"), [name] + arguments, input: input, environment: environment,
            in: directory, timeout: timeout)
    }

    /// Runs the program at `executable` with `environment` added to this
    /// process's, in `directory` (default: this process's working directory).
    /// A program still running after `timeout` seconds is killed.
    public static func run(
        executable: URL, _ arguments: [String], input: Data = Data(), environment: [String: String] = [:],
        in directory: URL? = nil, timeout: TimeInterval = 120
    ) throws -> Result {
        _ = ignoreBrokenPipes
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        if let directory { process.currentDirectoryURL = directory }
        let stdin = Pipe()
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        let killed = Flag()
        let watchdog = DispatchWorkItem {
            guard process.isRunning else { return }
            killed.set()
            kill(process.processIdentifier, SIGKILL)
        }
        DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: watchdog)
        // Feed standard input and read standard error on their own threads, so
        // that no pipe can fill up and block the program.
        let writer = Thread {
            try? stdin.fileHandleForWriting.write(contentsOf: input)
            try? stdin.fileHandleForWriting.close()
        }
        writer.start()
        let errorData = LockedData()
        let errorReader = Thread { errorData.set(stderr.fileHandleForReading.readDataToEndOfFile()) }
        errorReader.start()
        let output = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        watchdog.cancel()
        while !errorData.isSet { usleep(1_000) }
        return Result(
            status: process.terminationStatus, outputData: output, error: String(decoding: errorData.value, as: UTF8.self),
            timedOut: killed.isSet)
    }
}

extension Tool {
    /// A program that exits without reading all of its input must fail the
    /// write, not end the test process with SIGPIPE.
    private static let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()
}

/// Bytes that one thread hands to another, once.
public final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data: Data?
    public init() {}
    public func set(_ value: Data) { lock.withLock { data = value } }
    public var isSet: Bool { lock.withLock { data != nil } }
    public var value: Data { lock.withLock { data ?? Data() } }
}

final class Flag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false
    func set() { lock.withLock { raised = true } }
    var isSet: Bool { lock.withLock { raised } }
}
