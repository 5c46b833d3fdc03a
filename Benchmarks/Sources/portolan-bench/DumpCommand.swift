import Foundation
import PortolanDiagnostics
import PortolanCompiler
import PortolanYAML

/// `portolan-bench dump FILE...`: every node the reader gives for each file
/// (depth, span, kind, style, tag, text) and every diagnostic, one line each,
/// read as the pipeline reads. Two builds of the reader give the same trees
/// when their dumps are the same.
struct DumpCommand {
    static let usage = "usage: portolan-bench dump FILE..."
    var files: [String]

    init(arguments: ArraySlice<String>) throws(UsageError) {
        files = Array(arguments)
        guard !files.isEmpty else { throw UsageError("dump needs at least one file") }
    }

    func run() throws(UsageError) {
        let reader = YAMLReader(scheduler: TwoCoreScheduler())
        var output = ""
        for file in files {
            guard let data = FileManager.default.contents(atPath: file) else { throw UsageError("cannot read \(file)") }
            output += "file \(file)\n"
            let bytes = [UInt8](data)
            for line in Self.listing(reader.read(bytes: bytes, file: file), lines: LineTable(bytes: bytes)) {
                output += line
                output += "\n"
            }
            FileHandle.standardOutput.write(Data(output.utf8))
            output = ""
        }
    }

    static func listing(_ outcome: ReadOutcome, lines: LineTable) -> [String] {
        func position(_ position: SourcePosition) -> String { "\(lines.location(of: position))@\(position.offset)" }
        var lines = outcome.diagnostics.map { diagnostic in
            "\(diagnostic.code.rawValue) \(position(diagnostic.span.start))-\(position(diagnostic.span.end)) \(diagnostic.message) "
                + diagnostic.notes.map { "[\($0.message) \($0.span.map { position($0.start) } ?? "-")]" }.joined()
                + (diagnostic.help ?? "")
        }
        lines.append("nodes \(outcome.nodeCount) aliases \(outcome.aliasNodeCount) root \(outcome.root != nil)")
        var pending: [(Node, Int)] = outcome.root.map { [($0, 0)] } ?? []
        while let (node, depth) = pending.popLast() {
            let place = "\(depth) \(position(node.span.start))-\(position(node.span.end)) \(node.span.file)"
            switch node.content {
            case .scalar(let scalar):
                lines.append("\(place) scalar \(scalar.style) \(scalar.tag ?? "-") \(scalar.value.debugDescription)")
            case .sequence(let items):
                lines.append("\(place) sequence \(items.count)")
                pending.append(contentsOf: items.reversed().map { ($0, depth + 1) })
            case .mapping(let pairs):
                lines.append("\(place) mapping \(pairs.count)")
                for pair in pairs.reversed() {
                    pending.append((pair.value, depth + 1))
                    pending.append((pair.key, depth + 1))
                }
            }
        }
        return lines
    }
}
