import CYAML
import Foundation
import PortolanCompiler
import PortolanDiagnostics
import PortolanYAML

/// `portolan-bench read [--size-mb N] [--runs N] [--file PATH] [--ascii] [--ways]`:
/// how long libyaml alone takes to scan a topology, how long `YAMLReader`
/// takes to read it into nodes, and the ratio of the two. With `--ways`, also
/// the reader's other ways on the same text, interleaved: read whole with the
/// parse ahead on a second thread, and read whole on one thread, beside the
/// pipeline's way (in two halves when the file's shape allows).
struct ReadBenchmark {
    var sizeMB = 10.0
    var runs = 7
    var file: String?
    var asciiOnly = false
    var ways = false

    static let usage = "usage: portolan-bench read [--size-mb N] [--runs N] [--file PATH] [--ascii] [--ways]"
    /// The name reported for generated text: a path of realistic length, so that
    /// the cost of carrying it in every span is measured too.
    static let generatedName = "estates/acme/topology/generated-estate.yaml"

    init(arguments: ArraySlice<String>) throws(UsageError) {
        var rest = arguments
        while let option = rest.popFirst() {
            switch option {
            case "--size-mb": sizeMB = try Self.value(of: option, from: &rest, as: Double.self)
            case "--runs": runs = try Self.value(of: option, from: &rest, as: Int.self)
            case "--file": file = try Self.value(of: option, from: &rest, as: String.self)
            case "--ascii": asciiOnly = true
            case "--ways": ways = true
            default: throw UsageError("unknown option \(option)")
            }
        }
        guard sizeMB > 0, runs > 0 else { throw UsageError("--size-mb and --runs must be positive") }
    }

    private static func value<T: LosslessStringConvertible>(
        of option: String, from rest: inout ArraySlice<String>, as type: T.Type
    ) throws(UsageError) -> T {
        guard let text = rest.popFirst(), let value = T(text) else { throw UsageError("\(option) needs a value") }
        return value
    }

    func run() throws(UsageError) {
        let (bytes, name) = try input()
        let megabytes = Double(bytes.count) / 1_048_576
        print("input: \(name), \(String(format: "%.2f", megabytes)) MiB, "
            + (bytes.contains { $0 >= 0x80 } ? "with non-ASCII characters" : "ASCII only"))
        let reader = Self.reader(for: bytes)
        describe(reader.read(bytes: bytes, file: name), lines: LineTable(bytes: bytes), events: Self.scanWithLibYAML(bytes))
        var libyamlTimes: [Timing] = []
        var readerTimes: [Timing] = []
        var freeingTimes: [Timing] = []
        for run in 0..<runs {
            // Alternate which goes first, so that neither always finds a warm cache.
            if run.isMultiple(of: 2) { libyamlTimes.append(Timing { _ = Self.scanWithLibYAML(bytes) }) }
            var kept: [ReadOutcome] = []
            readerTimes.append(Timing { kept.append(reader.read(bytes: bytes, file: name)) })
            freeingTimes.append(Timing { kept.removeAll() })
            if !run.isMultiple(of: 2) { libyamlTimes.append(Timing { _ = Self.scanWithLibYAML(bytes) }) }
        }
        report(libyaml: Timing.median(libyamlTimes), reader: Timing.median(readerTimes),
               freeing: Timing.median(freeingTimes), megabytes: megabytes)
        if ways { compareWays(bytes, name: name, megabytes: megabytes) }
    }

    /// The pipeline's way against reading whole (parsed ahead, then on one
    /// thread), each run of each way interleaved with the others.
    private func compareWays(_ bytes: [UInt8], name: String, megabytes: Double) {
        var whole = Self.reader(for: bytes)
        whole.splitThreshold = .max
        var serial = whole
        serial.parseAheadThreshold = .max
        let readers = [("as the pipeline reads", Self.reader(for: bytes)), ("whole, parsed ahead", whole), ("whole, one thread", serial)]
        var times = Array(repeating: [Timing](), count: readers.count)
        for run in 0..<runs {
            for index in readers.indices {
                let way = (index + run) % readers.count
                var kept: [ReadOutcome] = []
                times[way].append(Timing { kept.append(readers[way].1.read(bytes: bytes, file: name)) })
                kept.removeAll()
            }
        }
        let base = Timing.median(times[0])
        print("the reader's ways, median of \(runs) interleaved runs:")
        for (index, (label, _)) in readers.enumerated() {
            let timing = Timing.median(times[index])
            let figures = String(format: "%8.1f ms  [%8.1f ms CPU]   %.2f× [%.2f× CPU] the pipeline's way",
                                 timing.wallMS, timing.cpuMS, timing.wallMS / base.wallMS, timing.cpuMS / base.cpuMS)
            print("  \(label.padding(toLength: 22, withPad: " ", startingAt: 0)) \(figures)")
        }
    }

