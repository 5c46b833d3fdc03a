import PortolanDiagnostics
import PortolanBundle
import PortolanLanguage

/// The result of the front half of the compiler: everything `check` reports,
/// and the model that `build` lowers when there are no errors.
public struct CheckOutcome: Sendable {
    public var topology: Topology?
    /// The resolved model, when every file was read and the rules ran.
    public var model: Model?
    public var diagnostics: [Diagnostic]
    public var sources: SourceStore
    /// True when no input could be read at all (exit code 2).
    public var nothingRead: Bool

    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}

/// What `build` did: the outcome of the check, and, when it had no errors,
/// what was written (or that nothing needed to be).
public struct BuildOutcome: Sendable {
    public var check: CheckOutcome
    /// Nil when the check had errors: nothing was written.
    public var summary: EmitSummary?
    /// The bundles lowered; empty when the build found nothing to change
    /// without lowering them.
    public var bundles: [HostBundle]
}
