import Foundation
import Testing

/// Large hostile files, streamed to disk when their test runs (never held
/// whole in the test's memory) and removed afterwards.
enum BigInputs {
    static let mebibyte = 1 << 20
    static let sizeLimit = 64 * mebibyte

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        /// The exact size of the file.
        var size: Int
        var arguments: [String] = []
        var expectedCodes: Set<String> = []
        var statuses: Set<Int32> = [0, 1, 2]
        /// Writes the file's text; what it leaves of `size` becomes a comment.
        var generate: @Sendable (inout Writer) -> Void

        var testDescription: String { name }

        func write() throws -> URL {
            let url = try Scratch.folder().appendingPathComponent("topology.yaml")
            var writer = try Writer(url: url, size: size)
            generate(&writer)
            try writer.finish()
            return url
        }
    }

    static let cases: [Case] = [
        Case(name: "a 10 MiB scalar", size: 10 * mebibyte + 200, statuses: [0]) { writer in
            writer.append("portolan: 1\norganization: ")
            writer.repeating("A", count: 10 * mebibyte)
            writer.append("\ninternet_domains: [acme.example]\n")
        },
        Case(name: "a 1 MiB host name (its whole line is shown under the diagnostic)", size: mebibyte + 200, expectedCodes: ["PT106"],
             statuses: [1]) { writer in
            writer.append("portolan: 1\norganization: Acme\ninternet_domains: [acme.example]\nservers:\n  hub:\n    host: ")
            writer.repeating("a", count: mebibyte)
            writer.append(".acme.example\n")
        },
        // Read whole or stopped by the node limit (--max-nodes), depending on the default.
        Case(name: "a mapping with 1,000,000 keys", size: 16 * mebibyte, expectedCodes: ["PT101", "PT005"], statuses: [1, 2]) { writer in
            millionKeys(&writer)
        },
        Case(name: "a mapping with 1,000,000 keys under --max-nodes 100000", size: 16 * mebibyte,
             arguments: ["--max-nodes", "100000"], expectedCodes: ["PT005"], statuses: [2]) { writer in
            millionKeys(&writer)
        },
        Case(name: "a mapping with 100,000 copies of one key", size: 2 * mebibyte, expectedCodes: ["PT002"], statuses: [1]) { writer in
            writer.append("portolan: 1\norganization: Acme\nx-keys:\n")
            for _ in 0..<100_000 { writer.append("  same: 1\n") }
        },
        Case(name: "64 MiB exactly: a small topology and a long comment", size: sizeLimit, statuses: [0]) { writer in
            writer.append("portolan: 1\norganization: Acme\ninternet_domains: [acme.example]\n")
        },
        Case(name: "64 MiB exactly: one-character list items", size: sizeLimit, expectedCodes: ["PT005"], statuses: [2]) { writer in
            writer.append("portolan: 1\norganization: Acme\nx-items: [")
            writer.repeating("1,", count: (sizeLimit - 64) / 2)
            writer.append("1]\n")
        },
        Case(name: "64 MiB exactly: servers", size: sizeLimit, expectedCodes: ["PT005"], statuses: [2]) { writer in
            writer.append("portolan: 1\norganization: Acme\ninternet_domains: [acme.example]\nservers:\n")
            var number = 0
            while writer.written < sizeLimit - 400 {
                writer.append("""
                      srv\(number):
                        host: srv\(number).acme.example
                        smtp:
                          listener: true
                          inbound: { tcp: { port: 25, enabled: true } }
                          outbound: { tcp: { port: 25, mode: enabled } }

                    """)
                number += 1
            }
        },
        Case(name: "64 MiB and 1 byte", size: sizeLimit + 1, expectedCodes: ["PT005"], statuses: [2]) { writer in
            writer.append("portolan: 1\norganization: Acme\n")
        },
    ]

    static func millionKeys(_ writer: inout Writer) {
        writer.append("portolan: 1\norganization: Acme\nx-keys:\n")
        for key in 0..<1_000_000 { writer.append("  k\(key): 1\n") }
    }

    /// Buffered writing of exactly `size` bytes; what the generator leaves
    /// unwritten becomes a comment line of `#`.
    struct Writer {
        let handle: FileHandle
        let size: Int
        var written = 0
        var buffer: [UInt8] = []

        init(url: URL, size: Int) throws {
            _ = FileManager.default.createFile(atPath: url.path, contents: nil)
            handle = try FileHandle(forWritingTo: url)
            self.size = size
            buffer.reserveCapacity(2 << 20)
        }

        mutating func append(_ text: String) {
            buffer.append(contentsOf: text.utf8)
            written += text.utf8.count
            if buffer.count >= 1 << 20 { flush() }
        }

        /// `text` written `count` times, a megabyte at a time.
        mutating func repeating(_ text: String, count: Int) {
            let perChunk = max(1, (1 << 20) / max(1, text.utf8.count))
            let chunk = String(repeating: text, count: perChunk)
            var left = count
            while left >= perChunk {
                append(chunk)
                left -= perChunk
            }
            if left > 0 { append(String(repeating: text, count: left)) }
        }

        mutating func flush() {
            handle.write(Data(buffer))
            buffer.removeAll(keepingCapacity: true)
        }

        mutating func finish() throws {
            let left = size - written
            precondition(left >= 0, "generated \(written) bytes for a file of \(size)")
            if left == 1 {
                append("\n")
            } else if left > 1 {
                append("\n")
                repeating("#", count: left - 2)
                append("\n")
            }
            flush()
            try handle.close()
        }
    }
}
