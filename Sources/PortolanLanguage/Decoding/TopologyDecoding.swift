import PortolanDiagnostics
import PortolanScheduling
import PortolanYAML

/// One decoding run: every file is read against the grammar first; then the
/// file-wide settings are reconciled, `defaults` combined, names registered,
/// and the AST built from the surviving definitions.
struct TopologyDecoding {
    private var roots: [FieldObject] = []
    private var diagnostics: [Diagnostic] = []
    /// Runs the servers and users, each decoded alone, in parts.
    let scheduler: any StageScheduler
    /// The run's files, for the paths in messages and key rings.
    let files: SourceFiles

    init(files: SourceFiles, scheduler: any StageScheduler) {
        self.files = files
        self.scheduler = scheduler
    }

    /// One file read against the grammar, and the problems found.
    static func read(file: String, root: Node, scheduler: any StageScheduler) -> (root: FieldObject?, diagnostics: [Diagnostic]) {
        var reader = ValueReader(file: file, scheduler: scheduler)
        let start = SourceSpan(file: root.span.file, start: root.span.start, end: root.span.start)
        let anchor = root.mapping?.first?.key.span ?? start
        let object = reader.readObject(root, Grammar.file, anchor: anchor, path: .root)
        return (object, reader.diagnostics)
    }

    /// Takes a file read by `read(file:root:)`; files are added in input order.
    mutating func add(root: FieldObject?, diagnostics: [Diagnostic]) {
        if let root { roots.append(root) }
        self.diagnostics += diagnostics
    }

    mutating func finish() -> DecodeResult {
        var headers = FileHeaders(files: files)
        roots.forEach { headers.add($0) }
        headers.requireOrganization(firstFile: roots.first)
        diagnostics += headers.diagnostics

        let defaults = DefaultsMerge.combine(
            roots.compactMap { ObjectView($0).object(Keys.File.defaults)?.object(Keys.File.defaultsServer)?.own }, diagnostics: &diagnostics)
        let definitions = roots.map { root in
            zip(Section.allCases, Keys.File.sections).flatMap { section, key in
                ObjectView(root).named(key).map { Definition(section: section, entry: $0) }
            }
        }
        let survivors = NameRegistry.register(definitions, diagnostics: &diagnostics)
        let organization = headers.organization?.value ?? ""

        var topology = Topology(
            version: headers.version, organization: headers.organization, internetDomains: headers.internetDomains?.value ?? [])
        let files = self.files
        topology.servers = scheduler.map(objects(survivors[.servers])) {
            ServerBuilder.server($0, ObjectView($1, inheriting: defaults), files: files)
        }
        diagnostics += RetryOrder.problems(topology.servers)
        topology.sites = objects(survivors[.sites]).compactMap { SiteBuilder.site($0, ObjectView($1), organization: organization, files: files) }
        topology.users = scheduler.map(objects(survivors[.users])) { PrincipalBuilder.user($0, ObjectView($1), organization: organization) }
        topology.groups = (survivors[.groups] ?? []).map { PrincipalBuilder.group($0.name, $0.value) }
        topology.externals = objects(survivors[.external]).map { PrincipalBuilder.externalHost($0, ObjectView($1)) }
        return DecodeResult(topology: topology, diagnostics: diagnostics.sorted(), files: files)
    }

    /// The entries of a section of objects, with their objects.
    private func objects(_ entries: [NamedValue]?) -> [(Name, FieldObject)] {
        (entries ?? []).compactMap { entry in entry.value.value.object.map { (entry.name, $0) } }
    }
}
