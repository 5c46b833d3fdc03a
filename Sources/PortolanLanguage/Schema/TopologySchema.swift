import PortolanDiagnostics
import PortolanJSON

/// The JSON Schema (draft 2020-12) of one topology file, rendered from
/// `Grammar`: the same keys, types, defaults, enums and ranges the decoder
/// checks, for editors and CI. Since files are merged, a single file needs only
/// `portolan`. The schema is a first line of defence: the decoder checks more
/// (host name label rules, hash lengths, names across files).
public enum TopologySchema {
    public static let id = "urn:portolan:schema:topology:1"
    public static let dialect = "https://json-schema.org/draft/2020-12/schema"

    /// The schema as pretty-printed JSON with sorted keys, ending in a newline.
    public static func json() -> String {
        document().serialised() + "\n"
    }

    static func document() -> JSONValue {
        var builder = SchemaBuilder()
        var root = builder.objectSchema(Grammar.file)
        root["$schema"] = .string(dialect)
        root["$id"] = .string(id)
        root["title"] = .string("Portolan topology file, language version \(Grammar.supportedVersions.last ?? 1)")
        root["$defs"] = .sortedObject(builder.definitions.merging(SchemaBuilder.scalarDefinitions) { shared, _ in shared })
        return .sortedObject(root)
    }
}

/// Walks the grammar, collecting the `$defs` of shared objects on the way.
struct SchemaBuilder {
    private(set) var definitions: [String: JSONValue] = [:]

    mutating func objectSchema(_ definition: ObjectDefinition) -> [String: JSONValue] {
        var properties: [String: JSONValue] = [:]
        for field in definition.fields {
            properties[field.name] = .sortedObject(keySchema(field))
        }
        var schema: [String: JSONValue] = [
            "type": .string("object"),
            "description": .string(definition.summary),
            "properties": .sortedObject(properties),
            "additionalProperties": .bool(false),
        ]
        let required = definition.fields.filter(\.isRequired).map { JSONValue.string($0.name) }
        if !required.isEmpty { schema["required"] = .array(required) }
        return schema
    }

    private mutating func keySchema(_ field: KeyDefinition) -> [String: JSONValue] {
        var schema = typeSchema(field.type)
        var description = field.summary
        if case .derived(let how)? = field.defaultValue { description += " Default: \(how)." }
        if let domino = field.dominoField { description += " Domino: \(domino)." }
        schema["description"] = .string(description)
        if let fallback = field.defaultValue.flatMap({ Self.json($0, for: field.type) }) {
            schema["default"] = fallback
        }
        return schema
    }

    mutating func typeSchema(_ type: ValueType) -> [String: JSONValue] {
        switch type {
        case .string: return ["type": .string("string")]
        case .boolean: return ["type": .string("boolean")]
        case .version(let supported): return ["type": .string("integer"), "enum": .array(supported.map(JSONValue.int))]
        case .port: return Self.reference("port")
        case .portOrOff: return ["anyOf": .array([.sortedObject(Self.reference("port")), .sortedObject(["const": .bool(false)])])]
        case .size: return Self.reference("size")
        case .duration: return Self.reference("duration")
        case .choice(let cases): return ["type": .string("string"), "enum": .array(cases.map(JSONValue.string))]
        case .hostName: return Self.reference("hostName")
        case .address: return Self.reference("address")
        case .hostOrAddress: return Self.reference("hostOrAddress")
        case .connectingHost: return Self.reference("connectingHost")
        case .mailAddress: return Self.reference("internetAddress")
        case .passwordHash: return Self.reference("passwordHash")
        case .list(let element): return ["type": .string("array"), "items": .sortedObject(typeSchema(element))]
        case .namedMap(let element): return ["type": .string("object"), "additionalProperties": .sortedObject(typeSchema(element))]
        case .object(let definition):
            guard definition.isShared else { return objectSchema(definition) }
            if definitions[definition.name] == nil {
                definitions[definition.name] = .null
                definitions[definition.name] = .sortedObject(objectSchema(definition))
            }
            return Self.reference(definition.name)
        }
    }

    static func reference(_ name: String) -> [String: JSONValue] {
        ["$ref": .string("#/$defs/\(name)")]
    }

    /// A default as JSON, or nil when the schema states none (objects, derived values).
    static func json(_ fallback: DefaultValue, for type: ValueType) -> JSONValue? {
        switch fallback {
        case .boolean(let flag): return .bool(flag)
        case .integer(let number): return .int(number)
        case .text(let text): return .string(text)
        case .emptyList:
            if case .namedMap = type { return .sortedObject([:]) }
            return .array([])
        case .off: return .bool(false)
        case .fields, .derived: return nil
        }
    }
}
