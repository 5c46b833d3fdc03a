import PortolanDiagnostics
import PortolanLanguage

/// Large topologies built in code from one decoded server, for the scale tests.
enum Estate {
    /// `count` copies of `template` named `s0`, `s1`, ... with hosts `sN.acme.example`;
    /// `adjust` may change each copy.
    static func servers(
        _ count: Int, like template: Server, adjust: (Int, inout Server) -> Void = { _, _ in }
    ) -> [Server] {
        (0..<count).map { index in
            var server = template
            let span = SourceSpan(
                file: "estate.yaml", start: SourcePosition(line: index + 1, column: 3, offset: 0),
                end: SourcePosition(line: index + 1, column: 3, offset: 0))
            server.name = Name("s\(index)", at: span)
            server.host = Located("s\(index).acme.example", at: span)
            adjust(index, &server)
            return server
        }
    }
}
