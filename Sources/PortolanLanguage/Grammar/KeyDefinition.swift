/// One key of the language: its name, the type of its value, whether it must be
/// written, its default, what it means, and the Domino field it stands for.
/// A key is either required or has a default or is optional without one (its
/// absence means something, like "no key ring"); never required with a default.
public struct KeyDefinition: Sendable {
    public let name: String
    public let type: ValueType
    public let isRequired: Bool
    public let defaultValue: DefaultValue?
    /// One or two sentences for the schema's description and the reference.
    public let summary: String
    /// Where the setting lives in Domino (document > tab > field), when it has a home there.
    public let dominoField: String?
    /// What to tell a user who left out a required key.
    public let missingHelp: String?

    public init(
        _ name: String, _ type: ValueType, required: Bool = false, default defaultValue: DefaultValue? = nil,
        _ summary: String, domino dominoField: String? = nil, missingHelp: String? = nil
    ) {
        precondition(!(required && defaultValue != nil), "a required key has no default")
        self.name = name
        self.type = type
        self.isRequired = required
        self.defaultValue = defaultValue
        self.summary = summary
        self.dominoField = dominoField
        self.missingHelp = missingHelp
    }
}

/// A YAML mapping with a fixed set of keys (a Server document, a port setting ...).
/// Keys outside `fields` are unknown (PT101). Immutable, so it is shared freely.
public final class ObjectDefinition: Sendable {
    /// A name for the schema's `$defs` and the reference ("Server", "PortSetting").
    public let name: String
    /// True when the schema gives this object its own `$defs` entry and refers to it.
    public let isShared: Bool
    public let summary: String
    public let fields: [KeyDefinition]
    /// True when `defaults.server` replaces this object as a whole instead of
    /// merging into it key by key (a key ring is two files that belong together).
    public let mergesAsWhole: Bool
    public let fieldNames: [String]
    /// The positions of the required keys in `fields`.
    let requiredIndices: [Int]
    /// Each key's type and default, by position: read for every value decoded,
    /// so they are kept apart from the rest of the definition.
    let types: [ValueType]
    let defaultValues: [DefaultValue?]
    /// Integer defaults by position, size and duration literals already in bytes and seconds.
    let integerDefaults: [Int?]
    private let indexByName: [String: Int]

    public init(_ name: String, shared: Bool = false, mergesAsWhole: Bool = false, _ summary: String, fields: [KeyDefinition]) {
        self.name = name
        self.isShared = shared
        self.summary = summary
        self.fields = fields
        self.mergesAsWhole = mergesAsWhole
        var index: [String: Int] = [:]
        for (position, field) in fields.enumerated() {
            precondition(index.updateValue(position, forKey: field.name) == nil, "\(name) defines \(field.name) twice")
        }
        self.indexByName = index
        self.fieldNames = fields.map(\.name)
        self.requiredIndices = fields.indices.filter { fields[$0].isRequired }
        self.types = fields.map(\.type)
        self.defaultValues = fields.map(\.defaultValue)
        self.integerDefaults = fields.map { field in
            switch field.defaultValue {
            case .integer(let number)?: return number
            case .text(let text)?: return field.type.unitLiteral.flatMap { try? $0.value(text).get() }
            default: return nil
            }
        }
    }

    /// The position of the key called `name` in `fields`, or nil for an unknown key.
    /// Objects have a dozen keys or so: comparing the names costs less than
    /// hashing the one looked for, which is done for every key of every file.
    public func index(of name: String) -> Int? {
        guard fieldNames.count <= Self.scannedKeys else { return indexByName[name] }
        var position = 0
        while position < fieldNames.count {
            if fieldNames[position] == name { return position }
            position += 1
        }
        return nil
    }

    private static let scannedKeys = 16

    public func field(named name: String) -> KeyDefinition? { index(of: name).map { fields[$0] } }

    /// The definition of the object under the key `name`, if it holds one.
    public func nestedDefinition(_ name: String) -> ObjectDefinition? { field(named: name)?.type.objectDefinition }
}
