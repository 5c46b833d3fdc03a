/// The formats `--format` accepts: one for people at a terminal and three for
/// machines (scripts, code scanning, workflow annotations).
public enum OutputFormat: String, CaseIterable, Sendable {
    case text
    case json
    case sarif
    case github
}

/// What a renderer needs to know about where it runs. Every format prints a file
/// that lies under `workingDirectory` relative to it, so that output names the
/// same file whichever way the user spelled its path.
public struct RenderOptions: Sendable {
    /// ANSI colour in the text format; the other formats never use it.
    public var colour: Bool
    /// An absolute path.
    public var workingDirectory: String
    /// The version reported as SARIF's `tool.driver.version`.
    public var toolVersion: String

    public init(colour: Bool = false, workingDirectory: String, toolVersion: String) {
        self.colour = colour
        self.workingDirectory = workingDirectory
        self.toolVersion = toolVersion
    }
}

extension RenderOptions {
    /// `file` as every format prints it: relative to the working directory when
    /// it is an absolute path under it, otherwise as the user gave it.
    func displayPath(_ file: String) -> String {
        guard file.hasPrefix("/") else { return file }
        var base = Substring(workingDirectory)
        while base.hasSuffix("/") { base = base.dropLast() }
        // Compare bytes, not characters: paths are not subject to Unicode equivalence.
        let prefix = Array(base.utf8) + [UInt8(ascii: "/")]
        let bytes = Array(file.utf8)
        guard bytes.count > prefix.count, bytes.starts(with: prefix) else { return file }
        return String(decoding: bytes[prefix.count...], as: UTF8.self)
    }
}
