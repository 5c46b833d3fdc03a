import Foundation

/// `portolan-bench scan PATH...`: the floor for `portolan check` as a whole
/// process: reads the same files the same way (a directory: every `*.yaml` and
/// `*.yml` below it, hidden ones skipped, in sorted path order) and passes each
/// through libyaml's event parser and nothing else. Prints the file and event
/// counts.
struct ScanCommand {
    var paths: [String]

    static let usage = "usage: portolan-bench scan PATH..."

    init(arguments: ArraySlice<String>) throws(UsageError) {
        paths = Array(arguments)
        guard !paths.isEmpty else { throw UsageError("scan needs at least one path") }
    }

    func run() throws(UsageError) {
        var files = 0
        var events = 0
        var bytes = 0
        for path in paths {
            for file in try Self.files(at: path) {
                guard let data = FileManager.default.contents(atPath: file) else { throw UsageError("cannot read \(file)") }
                let content = [UInt8](data)
                files += 1
                bytes += content.count
                events += ReadBenchmark.scanWithLibYAML(content)
            }
        }
        print("\(files) files, \(bytes) bytes, \(events) events")
    }

    static func files(at path: String) throws(UsageError) -> [String] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw UsageError("no such file or directory: \(path)")
        }
        guard isDirectory.boolValue else { return [path] }
        guard let walker = FileManager.default.enumerator(atPath: path) else { throw UsageError("cannot list \(path)") }
        var found: [String] = []
        while let relative = walker.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            if name.hasPrefix(".") {
                walker.skipDescendants()
                continue
            }
            if name.hasSuffix(".yaml") || name.hasSuffix(".yml") { found.append(path + "/" + relative) }
        }
        return found.sorted()
    }
}
