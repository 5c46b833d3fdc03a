import Foundation
import PortolanTestSupport
import Testing

/// One hostile topology file and what `portolan check` must make of it.
struct HostileCase: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    /// At least one of these codes must be reported; empty: any PT code will do.
    var expectedCodes: Set<String> = []
    /// None of these codes may be reported.
    var forbiddenCodes: Set<String> = []
    /// The exit statuses allowed. 2 is only ever allowed with PT005 (RULES.md:
    /// an input that could not be read at all).
    var statuses: Set<Int32> = [0, 1, 2]

    var testDescription: String { "\(name) (\(bytes.count) bytes)" }
}

/// The hostile inputs, generated when the tests run from the examples and a
/// seeded generator, so that every run tries exactly the same bytes.
enum HostileCorpus {
    static func example(_ path: String) -> [UInt8] {
        let url = Portolan.repository.appendingPathComponent("examples").appendingPathComponent(path)
        return (try? [UInt8](Data(contentsOf: url))) ?? Array("portolan: 1\norganization: Acme\n".utf8)
    }

    static let sites = example("internet-sites/topology.yaml")
    static let relay = example("relay-port-26/topology.yaml")

    static func text(_ string: String) -> [UInt8] { Array(string.utf8) }

    /// A small valid topology with a port, a size and a host planted in it.
    static func server(port: String = "25", size: String = "10MiB", host: String = "hub.acme.example") -> [UInt8] {
        text("""
            portolan: 1
            organization: Acme
            internet_domains: [acme.example]
            servers:
              hub:
                host: \(host)
                smtp:
                  listener: true
                  inbound:
                    tcp: { port: \(port), enabled: true }
                    max_message_size: \(size)

            """)
    }

    static let small: [HostileCase] =
        truncations + byteFlips + encodings + lineEnds + nesting + aliases + tags + numbers + ports + documents

    /// The examples cut at many offsets, some inside a multi-byte character.
    static var truncations: [HostileCase] {
        var cases: [HostileCase] = []
        for index in 0..<30 {
            let length = index * sites.count / 30 + (index % 3)
            cases.append(HostileCase(name: "internet-sites cut at \(length)", bytes: Array(sites.prefix(length))))
        }
        let multiByte = relay.indices.filter { relay[$0] >= 0xC0 }
        for (number, start) in multiByte.enumerated() where number % max(1, multiByte.count / 5) == 0 {
            cases.append(HostileCase(name: "relay-port-26 cut inside a character at \(start + 1)",
                                     bytes: Array(relay.prefix(start + 1)), expectedCodes: ["PT005"], statuses: [2]))
        }
        for index in 1...5 {
            let length = index * relay.count / 6
            cases.append(HostileCase(name: "relay-port-26 cut at \(length)", bytes: Array(relay.prefix(length))))
        }
        return cases
    }

    /// Random bytes of the examples replaced (seeded): mostly by YAML's
    /// indicators, blanks and letters, which get past the UTF-8 check into the
    /// parser and the decoder, and one time in eight by any byte at all.
    static var byteFlips: [HostileCase] {
        var random = SplitMix64(seed: 0x706F_7274_6F6C)
        let telling = Array(":-[]{},&*!|>#'\" \n\t%@`?0123456789az".utf8)
        return (0..<30).map { number in
            var bytes = number.isMultiple(of: 2) ? sites : relay
            let flips = 1 + Int(random.next() % 8)
            for _ in 0..<flips {
                let choice = random.next()
                bytes[Int(random.next() % UInt64(bytes.count))] = choice % 8 == 0
                    ? UInt8(truncatingIfNeeded: choice >> 8) : telling[Int((choice >> 8) % UInt64(telling.count))]
            }
            return HostileCase(name: "\(flips) bytes replaced, round \(number)", bytes: bytes)
        }
    }

