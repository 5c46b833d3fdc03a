import Testing
@testable import PortolanLanguage

/// Invariants of the grammar that the decoder relies on.
@Suite struct GrammarTests {
    /// Every object definition reachable from the file root, with its path.
    static var allObjects: [(path: String, definition: ObjectDefinition)] {
        var found: [(String, ObjectDefinition)] = []
        func visit(_ type: ValueType, _ path: String) {
            switch type {
            case .object(let definition):
                found.append((path, definition))
                for field in definition.fields { visit(field.type, path + "." + field.name) }
            case .list(let element): visit(element, path + "[]")
            case .namedMap(let element): visit(element, path + ".<name>")
            default: break
            }
        }
        visit(.object(Grammar.file), "")
        return found
    }

    @Test func keysAreSnakeCase() {
        for (path, definition) in Self.allObjects {
            for name in definition.fieldNames {
                #expect(name.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "_" }, "\(path).\(name)")
            }
        }
    }

    /// `defaults.server` may give any key of a server, so an object it merges
    /// into key by key must not require keys: the server might write them.
    @Test func objectsMergedKeyByKeyRequireNothing() {
        func check(_ definition: ObjectDefinition, _ path: String) {
            guard !definition.mergesAsWhole else { return }
            #expect(definition.requiredIndices.isEmpty, "\(path) requires keys but defaults merge into it")
            for field in definition.fields {
                if let nested = field.type.objectDefinition { check(nested, path + "." + field.name) }
            }
        }
        check(Grammar.server, "Server")
    }

    /// An object that stands in for an absent key must be complete on its own.
    @Test func objectsMadeFromDefaultsRequireNothing() {
        for (path, definition) in Self.allObjects {
            for field in definition.fields where field.defaultValue == .fields {
                #expect(field.type.objectDefinition?.requiredIndices.isEmpty == true, "\(path).\(field.name)")
            }
        }
    }

    @Test func defaultsMatchTheirTypes() {
        for (path, definition) in Self.allObjects {
            for field in definition.fields {
                guard let fallback = field.defaultValue else { continue }
                let where_ = "\(path).\(field.name)"
                switch (fallback, field.type) {
                case (.boolean, .boolean), (.emptyList, .list), (.emptyList, .namedMap), (.fields, .object), (.off, .portOrOff),
                     (.derived, _):
                    break
                case (.integer(let port), .port), (.integer(let port), .portOrOff):
                    #expect((1...65535).contains(port), "\(where_)")
                case (.text(let text), .choice(let cases)):
                    #expect(cases.contains(text), "\(where_)")
                case (.text(let text), .size), (.text(let text), .duration):
                    #expect((try? field.type.unitLiteral?.value(text).get()).map { $0 > 0 } == true, "\(where_)")
                default:
                    Issue.record("\(where_): default \(fallback) does not fit \(field.type.referenceName)")
                }
            }
        }
    }

    @Test func sharedObjectsHaveDistinctNames() {
        var seen: [String: ObjectDefinition] = [:]
        for (path, definition) in Self.allObjects where definition.isShared {
            if let other = seen[definition.name] {
                #expect(other === definition, "two shared objects are called \(definition.name) (\(path))")
            }
            seen[definition.name] = definition
        }
    }

    /// The builders read objects of one layout (every port setting, every
    /// pair of ports, every set of authentication options) with one set of
    /// keys, so those layouts must agree on where each key is.
    @Test func sharedLayoutsAgreeOnPositions() {
        let layouts: [(names: Set<String>, keys: [Key])] = [
            (["PortSetting"], [Keys.PortSetting.port, Keys.PortSetting.enabled]),
            (["TCPAuthOptions", "SSLAuthOptions"], [Keys.AuthOptions.namePassword, Keys.AuthOptions.anonymous]),
            (["SSLAuthOptions"], [Keys.AuthOptions.clientCertificate]),
            (["POP3Ports", "IMAPPorts", "HTTPPorts", "LDAPPorts", "ServerAuth", "SiteSecurity"], [Keys.Ports.tcp, Keys.Ports.ssl]),
        ]
        var checked = 0
        for (path, definition) in Self.allObjects {
            for layout in layouts where layout.names.contains(definition.name) {
                for key in layout.keys {
                    #expect(definition.index(of: key.name) == key.position, "\(path).\(key.name)")
                }
                checked += 1
            }
        }
        #expect(checked > 20)
    }

    @Test func choicesAreTheASTEnums() {
        let inbound = Grammar.smtpInboundSettings.field(named: "starttls")
        guard case .choice(let cases)? = inbound?.type else {
            Issue.record("starttls is not a choice")
            return
        }
        #expect(cases == StartTLSPolicy.allCases.map(\.rawValue))
    }
}
