import PortolanDiagnostics
import PortolanLanguage

/// Runs every rule of RULES.md from PT202 on over a decoded topology.
public enum Checker {
    public static func check(_ topology: Topology) -> [Diagnostic] {
        []
    }
}
