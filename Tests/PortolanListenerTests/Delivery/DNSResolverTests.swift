import Foundation
@testable import PortolanListener
import PortolanTestSupport
import Synchronization
import Testing

/// MX and address lookups against a real dnsmasq on loopback (never the
/// machine's own resolver), each test with a server of its own.
@Suite(.serialized) struct DNSResolverTests {
    static let records = [
        "--mx-host=acme.example,mx2.acme.example,20",
        "--mx-host=acme.example,mx1.acme.example,10",
        "--mx-host=acme.example,mx3.acme.example,20",
        "--host-record=mx1.acme.example,127.0.0.11,::11",
        "--host-record=mx2.acme.example,127.0.0.12",
        "--host-record=plain.example,127.0.0.13",
        "--host-record=six.example,::13",
        "--txt-record=bare.example,nothing here",
        "--mx-host=null.example,.,0",
    ]

    static func resolver(_ dns: Dnsmasq) throws -> DNSResolver {
        let server: DNSServerAddress = try #require(DNSServerAddress(parsing: dns.server))
        return DNSResolver(server: server, timeout: 2, attempts: 1)
    }

    @Test(.timeLimit(.minutes(1))) func exchangersComeByPreferenceThenHostName() throws {
        let dns = try Dnsmasq(Self.records)
        defer { dns.stop() }
        let expected = [
            MailExchanger(preference: 10, host: "mx1.acme.example"), MailExchanger(preference: 20, host: "mx2.acme.example"),
            MailExchanger(preference: 20, host: "mx3.acme.example"),
        ]
        let resolver = try Self.resolver(dns)
        #expect(resolver.exchangers(for: "acme.example") == .success(expected))
        #expect(resolver.exchangers(for: "ACME.Example.") == .success(expected))
    }

    @Test(.timeLimit(.minutes(1))) func aDomainWithOnlyAnAddressIsItsOwnExchanger() throws {
        let dns = try Dnsmasq(Self.records)
        defer { dns.stop() }
        let resolver = try Self.resolver(dns)
        #expect(resolver.exchangers(for: "plain.example") == .success([MailExchanger(preference: 0, host: "plain.example")]))
        #expect(resolver.exchangers(for: "six.example") == .success([MailExchanger(preference: 0, host: "six.example")]))
    }

    @Test(.timeLimit(.minutes(1))) func missingNamesFailPermanently() throws {
        let dns = try Dnsmasq(Self.records)
        defer { dns.stop() }
        let resolver = try Self.resolver(dns)
        #expect(resolver.exchangers(for: "nowhere.example") == .failure(.permanent("no such domain nowhere.example (NXDOMAIN)")))
        #expect(resolver.exchangers(for: "bare.example") == .failure(.permanent("no MX or address record for bare.example")))
        #expect(resolver.addresses(of: "nowhere.example") == .failure(.permanent("no such host nowhere.example (NXDOMAIN)")))
        #expect(resolver.addresses(of: "bare.example") == .failure(.permanent("no address record for bare.example")))
        #expect(resolver.exchangers(for: "bad..example") == .failure(.permanent("invalid domain name \"bad..example\"")))
    }

    @Test(.timeLimit(.minutes(1))) func aNullMXAcceptsNoMail() throws {
        let dns = try Dnsmasq(Self.records)
        defer { dns.stop() }
        #expect(try Self.resolver(dns).exchangers(for: "null.example") == .failure(.permanent("null.example accepts no mail (null MX)")))
    }

    @Test(.timeLimit(.minutes(1))) func addressesComeAThenAAAA() throws {
        let dns = try Dnsmasq(Self.records)
        defer { dns.stop() }
        let resolver = try Self.resolver(dns)
        #expect(resolver.addresses(of: "MX1.acme.example.") == .success(["127.0.0.11", "::11"]))
        #expect(resolver.addresses(of: "mx2.acme.example") == .success(["127.0.0.12"]))
        #expect(resolver.addresses(of: "six.example") == .success(["::13"]))
    }

