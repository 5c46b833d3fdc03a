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
            for line in reader.read(bytes: bytes, file: file).listing(lines: LineTable(bytes: bytes)) {
                output += line
                output += "\n"
            }
            FileHandle.standardOutput.write(Data(output.utf8))
            output = ""
        }
    }
}
