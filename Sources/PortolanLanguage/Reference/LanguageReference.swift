/// The key tables of `grammar/README.md`, rendered from `Grammar`: one table
/// per kind of object, every key by its dotted path with its type, default and
/// Domino field. A test keeps the README's copy equal to this.
public enum LanguageReference {
    /// The objects that get a table of their own, in the order of the reference.
    static let tables: [(title: String, definition: ObjectDefinition)] = [
        ("Top level of a file", Grammar.file),
        ("Server", Grammar.server),
        ("Site", Grammar.site),
        ("User", Grammar.user),
        ("ExternalHost", Grammar.externalHost),
    ]

    public static let beginMarker = "<!-- BEGIN GENERATED KEY TABLES: do not edit, see LanguageReference.swift -->"
    public static let endMarker = "<!-- END GENERATED KEY TABLES -->"

    /// The tables in Markdown, between the markers.
    public static func markdown() -> String {
        var lines = [beginMarker, ""]
        for (title, definition) in tables {
            lines.append("### \(title)")
            lines.append("")
            lines.append(definition.summary)
            lines.append("")
            lines.append("| key | type | default | Domino field | meaning |")
            lines.append("|---|---|---|---|---|")
            var rows: [String] = []
            appendRows(of: definition, prefix: "", to: &rows)
            lines += rows
            lines.append("")
        }
        lines.append(endMarker)
        return lines.joined(separator: "\n") + "\n"
    }

    /// One row per key; nested objects are flattened into dotted paths, except
    /// the objects that have a table of their own.
    private static func appendRows(of definition: ObjectDefinition, prefix: String, to rows: inout [String]) {
        for field in definition.fields {
            let path = prefix + field.name
            let cells = ["`\(path)`", field.type.referenceName, defaultText(field), field.dominoField ?? "", field.summary]
            rows.append("| " + cells.map(escaped).joined(separator: " | ") + " |")
            if let nested = nestedObject(field.type), !tables.contains(where: { $0.definition === nested.definition }) {
                appendRows(of: nested.definition, prefix: path + nested.separator, to: &rows)
            }
        }
    }

    private static func nestedObject(_ type: ValueType) -> (definition: ObjectDefinition, separator: String)? {
        switch type {
        case .object(let definition): return (definition, ".")
        case .list(.object(let definition)): return (definition, "[].")
        default: return nil
        }
    }

    private static func defaultText(_ field: KeyDefinition) -> String {
        if field.isRequired { return "**required**" }
        switch field.defaultValue {
        case nil: return "absent"
        case .boolean(let flag)?: return "`\(flag)`"
        case .integer(let number)?: return "`\(number)`"
        case .text(let text)?: return "`\(text)`"
        case .emptyList?:
            if case .namedMap = field.type { return "`{}`" }
            return "`[]`"
        case .off?: return "`false` (none)"
        case .fields?: return "(the defaults below)"
        case .derived(let how)?: return how
        }
    }

    private static func escaped(_ cell: String) -> String {
        cell.replacing("|", with: "\\|")
    }
}