    @Test(.timeLimit(.minutes(1))) func addressLiteralsNeedNoQuery() throws {
        // Nobody listens there: an answer proves that nothing was asked.
        let resolver = DNSResolver(server: DNSServerAddress(parsing: "127.0.0.1:9"), timeout: 1, attempts: 1)
        #expect(resolver.addresses(of: "192.0.2.7") == .success(["192.0.2.7"]))
        #expect(resolver.addresses(of: "2001:db8::7") == .success(["2001:db8::7"]))
        #expect(resolver.addresses(of: "[192.0.2.8]") == .success(["192.0.2.8"]))
        #expect(resolver.addresses(of: "[IPv6:2001:db8::8]") == .success(["2001:db8::8"]))
    }

    @Test(.timeLimit(.minutes(1))) func aRefusingServerFailsTemporarily() throws {
        // dnsmasq has no upstream for names outside `example`, and refuses them.
        let dns = try Dnsmasq(Self.records)
        defer { dns.stop() }
        let failure = LookupFailure.temporary("DNS server \(dns.server) answered REFUSED for elsewhere.org (MX)")
        #expect(try Self.resolver(dns).exchangers(for: "elsewhere.org") == .failure(failure))
    }

    @Test(.timeLimit(.minutes(1))) func aClosedPortFailsTemporarily() throws {
        let socket = UDPProbe.bound(address: "127.0.0.1", port: 0)
        try #require(socket >= 0)
        let port = UDPProbe.port(of: socket)
        close(socket)
        let resolver = DNSResolver(server: DNSServerAddress(parsing: "127.0.0.1:\(port)"), timeout: 1, attempts: 1)
        let started = Date()
        let result = resolver.exchangers(for: "acme.example")
        #expect(result == .failure(.temporary("DNS server 127.0.0.1:\(port) did not answer for acme.example (MX)")))
        #expect(Date().timeIntervalSince(started) < 5)
    }

    @Test(.timeLimit(.minutes(1))) func aSilentServerTimesOut() throws {
        // A socket that receives the query and never answers.
        let socket = UDPProbe.bound(address: "127.0.0.1", port: 0)
        try #require(socket >= 0)
        defer { close(socket) }
        let port = UDPProbe.port(of: socket)
        let resolver = DNSResolver(server: DNSServerAddress(parsing: "127.0.0.1:\(port)"), timeout: 1, attempts: 1)
        let started = Date()
        #expect(resolver.addresses(of: "mx1.acme.example") == .failure(.temporary("DNS server 127.0.0.1:\(port) did not answer for mx1.acme.example (A)")))
        let elapsed = Date().timeIntervalSince(started)
        // One second for A and one for AAAA.
        #expect(elapsed >= 1.5 && elapsed < 6)
    }

    @Test(.timeLimit(.minutes(1))) func anIPv6ServerIsAskedAlone() throws {
        let dns = try Dnsmasq(Self.records, address: "::1")
        defer { dns.stop() }
        let server = try #require(DNSServerAddress(parsing: dns.server))
        #expect(server.address == "::1")
        let resolver = DNSResolver(server: server, timeout: 2, attempts: 1)
        #expect(resolver.exchangers(for: "acme.example").map { $0.map(\.host) } == .success(["mx1.acme.example", "mx2.acme.example", "mx3.acme.example"]))
        #expect(resolver.addresses(of: "mx1.acme.example") == .success(["127.0.0.11", "::11"]))
    }

    @Test(.timeLimit(.minutes(1))) func lookupsOnManyThreadsAtOnce() throws {
        let dns = try Dnsmasq(Self.records)
        defer { dns.stop() }
        let resolver = try Self.resolver(dns)
        let results = Mutex<[Bool]>([])
        DispatchQueue.concurrentPerform(iterations: 16) { index in
            let right = index.isMultiple(of: 2)
                ? resolver.exchangers(for: "acme.example").map(\.count) == .success(3)
                : resolver.addresses(of: "mx1.acme.example") == .success(["127.0.0.11", "::11"])
            results.withLock { $0.append(right) }
        }
        #expect(results.withLock { $0 } == Array(repeating: true, count: 16))
    }