    /// A reader whose size limits let it read all of `bytes`: the benchmark
    /// measures reading, not refusing.
    static func reader(for bytes: [UInt8]) -> YAMLReader {
        var limits = ReaderLimits.default
        limits.maxFileSize = max(limits.maxFileSize, bytes.count)
        limits.maxNodes = .max
        // As the pipeline reads: a large file parsed ahead, or in halves.
        return YAMLReader(limits: limits, scheduler: TwoCoreScheduler())
    }

    private func input() throws(UsageError) -> (bytes: [UInt8], name: String) {
        if let file {
            guard let data = FileManager.default.contents(atPath: file) else { throw UsageError("cannot read \(file)") }
            return ([UInt8](data), file)
        }
        var generator = EstateGenerator(asciiOnly: asciiOnly)
        return (generator.generate(targetBytes: Int(sizeMB * 1_048_576)), Self.generatedName)
    }

    private func describe(_ outcome: ReadOutcome, lines: LineTable, events: Int) {
        print("events: \(events), nodes: \(outcome.nodeCount) (+\(outcome.aliasNodeCount) through aliases), "
            + "diagnostics: \(outcome.diagnostics.count)")
        for diagnostic in outcome.diagnostics.prefix(3) {
            print("  \(diagnostic.code) \(lines.location(of: diagnostic.span.start)) \(diagnostic.message)")
        }
    }

    private func report(libyaml: Timing, reader: Timing, freeing: Timing, megabytes: Double) {
        print("median of \(runs) runs (wall clock; CPU time of the process in brackets):")
        for (label, timing) in [("libyaml events: ", libyaml), ("YAMLReader.read:", reader)] {
            let figures = String(format: "%8.1f ms  %6.1f MiB/s   [%8.1f ms CPU]",
                                 timing.wallMS, megabytes / timing.wallMS * 1000, timing.cpuMS)
            print("  \(label)   \(figures)")
        }
        let ratio = String(format: "%.2f   [%.2f CPU]", reader.wallMS / libyaml.wallMS, reader.cpuMS / libyaml.cpuMS)
        print("  ratio reader/libyaml: \(ratio)")
        print(String(format: "  (freeing the nodes afterwards: %.1f ms, not counted above)", freeing.wallMS))
    }

    /// Parses `bytes` with libyaml's event API and nothing else; returns the number of events.
    static func scanWithLibYAML(_ bytes: [UInt8]) -> Int {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return 0 }
        defer { yaml_parser_delete(&parser) }
        var events = 0
        bytes.withUnsafeBufferPointer { buffer in
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                events += 1
                let done = event.type == YAML_STREAM_END_EVENT
                yaml_event_delete(&event)
                if done { break }
            }
        }
        return events
    }

}

/// How long one run took: on the monotonic wall clock, and in CPU time of the
/// process (less disturbed when other work shares the machine).
struct Timing {
    var wallMS: Double
    var cpuMS: Double

    init(wallMS: Double, cpuMS: Double) {
        self.wallMS = wallMS
        self.cpuMS = cpuMS
    }

    init(_ body: () -> Void) {
        let cpuStart = Self.processCPUTime()
        let wall = ContinuousClock().measure(body)
        cpuMS = Self.processCPUTime() - cpuStart
        let (seconds, attoseconds) = wall.components
        wallMS = Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }

    static func processCPUTime() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
        return Double(now.tv_sec) * 1000 + Double(now.tv_nsec) / 1e6
    }

    /// The median of each measure on its own.
    static func median(_ timings: [Timing]) -> Timing {
        func middle(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        return Timing(wallMS: middle(timings.map(\.wallMS)), cpuMS: middle(timings.map(\.cpuMS)))
    }
}

/// A command line that the benchmark does not understand.
struct UsageError: Error {
    var message: String
    init(_ message: String) { self.message = message }
}

let arguments = CommandLine.arguments.dropFirst()
do throws(UsageError) {
    switch arguments.first {
    case "read": try ReadBenchmark(arguments: arguments.dropFirst()).run()
    case "estate": try EstateCommand(arguments: arguments.dropFirst()).run()
    case "scan": try ScanCommand(arguments: arguments.dropFirst()).run()
    case "dump": try DumpCommand(arguments: arguments.dropFirst()).run()
    default: throw UsageError("unknown or missing subcommand")
    }
} catch {
    FileHandle.standardError.write(Data("portolan-bench: \(error.message)\n\(ReadBenchmark.usage)\n\(EstateCommand.usage)\n\(ScanCommand.usage)\n\(DumpCommand.usage)\n".utf8))
    exit(2)
}
