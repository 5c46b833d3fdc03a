/// Small topologies that the tests write into a workspace.
enum Topologies {
    /// A spoke that still sends on 25 to a relay host that listens on 26
    /// (PT401, with a note in the other file) and an external host that
    /// nobody uses (PT502): one error and one warning over two files.
    static let broken = [
        "broken/hub.yaml": """
            portolan: 1
            organization: Acme
            internet_domains: [acme.example]

            servers:
              hub:
                host: hub.acme.example
                smtp:
                  inbound:
                    tcp: { port: 26 }

            """,
        "broken/spoke.yaml": """
            portolan: 1

            servers:
              spoke:
                host: spoke.acme.example
                smtp:
                  listener: false
                  outbound:
                    tcp: { port: 25 }
                    relay: hub
                addresses: [192.0.2.21]

            external:
              isp: { host: smtp.isp.example }

            """,
    ]
}

extension Workspace {
    /// Writes `Topologies.broken` and returns its folder.
    @discardableResult
    func writeBrokenTopology() throws -> String {
        for (path, text) in Topologies.broken { try write(text, to: path) }
        return "broken"
    }
}
