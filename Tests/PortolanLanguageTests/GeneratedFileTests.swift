import Foundation
import PortolanTestSupport
import Testing
@testable import PortolanLanguage

/// The files in `grammar/` are rendered from `Grammar`; these tests fail when a
/// committed copy is stale. With PORTOLAN_UPDATE_GOLDEN=1 they rewrite it.
@Suite struct GeneratedFileTests {
    static let grammarDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("grammar")

    static var updating: Bool { GoldenFiles.updating }

    @Test func committedSchemaIsCurrent() throws {
        let url = Self.grammarDirectory.appendingPathComponent("portolan.schema.json")
        let generated = TopologySchema.json()
        if Self.updating { try Data(generated.utf8).write(to: url) }
        let committed = try String(contentsOf: url, encoding: .utf8)
        #expect(committed == generated, """
            grammar/portolan.schema.json is out of date with the grammar; regenerate it with \
            `swift run portolan schema > grammar/portolan.schema.json` (or PORTOLAN_UPDATE_GOLDEN=1 swift test)
            """)
    }

    @Test func referenceTablesInTheREADMEAreCurrent() throws {
        let url = Self.grammarDirectory.appendingPathComponent("README.md")
        var readme = try String(contentsOf: url, encoding: .utf8)
        let begin = try #require(readme.range(of: LanguageReference.beginMarker), "README.md has no generated section")
        let end = try #require(readme.range(of: LanguageReference.endMarker + "\n"))
        let committed = String(readme[begin.lowerBound..<end.upperBound])
        if Self.updating {
            readme.replaceSubrange(begin.lowerBound..<end.upperBound, with: LanguageReference.markdown())
            try Data(readme.utf8).write(to: url)
            return
        }
        #expect(committed == LanguageReference.markdown(),
                "grammar/README.md's key tables are stale; PORTOLAN_UPDATE_GOLDEN=1 swift test rewrites them")
    }
}

/// The shape of the schema itself.
@Suite struct SchemaTests {
    @Test func isDeterministicDraft2020_12() throws {
        let text = TopologySchema.json()
        #expect(text == TopologySchema.json())
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object["$schema"] as? String == "https://json-schema.org/draft/2020-12/schema")
        #expect(object["$id"] as? String == TopologySchema.id)
        #expect(object["required"] as? [String] == ["portolan"])
        #expect(object["additionalProperties"] as? Bool == false)
        let definitions = try #require(object["$defs"] as? [String: Any])
        for name in ["Server", "Site", "User", "ExternalHost", "ExternalInbound", "KeyRing", "SMTP", "SMTPInbound", "SMTPOutbound", "Route",
                     "port", "size", "hostName", "address", "passwordHash"] {
            #expect(definitions[name] != nil, "$defs.\(name)")
        }
    }

    @Test func statesDefaultsEnumsRangesAndDominoFields() throws {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(TopologySchema.json().utf8)) as? [String: Any])
        let definitions = try #require(object["$defs"] as? [String: Any])
        let inbound = try #require((definitions["SMTPInbound"] as? [String: Any])?["properties"] as? [String: Any])
        let starttls = try #require(inbound["starttls"] as? [String: Any])
        #expect(starttls["enum"] as? [String] == ["disabled", "enabled", "required"])
        #expect(starttls["default"] as? String == "disabled")
        #expect((starttls["description"] as? String)?.contains("Domino: Configuration Settings document > Router/SMTP") == true)
        let tcp = try #require((inbound["tcp"] as? [String: Any])?["properties"] as? [String: Any])
        #expect((tcp["port"] as? [String: Any])?["default"] as? Int == 25)
        #expect((tcp["port"] as? [String: Any])?["$ref"] as? String == "#/$defs/port")
        #expect((inbound["max_message_size"] as? [String: Any])?["default"] as? String == "10MiB")
        let port = try #require(definitions["port"] as? [String: Any])
        #expect(port["minimum"] as? Int == 1 && port["maximum"] as? Int == 65535)
        let site = try #require(definitions["Site"] as? [String: Any])
        #expect(site["required"] as? [String] == ["protocol"])
        #expect(site["additionalProperties"] as? Bool == false)
    }

    @Test func patternsAgreeWithTheDecoder() throws {
        let hash = try Regex(PasswordHashSyntax.pattern)
        #expect(validHash.wholeMatch(of: hash) != nil)
        #expect("plaintext".wholeMatch(of: hash) == nil)
        let size = try Regex(UnitLiteral.size.pattern)
        for literal in ["10MiB", "512KiB", "10 MB", "1048576"] {
            #expect(literal.wholeMatch(of: size) != nil, "\(literal)")
            #expect(try UnitLiteral.size.value(literal).get() > 0)
        }
        for literal in ["10 parsecs", "-5MB", "1.5MB"] {
            #expect(literal.wholeMatch(of: size) == nil, "\(literal)")
        }
        let duration = try Regex(UnitLiteral.duration.pattern)
        for literal in ["30s", "15m", "4h", "1d"] {
            #expect(literal.wholeMatch(of: duration) != nil, "\(literal)")
            #expect(try UnitLiteral.duration.value(literal).get() > 0)
        }
        for literal in ["900", "15 m", "15M", "1.5h", "-1h"] {
            #expect(literal.wholeMatch(of: duration) == nil, "\(literal)")
        }
        let range = try Regex(SchemaBuilder.cidrPattern)
        for literal in ["10.0.0.0/8", "2001:db8::/32"] {
            #expect(literal.wholeMatch(of: range) != nil && HostSyntax.connectingHostProblem(literal) == nil, "\(literal)")
        }
        let host = try Regex(HostSyntax.namePattern)
        #expect("hub.acme.example".wholeMatch(of: host) != nil)
        #expect("hub..acme".wholeMatch(of: host) == nil && "mail_hub.acme".wholeMatch(of: host) == nil)
    }
}
