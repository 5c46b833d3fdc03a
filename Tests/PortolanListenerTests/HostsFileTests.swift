import PortolanListener
import Testing

/// `serve --hosts`: a hosts file read both ways.
@Suite struct HostsFileTests {
    static let file = HostsFile(text: """
        # loopback estate
        127.0.0.10  hub.acme.example hub   # the hub
        127.0.0.21\tspoke-a.acme.example
        127.0.0.21 second-name.acme.example
        ::1 ip6-localhost
        not-an-address ignored.example
        """)

    @Test func addressesGiveTheirFirstName() {
        #expect(Self.file.name(of: "127.0.0.10") == "hub.acme.example")
        #expect(Self.file.name(of: "127.0.0.21") == "spoke-a.acme.example")
        #expect(Self.file.name(of: "0:0::1") == "ip6-localhost")
        #expect(Self.file.name(of: "127.0.0.99") == nil)
    }

    @Test func namesGiveTheirAddresses() {
        #expect(Self.file.addresses(of: "HUB.acme.example.") == ["127.0.0.10"])
        #expect(Self.file.addresses(of: "hub") == ["127.0.0.10"])
        #expect(Self.file.addresses(of: "ignored.example").isEmpty)
    }
}
