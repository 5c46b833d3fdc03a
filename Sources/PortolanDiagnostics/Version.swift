/// The version of Portolan, printed by `--version` and written into bundles and SARIF.
public enum PortolanVersion {
    public static let current = "0.1.0"
}