    @Test func serverAddressesParse() {
        #expect(DNSServerAddress(parsing: "127.0.0.1:5353").map { [$0.address, "\($0.port)", $0.description] } == ["127.0.0.1", "5353", "127.0.0.1:5353"])
        #expect(DNSServerAddress(parsing: "[::1]:53").map { [$0.address, "\($0.port)", $0.description] } == ["::1", "53", "[::1]:53"])
        #expect(DNSServerAddress(parsing: "[0:0::1]:53")?.address == "::1")
        for text in ["127.0.0.1", "127.0.0.1:", "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:+53", "127.0.0.1: 53", "::1:53", "[::1]", "[::1]53",
            "[127.0.0.1]:53", "dns.example:53", "127.0.0.1:005353", ":53", ""]
        {
            #expect(DNSServerAddress(parsing: text) == nil, "\(text)")
        }
    }
}

/// The answer parser on messages built by hand: what a server may send that
/// dnsmasq never does.
@Suite struct DNSAnswerTests {
    /// A reply to `acme.example MX` with one MX record per entry (preference, host labels).
    static func reply(_ records: [(Int, [String])]) -> [UInt8] {
        func name(_ labels: [String]) -> [UInt8] { labels.flatMap { [UInt8($0.utf8.count)] + Array($0.utf8) } + [0] }
        var message: [UInt8] = [0xAB, 0xCD, 0x81, 0x80, 0, 1, 0, UInt8(records.count), 0, 0, 0, 0]
        message += name(["acme", "example"]) + [0, 15, 0, 1]
        for (preference, host) in records {
            let data = [UInt8(preference >> 8), UInt8(preference & 0xFF)] + name(host)
            message += [0xC0, 12, 0, 15, 0, 1, 0, 0, 0, 60, 0, UInt8(data.count)] + data
        }
        return message
    }

    @Test func mxRecordsAreRead() {
        let message = Self.reply([(10, ["MX1", "acme", "example"]), (0, [])])
        #expect(DNSAnswer.exchangers(in: message) == [MailExchanger(preference: 10, host: "mx1.acme.example"), MailExchanger(preference: 0, host: "")])
    }

    @Test func everyTruncationIsRefusedWithoutACrash() {
        let message = Self.reply([(10, ["mx1", "acme", "example"]), (20, ["mx2", "acme", "example"])])
        for length in 0..<message.count {
            #expect(DNSAnswer.exchangers(in: Array(message.prefix(length))) == nil, "length \(length)")
        }
    }

    @Test func badLengthsAndPointersAreRefused() {
        var message = Self.reply([(10, ["mx1", "acme", "example"])])
        // The record's data length says one byte more than there is.
        var longer = message
        longer[longer.count - 21] += 1
        #expect(DNSAnswer.exchangers(in: longer) == nil)
        // The host is a compression pointer to itself.
        let pointer = message.count - 18
        message.replaceSubrange(pointer..., with: [0xC0, UInt8(pointer)])
        message[pointer - 3] = 4
        #expect(DNSAnswer.exchangers(in: message) == nil)
        // Random bytes after a valid header.
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let noise = Self.reply([]).prefix(12) + (0..<Int.random(in: 0...64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = DNSAnswer.exchangers(in: Array(noise))
            _ = DNSAnswer.addresses(in: Array(noise), type: .aaaa)
        }
    }

    @Test func addressRecordsOfTheWrongSizeAreRefused() {
        var message: [UInt8] = [0, 1, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0x61, 0, 0, 1, 0, 1]
        message += [0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, 1]
        #expect(DNSAnswer.addresses(in: message, type: .a) == ["192.0.2.1"])
        #expect(DNSAnswer.addresses(in: message, type: .aaaa) == [])
        message[message.count - 5] = 3
        #expect(DNSAnswer.addresses(in: Array(message.dropLast()), type: .a) == nil)
    }
}
