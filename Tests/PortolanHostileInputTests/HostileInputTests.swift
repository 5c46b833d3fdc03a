import Foundation
import Testing

/// `portolan check` on hostile topologies: every one ends with exit 0, 1 or
/// (for input that cannot be read at all) 2, with a coded diagnostic when it
/// is not 0, never with a crash, within a time bound and in bounded memory.
@Suite("Hostile input") struct HostileInputTests {
    /// Generous bounds: they catch hangs and blow-ups, not slowness.
    static let smallTimeout: TimeInterval = 60
    static let bigTimeout: TimeInterval = 300
    static let memoryLimitKiB = 1 << 20  // 1 GiB

    @Test("small hostile topologies", arguments: HostileCorpus.small)
    func small(_ hostile: HostileCase) throws {
        let outcome = try Self.check(hostile.bytes)
        Verdict.expectWellBehaved(outcome, hostile)
    }

    @Test("the corpus holds at least 100 cases, each named once")
    func corpusSize() {
        #expect(HostileCorpus.small.count + BigInputs.cases.count >= 100)
        #expect(Set(HostileCorpus.small.map(\.name)).count == HostileCorpus.small.count)
    }

    @Test("inputs kept from fuzzing: the same exit status and codes as recorded", arguments: FuzzFindings.all)
    func fuzzFinding(_ kept: FuzzFindings.Kept) throws {
        let bytes = try [UInt8](Data(contentsOf: FuzzFindings.folder.appendingPathComponent(kept.name)))
        let outcome = try Self.check(bytes)
        Verdict.expectWellBehaved(outcome, HostileCase(name: kept.name, bytes: bytes, statuses: [kept.status]))
        #expect(Verdict.codes(in: outcome.stdout) == kept.codes, "\(kept.name): \(outcome.stdout.prefix(800))")
    }

    @Test("the kept fuzzing inputs are all listed, and there are some")
    func fuzzFindingsListed() throws {
        #expect(FuzzFindings.all.count >= 20)
        let files = try FileManager.default.contentsOfDirectory(atPath: FuzzFindings.folder.path)
            .filter { $0.hasPrefix("kept-") || $0.hasPrefix("finding-") }
        #expect(Set(files) == Set(FuzzFindings.all.map(\.name)))
    }

    /// Writes `bytes` to a file of its own and checks it.
    static func check(_ bytes: [UInt8], extra: [String] = []) throws -> ChildProcess.Outcome {
        let folder = try Scratch.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("topology.yaml")
        try Data(bytes).write(to: file)
        return try Portolan.check(file.path, timeout: smallTimeout, extra: extra)
    }
}

/// The large inputs, one at a time: each is written when its test runs.
@Suite("Hostile input: large files", .serialized) struct LargeHostileInputTests {
    @Test("large hostile topologies", arguments: BigInputs.cases)
    func large(_ big: BigInputs.Case) throws {
        let file = try big.write()
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let size = (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
        #expect(size == big.size, "generated \(size) bytes, meant \(big.size)")
        let outcome = try Portolan.check(file.path, timeout: HostileInputTests.bigTimeout, extra: big.arguments)
        Verdict.expectWellBehaved(outcome, HostileCase(name: big.name, bytes: [], expectedCodes: big.expectedCodes, statuses: big.statuses))
    }
}

/// What every run must show.
enum Verdict {
    static let crashMarkers = ["Fatal error", "Stack dump", "Current stack trace", "Program crashed", "Backtrace", "Segmentation fault",
                               "Illegal instruction", "AddressSanitizer"]

    static func expectWellBehaved(_ outcome: ChildProcess.Outcome, _ hostile: HostileCase, sourceLocation: SourceLocation = #_sourceLocation) {
        let about = Comment(rawValue: "\(hostile.name): \(outcome.summary)\n\(outcome.stdout.prefix(800))")
        // One line per case, for the record (docs/RELIABILITY.md is made from these).
        print("hostile: \(hostile.name) | \(outcome.status.map { "exit \($0)" } ?? "signal") | "
            + "\(Self.codes(in: outcome.stdout).sorted().joined(separator: " ")) | \(String(format: "%.2f", outcome.seconds)) s | "
            + "\(outcome.maxRSSKiB / 1024) MiB")
        #expect(!outcome.timedOut, about, sourceLocation: sourceLocation)
        #expect(outcome.signal == nil, about, sourceLocation: sourceLocation)
        guard let status = outcome.status else { return }
        #expect(hostile.statuses.contains(status), about, sourceLocation: sourceLocation)
        #expect(!crashMarkers.contains { outcome.stderr.contains($0) }, about, sourceLocation: sourceLocation)
        #expect(outcome.stderr.isEmpty, about, sourceLocation: sourceLocation)
        let codes = Self.codes(in: outcome.stdout)
        if status != 0 { #expect(!codes.isEmpty, about, sourceLocation: sourceLocation) }
        if status == 2 { #expect(codes.contains("PT005"), about, sourceLocation: sourceLocation) }
        if !hostile.expectedCodes.isEmpty {
            #expect(!hostile.expectedCodes.isDisjoint(with: codes), about, sourceLocation: sourceLocation)
        }
        #expect(hostile.forbiddenCodes.isDisjoint(with: codes), about, sourceLocation: sourceLocation)
        #expect(outcome.maxRSSKiB < HostileInputTests.memoryLimitKiB, about, sourceLocation: sourceLocation)
    }

    /// The codes of `error[PT001]`-style headers in text output.
    static func codes(in output: String) -> Set<String> {
        var codes = Set<String>()
        let bytes = Array(output.utf8)
        var index = 0
        while index + 7 <= bytes.count {
            if bytes[index] == UInt8(ascii: "["), bytes[index + 1] == UInt8(ascii: "P"), bytes[index + 2] == UInt8(ascii: "T"),
                bytes[(index + 3)..<(index + 6)].allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), bytes[index + 6] == UInt8(ascii: "]")
            {
                codes.insert(String(decoding: bytes[(index + 1)..<(index + 6)], as: UTF8.self))
                index += 7
            } else {
                index += 1
            }
        }
        return codes
    }
}

enum Scratch {
    static func folder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("portolan-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }
}

/// Inputs that fuzzing (Fuzz/run.sh check) found to crash, hang or break a
/// property of the reader, decoder or checker, kept so that none ever does again.
enum FuzzFindings {
    /// One input of Fixtures/ and what `portolan check` made of it when it was kept.
    struct Kept: Sendable, CustomTestStringConvertible {
        var name: String
        var status: Int32
        var codes: Set<String>
        var testDescription: String { name }
    }

    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    /// The lines of Fixtures/expected: `NAME STATUS CODE...`.
    static let all: [Kept] = {
        let text = (try? String(contentsOf: folder.appendingPathComponent("expected"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ").map(String.init)
            guard fields.count >= 2, let status = Int32(fields[1]) else { return nil }
            return Kept(name: fields[0], status: status, codes: Set(fields.dropFirst(2)))
        }
    }()
}
