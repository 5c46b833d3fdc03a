import PortolanDiagnostics

/// The settings of the whole topology that any file may give: the language
/// version, `organization` and `internet_domains`. The first file that gives
/// one sets it; a later file that gives another value is PT205 (at the later
/// value, with a note at the first). Domain lists agree when they hold the same
/// domains, in any order and case.
struct FileHeaders {
    /// The run's files, for the path of the first value in a message.
    let files: SourceFiles
    private(set) var version: Located<Int>?
    private(set) var organization: Located<String>?
    private(set) var internetDomains: Located<[Located<String>]>?
    private(set) var diagnostics: [Diagnostic] = []
    /// True once a file wrote `organization`, even with a bad value (reported apart).
    private var organizationWritten = false

    init(files: SourceFiles) {
        self.files = files
    }

    mutating func add(_ object: FieldObject) {
        let files = self.files
        let root = ObjectView(object)
        if let written = root.value(Keys.File.portolan), case .integer(let number) = written.value {
            record(Self.agree(in: files, &version, written.with(number), what: "the language version", same: ==, show: String.init))
        }
        organizationWritten = organizationWritten || root.hasKey(Keys.File.organization)
        if let written = root.string(Keys.File.organization) {
            record(Self.agree(in: files, &organization, written, what: "organization", same: ==) { "'\($0)'" })
        }
        if root.hasValue(Keys.File.internetDomains), let written = root.value(Keys.File.internetDomains), case .list(let items) = written.value {
            let domains = items.compactMap { item in item.value.string.map { item.with($0) } }
            record(Self.agree(in: files, &internetDomains, written.with(domains), what: "internet_domains", same: Self.sameDomains) {
                "[" + $0.map(\.value).joined(separator: ", ") + "]"
            })
        }
    }

    /// PT103 at the first file when no file gave the organization.
    mutating func requireOrganization(firstFile root: FieldObject?) {
        guard !organizationWritten, let root else { return }
        diagnostics.append(Diagnostic(
            .missingKey, "missing required key 'organization': no input file gives it", at: root.anchor,
            help: "add 'organization: <the Domino organization, O=>' to one file"))
    }

    private mutating func record(_ diagnostic: Diagnostic?) {
        if let diagnostic { diagnostics.append(diagnostic) }
    }

    /// Sets `current` from the first value given; a later different value is PT205.
    private static func agree<Value>(
        in files: SourceFiles, _ current: inout Located<Value>?, _ written: Located<Value>, what: String,
        same: (Value, Value) -> Bool, show: (Value) -> String
    ) -> Diagnostic? {
        guard let first = current else {
            current = written
            return nil
        }
        guard !same(first.value, written.value) else { return nil }
        return Diagnostic(
            .filesDisagree, "\(what) is \(show(written.value)) here but \(show(first.value)) in \(files.path(of: first.span))", at: written.span,
            notes: [DiagnosticNote("\(what) is first given here as \(show(first.value))", at: first.span)],
            help: "give \(what) in one file only, or make the files agree")
    }

    private static func sameDomains(_ left: [Located<String>], _ right: [Located<String>]) -> Bool {
        Set(left.map { $0.value.lowercased() }) == Set(right.map { $0.value.lowercased() })
    }
}
