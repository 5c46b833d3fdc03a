import Foundation

/// Clients/abuse.py running beside the test, read line by line while it
/// runs: for modes that report, wait for the test, then report again.
/// `finish` closes its standard input (its cue to end) and waits for it.
final class LineClient {
    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var buffer = Data()

    init(_ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", Tool.clientsFolder.appendingPathComponent("abuse.py").path] + arguments
        process.standardInput = input
        process.standardOutput = output
        try process.run()
    }

    /// The next line it printed; throws when it ended without one.
    func readLine() throws -> String {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                buffer = Data(buffer[buffer.index(after: newline)...])
                return line
            }
            let more = output.fileHandleForReading.availableData
            if more.isEmpty { throw ToolError("abuse.py \(process.arguments?.dropFirst(2).first ?? "") ended without a line") }
            buffer.append(more)
        }
    }

    func finish() {
        try? input.fileHandleForWriting.close()
        process.waitUntilExit()
    }

    deinit { finish() }
}