    static var encodings: [HostileCase] {
        let base = server()
        func planted(_ bytes: [UInt8]) -> [UInt8] { text("portolan: 1\norganization: Ac") + bytes + text("me\n") }
        func invalid(_ name: String, _ bytes: [UInt8]) -> HostileCase {
            HostileCase(name: "invalid UTF-8: \(name)", bytes: bytes, expectedCodes: ["PT005"], statuses: [2])
        }
        return [
            invalid("bad continuation", planted([0xC3, 0x28])),
            invalid("overlong slash", planted([0xC0, 0xAF])),
            invalid("surrogate", planted([0xED, 0xA0, 0x80])),
            invalid("past U+10FFFF", planted([0xF4, 0x90, 0x80, 0x80])),
            invalid("lone continuation", planted([0x80])),
            invalid("cut at the end", base + [0xE2, 0x82]),
            invalid("0xFF", planted([0xFF])),
            HostileCase(name: "NUL in a plain scalar", bytes: planted([0x00])),
            HostileCase(name: "NUL as the first byte", bytes: [0x00] + base),
            HostileCase(name: "NUL inside a quoted string", bytes: text("portolan: 1\norganization: \"Ac") + [0] + text("me\"\n")),
            HostileCase(name: "escaped NUL in a host name", bytes: server(host: "\"hub\\0.acme.example\"")),
            HostileCase(name: "UTF-8 byte order mark", bytes: [0xEF, 0xBB, 0xBF] + base, statuses: [0]),
            HostileCase(name: "two UTF-8 byte order marks", bytes: [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF] + base),
            HostileCase(name: "byte order mark inside a value", bytes: planted([0xEF, 0xBB, 0xBF])),
            HostileCase(name: "UTF-16 LE byte order mark", bytes: [0xFF, 0xFE] + base.flatMap { [$0, 0] }, expectedCodes: ["PT005"],
                        statuses: [2]),
            HostileCase(name: "UTF-16 BE byte order mark", bytes: [0xFE, 0xFF] + base.flatMap { [0, $0] }, expectedCodes: ["PT005"],
                        statuses: [2]),
            HostileCase(name: "UTF-32 byte order mark", bytes: [0x00, 0x00, 0xFE, 0xFF] + base, expectedCodes: ["PT005"], statuses: [2]),
            HostileCase(name: "binary garbage", bytes: {
                var random = SplitMix64(seed: 7)
                return (0..<4096).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            }()),
            HostileCase(name: "a PNG header", bytes: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52]),
            HostileCase(name: "C0 and C1 controls", bytes: planted([0x07, 0x1B, 0x7F, 0xC2, 0x85, 0xC2, 0x9B])),
            HostileCase(name: "line and paragraph separators", bytes: planted([0xE2, 0x80, 0xA8, 0xE2, 0x80, 0xA9])),
        ]
    }

    static var lineEnds: [HostileCase] {
        let lines = sites.split(separator: 0x0A, omittingEmptySubsequences: false)
        func joined(_ separator: [UInt8]) -> [UInt8] { Array(lines.joined(separator: separator)) }
        let ends: [[UInt8]] = [[0x0A], [0x0D, 0x0A], [0x0D]]
        let mixed: [UInt8] = lines.enumerated().flatMap { index, line in Array(line) + ends[index % 3] }
        let tabs = text("portolan: 1\norganization: Acme\nservers:\n\thub:\n\t\thost: hub.acme.example\n")
        return [
            HostileCase(name: "CRLF line ends", bytes: joined([0x0D, 0x0A])),
            HostileCase(name: "CR line ends", bytes: joined([0x0D])),
            HostileCase(name: "mixed LF, CRLF and CR line ends", bytes: mixed),
            HostileCase(name: "CR CR LF line ends", bytes: joined([0x0D, 0x0D, 0x0A])),
            HostileCase(name: "tabs for indentation", bytes: tabs, expectedCodes: ["PT001"], statuses: [1]),
            HostileCase(name: "tabs around values", bytes: text("portolan:\t1\norganization:\tAcme\t\ninternet_domains: [\tacme.example\t]\n")),
            HostileCase(name: "a tab before a key", bytes: text("portolan: 1\n\torganization: Acme\n")),
            HostileCase(name: "no final line end", bytes: Array(sites.dropLast())),
        ]
    }

    static var nesting: [HostileCase] {
        let depth = 100_000
        func deep(_ name: String, _ text: String, codes: Set<String> = ["PT004"]) -> HostileCase {
            HostileCase(name: name, bytes: Self.text(text), expectedCodes: codes, statuses: [1])
        }
        return [
            deep("100,000 nested flow lists", "portolan: 1\nx: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"),
            deep("100,000 nested flow mappings",
                 "portolan: 1\nx: " + String(repeating: "{a: ", count: depth) + "1" + String(repeating: "}", count: depth) + "\n"),
            deep("100,000 nested block lists on one line", "portolan: 1\nx:\n" + String(repeating: "- ", count: depth) + "1\n"),
            deep("100,000 unclosed flow lists", "portolan: 1\nx: " + String(repeating: "[", count: depth) + "\n", codes: []),
            // The unknown key x gives PT101; the nesting itself is allowed.
            HostileCase(name: "nesting just below the limit",
                        bytes: Self.text("portolan: 1\nx: " + String(repeating: "[", count: 254) + String(repeating: "]", count: 254) + "\n"),
                        expectedCodes: ["PT101"], forbiddenCodes: ["PT004"], statuses: [1]),
        ]
    }

    static var aliases: [HostileCase] {
        var laughs = "portolan: 1\norganization: Acme\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            laughs += "l\(level): &l\(level) [" + Array(repeating: "*l\(level - 1)", count: 9).joined(separator: ", ") + "]\n"
        }
        var merges = "portolan: 1\norganization: Acme\nm0: &m0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8}\n"
        for level in 1...12 {
            merges += "m\(level): &m\(level)\n  <<: [*m\(level - 1)]\n  k\(level): ["
                + Array(repeating: "*m\(level - 1)", count: 8).joined(separator: ", ") + "]\n"
        }
        var redefined = "portolan: 1\norganization: Acme\nx:\n  - &a [1, 2]\n"
        for _ in 0..<5_000 { redefined += "  - &a [*a, *a]\n" }
        return [
            HostileCase(name: "billion laughs", bytes: text(laughs), expectedCodes: ["PT003"], statuses: [1]),
            HostileCase(name: "merge key bomb", bytes: text(merges), expectedCodes: ["PT003"], statuses: [1]),
            HostileCase(name: "one anchor redefined 5,000 times, each twice the last", bytes: text(redefined), expectedCodes: ["PT003"],
                        statuses: [1]),
            HostileCase(name: "an undefined alias", bytes: text("portolan: 1\norganization: *nowhere\n"), statuses: [1]),
            HostileCase(name: "an alias to its own ancestor", bytes: text("portolan: 1\nx: &x\n  y: *x\n"), statuses: [1]),
            HostileCase(name: "a merge of a scalar", bytes: text("portolan: 1\norganization: Acme\nservers:\n  hub:\n    <<: 3\n"),
                        statuses: [1]),
        ]
    }

    static var tags: [HostileCase] {
        func tagged(_ tag: String) -> [UInt8] { text("portolan: 1\norganization: \(tag) Acme\n") }
        func refused(_ name: String, _ bytes: [UInt8]) -> HostileCase {
            HostileCase(name: name, bytes: bytes, expectedCodes: ["PT007"], statuses: [1])
        }
        return [
            refused("a local tag", tagged("!custom")),
            refused("!!binary", tagged("!!binary")),
            refused("a verbatim tag", tagged("!<tag:example.com,2000:thing>")),
            refused("a %TAG directive", text("%TAG !e! tag:example.com,2000:\n---\nportolan: 1\norganization: !e!name Acme\n")),
            refused("a tag on a mapping", text("portolan: 1\norganization: Acme\nservers: !!set { hub: null }\n")),
            refused("a complex key", text("portolan: 1\n? [a, b]\n: c\n")),
            HostileCase(name: "a python object tag", bytes: tagged("!!python/object/apply:os.system [\"true\"] #"), statuses: [1]),
            HostileCase(name: "!!str on a port", bytes: server(port: "!!str 25"), statuses: [1]),
        ]
    }

    static var numbers: [HostileCase] {
        func refused(_ name: String, _ bytes: [UInt8]) -> HostileCase { HostileCase(name: name, bytes: bytes, statuses: [1]) }
        return [
            refused("a port past Int64", server(port: "99999999999999999999999999999")),
            refused("a port of Int64.max + 1", server(port: "9223372036854775808")),
            refused("a very negative port", server(port: "-99999999999999999999")),
            refused("a port of 1e309", server(port: "1e309")),
            refused("a 400-digit port", server(port: String(repeating: "9", count: 400))),
            refused("a size of Int64.max GiB", server(size: "9223372036854775807GiB")),
            refused("a size that overflows when scaled", server(size: "9007199254740993GiB")),
            refused("a size past Int64", server(size: "99999999999999999999999999")),
            refused("a negative size", server(size: "-1MiB")),
            HostileCase(name: "a fractional size", bytes: server(size: "1.5GiB")),
            refused("a language version past Int64", text("portolan: 99999999999999999999999\norganization: Acme\n")),
        ]
    }

    /// Port spellings. Only plain decimal integers are ports: every other
    /// spelling is refused as the wrong type (PT102) or out of range (PT104);
    /// the comment swallows the rest of the flow mapping (PT001). `031` and
    /// `+25` are decimal integers in YAML 1.2 (31 and 25) and are accepted.
    static var ports: [HostileCase] {
        let refused = ["0x19", "25.0", "0o31", "\"25\"", "2_5", "25e0", ".inf", "-.inf", ".nan", "1:00", "~", "true", "0", "65536", "-25",
                       "[25]", "{port: 25}", "25 # comment", "0b11001"].map { port in
            HostileCase(name: "port \(port)", bytes: server(port: port), expectedCodes: ["PT102", "PT104", "PT001"], statuses: [1])
        }
        let accepted = ["031", "+25"].map { port in
            HostileCase(name: "port \(port)", bytes: server(port: port), statuses: [0])
        }
        return refused + accepted
    }

    static var documents: [HostileCase] {
        [
            HostileCase(name: "an empty file", bytes: [], statuses: [1]),
            HostileCase(name: "only a comment", bytes: text("# nothing here\n"), statuses: [1]),
            HostileCase(name: "only a document marker", bytes: text("---\n"), statuses: [1]),
            HostileCase(name: "two documents", bytes: server() + text("---\n") + server(), expectedCodes: ["PT006"], statuses: [1]),
            HostileCase(name: "a scalar root", bytes: text("portolan\n"), expectedCodes: ["PT006"], statuses: [1]),
            HostileCase(name: "a list root", bytes: text("- portolan: 1\n"), expectedCodes: ["PT006"], statuses: [1]),
            HostileCase(name: "a duplicate key", bytes: server() + text("organization: Other\n"), expectedCodes: ["PT002"], statuses: [1]),
            HostileCase(name: "a %YAML 1.1 directive", bytes: text("%YAML 1.1\n---\n") + server()),
            HostileCase(name: "a %YAML 9.9 directive", bytes: text("%YAML 9.9\n---\n") + server()),
            HostileCase(name: "an unterminated quote", bytes: text("portolan: 1\norganization: \"Acme\n"), expectedCodes: ["PT001"],
                        statuses: [1]),
            HostileCase(name: "an unterminated flow mapping", bytes: text("portolan: 1\nservers: {hub: {host: a\n"), expectedCodes: ["PT001"],
                        statuses: [1]),
        ]
    }
}
