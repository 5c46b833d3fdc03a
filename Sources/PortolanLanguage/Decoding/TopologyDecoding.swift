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
        // The objects each section is built from, and nothing else: the
        // files' trees of objects, and the names registered, go here, so
        // that each object is freed as soon as its part of the AST is built.
        let (servers, sites, users, groups, externals) = sections()
        let organization = headers.organization?.value ?? ""

        var topology = Topology(
            version: headers.version, organization: headers.organization, internetDomains: headers.internetDomains?.value ?? [])
        let files = self.files
        topology.servers = scheduler.map(servers.indices) {
            let (name, object) = servers.take($0)
            return ServerBuilder.server(name, ObjectView(object, inheriting: defaults), files: files)
        }
        diagnostics += RetryOrder.problems(topology.servers)
        topology.sites = sites.compactMap { SiteBuilder.site($0, ObjectView($1), organization: organization, files: files) }
        topology.users = scheduler.map(users.indices) {
            let (name, object) = users.take($0)
            return PrincipalBuilder.user(name, ObjectView(object), organization: organization)
        }
        topology.groups = groups.map { PrincipalBuilder.group($0.name, $0.value) }
        topology.externals = externals.map { PrincipalBuilder.externalHost($0, ObjectView($1)) }
        return DecodeResult(topology: topology, diagnostics: diagnostics.sorted(), files: files)
    }

    /// Registers the names of every file's sections and returns what
    /// survives, section by section; the files' root objects are let go.
    private mutating func sections() -> (
        servers: TakenOnce<(Name, FieldObject)>, sites: [(Name, FieldObject)], users: TakenOnce<(Name, FieldObject)>, groups: [NamedValue],
        externals: [(Name, FieldObject)]
    ) {
        let definitions = roots.map { root in
            zip(Section.allCases, Keys.File.sections).flatMap { section, key in
                ObjectView(root).named(key).map { Definition(section: section, entry: $0) }
            }
        }
        roots = []
        var survivors = NameRegistry.register(definitions, diagnostics: &diagnostics)
        func objects(_ section: Section) -> [(Name, FieldObject)] {
            defer { survivors[section] = nil }
            return (survivors[section] ?? []).compactMap { entry in entry.value.value.object.map { (entry.name, $0) } }
        }
        return (TakenOnce(objects(.servers)), objects(.sites), TakenOnce(objects(.users)), survivors[.groups] ?? [], objects(.external))
    }
}

/// Elements taken one by one, each once, from one thread or several (each
/// index by one of them): an element is freed as soon as its taker is done
/// with it, not when the whole list is.
final class TakenOnce<Element>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Element?>

    init(_ elements: [Element]) {
        slots = .allocate(capacity: elements.count)
        for (index, element) in elements.enumerated() { (slots.baseAddress! + index).initialize(to: element) }
    }

    deinit {
        slots.baseAddress.map { _ = $0.deinitialize(count: slots.count) }
        slots.deallocate()
    }

    var indices: [Int] { Array(0..<slots.count) }

    /// The element at `index`; its slot is empty afterwards.
    func take(_ index: Int) -> Element {
        guard let element = slots[index].take() else { preconditionFailure("element \(index) taken twice") }
        return element
    }
}
