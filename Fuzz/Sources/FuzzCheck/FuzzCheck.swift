import Foundation
import PortolanBundle
import PortolanCompiler
import PortolanDiagnostics
import PortolanLanguage
import PortolanScheduling
import PortolanYAML

/// The front end as `portolan check` and `build` run it, on bytes from
/// libFuzzer: read, decode, check, render in every format and, when the
/// topology has no errors, lower it to bundles and round-trip them.
///
/// A line `#%file` splits the input into several files (at most four), so
/// that merging across files (PT201, PT205) is reached too.
///
/// Properties checked besides "no crash, no sanitizer report": every
/// diagnostic has a PT code and a span inside its file; an input without a
/// usable root has at least one error; every bundle decodes to itself.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let files = FuzzInput.files(Array(UnsafeBufferPointer(start: data, count: size)))
    // The compiler's own pipeline, every stage on this thread; reading is
    // watched for a file that gives neither a tree nor an error.
    var pipeline = CompilerPipeline(limits: ReaderLimits(maxFileSize: 1 << 20), scheduler: SerialScheduler())
    let read = pipeline.read
    pipeline.read = .init { sources, scheduler in
        let result = read.run(sources, scheduler)
        let rooted = Set(result.documents.map(\.file))
        for (name, _) in files where !rooted.contains(name) {
            FuzzInput.require(result.diagnostics.contains { $0.severity == .error && result.sources.path(of: $0.span) == name },
                              "no root and no error for \(name)")
        }
        return result
    }
    let outcome = pipeline.check(.texts(files.map { (file: $0.0, bytes: $0.1) }))
    let (diagnostics, model) = (outcome.diagnostics, outcome.model)
    var sources = outcome.sources
    // Lines are counted once per file, not once per span.
    sources.indexLines(of: diagnostics)
    for diagnostic in diagnostics {
        FuzzInput.requireInside(diagnostic.span, of: sources, code: diagnostic.code.rawValue)
        for note in diagnostic.notes {
            if let span = note.span { FuzzInput.requireInside(span, of: sources, code: diagnostic.code.rawValue) }
        }
    }
    let options = RenderOptions(workingDirectory: "/fuzz", toolVersion: "fuzz")
    for format in OutputFormat.allCases {
        let text = DiagnosticRenderer.render(diagnostics, format: format, sources: sources, options: options)
        FuzzInput.require(text.hasSuffix("\n"), "\(format) output does not end with a newline")
    }
    if let model, !diagnostics.contains(where: { $0.severity == .error }) {
        for bundle in pipeline.bundles(of: model, out: "/fuzz/out") {
            let bytes = BundleCodec.encode(bundle)
            let decoded = try? JSONDecoder().decode(HostBundle.self, from: Data(bytes))
            FuzzInput.require(decoded == bundle, "bundle \(bundle.server.name) does not decode to itself")
        }
    }
    return 0
}

enum FuzzInput {
    static let separator = Array("\n#%file\n".utf8)

    /// The input cut at each separator line into named files.
    static func files(_ bytes: [UInt8]) -> [(String, [UInt8])] {
        var parts: [[UInt8]] = []
        var start = 0
        var index = 0
        while index + separator.count <= bytes.count, parts.count < 3 {
            if bytes[index] == separator[0], Array(bytes[index..<(index + separator.count)]) == separator {
                parts.append(Array(bytes[start..<index]))
                index += separator.count
                start = index
            } else {
                index += 1
            }
        }
        parts.append(Array(bytes[start...]))
        return parts.enumerated().map { ("/fuzz/topology-\($0.offset).yaml", $0.element) }
    }

    static func requireInside(_ span: SourceSpan, of sources: SourceStore, code: String) {
        require(code.hasPrefix("PT") && code.count == 5, "diagnostic without a PT code: \(code)")
        let path = sources.path(of: span)
        guard let bytes = sources.bytes(of: path) else { return }  // a note may point at no file
        require(span.start.offset >= 0 && span.start.offset <= span.end.offset && span.end.offset <= bytes.count,
                "\(code) span \(span.start.offset)..<\(span.end.offset) outside \(path) of \(bytes.count) bytes")
        let start = sources.locations(of: span).start
        require(start.line >= 1 && start.column >= 1, "\(code) span starts at line \(start.line) column \(start.column)")
    }

    static func require(_ condition: Bool, _ message: @autoclosure () -> String) {
        if !condition { fail(message()) }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("fuzz property failed: \(message)\n".utf8))
        abort()
    }
}
