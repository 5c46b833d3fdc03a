import ArgumentParser
import PortolanCompiler
import PortolanDiagnostics
import PortolanYAML

/// The inputs every compiling command takes, and the reader's limits.
struct InputOptions: ParsableArguments {
    @Argument(help: "Topology files, or directories whose *.yaml and *.yml files are read.")
    var paths: [String]

    @Option(help: "Largest input file, in bytes (at most 4 GiB - 1).")
    var maxFileSize: Int = ReaderLimits.default.maxFileSize

    @Option(help: "Deepest nesting of lists and mappings.")
    var maxDepth: Int = ReaderLimits.default.maxDepth

    @Option(help: "Nodes that aliases may produce per file (at least; 10x the file's own nodes is also allowed).")
    var maxAliasNodes: Int = ReaderLimits.default.maxAliasNodes

    @Option(help: "Most values, lists and mappings written in one file.")
    var maxNodes: Int = ReaderLimits.default.maxNodes

    var limits: ReaderLimits {
        ReaderLimits(maxFileSize: maxFileSize, maxDepth: maxDepth, maxAliasNodes: maxAliasNodes, maxNodes: maxNodes)
    }

    /// The compiler's stages, reading with these limits.
    var pipeline: CompilerPipeline { CompilerPipeline(limits: limits) }

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("Give at least one topology file or directory.") }
        guard maxFileSize > 0, maxDepth > 0, maxAliasNodes >= 0, maxNodes > 0 else {
            throw ValidationError("Limits must be positive numbers.")
        }
        // Source positions are kept in 32 bits.
        guard maxFileSize <= Int(UInt32.max) else {
            throw ValidationError("--max-file-size can be at most \(UInt32.max) bytes.")
        }
    }
}

/// How diagnostics are printed.
struct OutputOptions: ParsableArguments {
    @Option(help: "Output format: text, json, sarif or github.")
    var format: OutputFormat = .text

    @Flag(help: "Treat warnings as errors for the exit code.")
    var warningsAsErrors = false

    init() {}

    /// Options for a command that prints diagnostics without taking these
    /// options from its arguments. (Reading an option of `init()` that the
    /// parser never filled in stops the program.)
    init(format: OutputFormat, warningsAsErrors: Bool = false) {
        self.format = format
        self.warningsAsErrors = warningsAsErrors
    }
}

extension OutputFormat: ExpressibleByArgument {}
