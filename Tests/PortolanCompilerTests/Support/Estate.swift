import PortolanDiagnostics
import PortolanLanguage

/// Topologies for the tests: written as YAML text from parts, for the rule
/// tests and the pipeline's, or built in code from one decoded server, for the
/// scale tests.
enum Estate {
    /// The key ring of the hub most fixtures have.
    static let hubTLS = "tls: { certificate: hub.pem, key: hub.key }"

    /// A topology's text, line by line:
    ///
    ///     portolan: 1
    ///     organization: Acme
    ///     internet_domains: [<internetDomains>]    when given
    ///     defaults:                                when given
    ///       <defaults>
    ///     servers:
    ///       <servers>
    ///     <sections>
    ///
    /// joined by newlines with none at the end. Expectations point at lines
    /// and columns of it, so it holds exactly the lines the parts give, in
    /// their order, and nothing else.
    static func yaml(
        internetDomains: String? = nil, defaults: [String] = [], servers: [Server], _ sections: Section...
    ) -> String {
        var lines = ["portolan: 1", "organization: Acme"]
        if let internetDomains { lines.append("internet_domains: [\(internetDomains)]") }
        if !defaults.isEmpty { lines += ["defaults:"] + indented(defaults, by: 2) }
        lines.append("servers:")
        lines += servers.flatMap(\.lines)
        lines += sections.flatMap(\.lines)
        return lines.joined(separator: "\n")
    }

    /// One server under `servers:`. A string is the server's line as written,
    /// without its indentation: `"hub: { host: hub.acme.example }"`.
    struct Server: ExpressibleByStringInterpolation {
        let lines: [String]

        init(stringLiteral line: String) { lines = indented([line], by: 2) }

        private init(lines: [String]) { self.lines = lines }

        /// A server as a block:
        ///
        ///     <name>:
        ///       host: <host, or name.acme.example>
        ///       <keys>
        ///       smtp:                   when any of the three below is given
        ///         <smtp>
        ///         inbound:              when given
        ///           <inbound>
        ///         outbound:             when given
        ///           <outbound>
        static func server(
            _ name: String, host: String? = nil, _ keys: [String] = [],
            smtp: [String] = [], inbound: [String] = [], outbound: [String] = []
        ) -> Server {
            var body = ["host: \(host ?? name + ".acme.example")"] + keys
            if !smtp.isEmpty || !inbound.isEmpty || !outbound.isEmpty {
                var section = smtp
                if !inbound.isEmpty { section += ["inbound:"] + indented(inbound, by: 2) }
                if !outbound.isEmpty { section += ["outbound:"] + indented(outbound, by: 2) }
                body += ["smtp:"] + indented(section, by: 2)
            }
            return Server(lines: indented(["\(name):"], by: 2) + indented(body, by: 4))
        }
    }

    /// What follows the servers: a section and its entries, or lines as written.
    struct Section {
        let lines: [String]

        static func sites(_ entries: String...) -> Section { Section(lines: ["sites:"] + indented(entries, by: 2)) }
        static func users(_ entries: String...) -> Section { Section(lines: ["users:"] + indented(entries, by: 2)) }
        static func groups(_ entries: String...) -> Section { Section(lines: ["groups:"] + indented(entries, by: 2)) }
        static func external(_ entries: String...) -> Section { Section(lines: ["external:"] + indented(entries, by: 2)) }
        /// `text` at the top level as it is; an empty text is an empty line.
        static func lines(_ text: String) -> Section { Section(lines: indented([text], by: 0)) }
    }

    /// `count` copies of `template` named `s0`, `s1`, ... with hosts `sN.acme.example`;
    /// `adjust` may change each copy.
    static func servers(
        _ count: Int, like template: PortolanLanguage.Server, adjust: (Int, inout PortolanLanguage.Server) -> Void = { _, _ in }
    ) -> [PortolanLanguage.Server] {
        (0..<count).map { index in
            var server = template
            // Each its own place, as if written on a line of its own.
            let span = SourceSpan(file: .only, start: SourcePosition(offset: index * 40 + 2), end: SourcePosition(offset: index * 40 + 2))
            server.name = Name("s\(index)", at: span)
            server.host = Located("s\(index).acme.example", at: span)
            adjust(index, &server)
            return server
        }
    }
}

/// Each line of `entries` (an entry may hold several) `depth` spaces in; an
/// empty line stays empty.
private func indented(_ entries: [String], by depth: Int) -> [String] {
    let indent = String(repeating: " ", count: depth)
    return entries.flatMap { $0.split(separator: "\n", omittingEmptySubsequences: false) }
        .map { $0.isEmpty ? "" : indent + $0 }
}
