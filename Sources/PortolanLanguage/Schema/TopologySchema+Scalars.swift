import PortolanDiagnostics
import PortolanJSON

extension SchemaBuilder {
    /// The `$defs` of the scalar types, with the same syntax the decoder accepts
    /// (as far as a pattern can say it).
    static let scalarDefinitions: [String: JSONValue] = [
        "port": .sortedObject([
            "type": .string("integer"), "minimum": .int(1), "maximum": .int(65535),
            "description": .string("A TCP port number, 1-65535."),
        ]),
        "size": .sortedObject([
            "description": .string(
                "A size in bytes: a positive integer, or a whole number followed by B, KiB, MiB, GiB (powers of 1024) "
                    + "or KB, MB, GB (powers of 1000), e.g. 10MiB."),
            "anyOf": .array([
                .sortedObject(["type": .string("integer"), "minimum": .int(1)]),
                .sortedObject(["type": .string("string"), "pattern": .string(UnitLiteral.size.pattern)]),
            ]),
        ]),
        "duration": .sortedObject([
            "type": .string("string"), "pattern": .string(UnitLiteral.duration.pattern),
            "description": .string("A duration: a whole number followed by s, m, h or d (seconds, minutes, hours, days), e.g. 15m."),
        ]),
        "hostName": .sortedObject([
            "type": .string("string"), "pattern": .string(HostSyntax.namePattern), "maxLength": .int(HostSyntax.maxLength),
            "description": .string("A DNS host name: dot-separated labels of letters, digits and hyphens."),
        ]),
        "address": .sortedObject([
            "type": .string("string"),
            "anyOf": .array([.sortedObject(["format": .string("ipv4")]), .sortedObject(["format": .string("ipv6")])]),
            "description": .string("An IPv4 (dotted quad) or IPv6 address."),
        ]),
        "hostOrAddress": .sortedObject([
            "anyOf": .array([.sortedObject(reference("hostName")), .sortedObject(reference("address"))]),
            "description": .string("A host name or an IP address."),
        ]),
        "connectingHost": .sortedObject([
            "anyOf": .array([
                .sortedObject(reference("hostName")), .sortedObject(reference("address")),
                .sortedObject(["type": .string("string"), "pattern": .string(cidrPattern)]),
            ]),
            "description": .string("A server name or host name, an IP address, or a CIDR range (address/prefix length)."),
        ]),
        "internetAddress": .sortedObject([
            "type": .string("string"),
            "pattern": .string("^[^@\\s<>]+@" + HostSyntax.namePattern.dropFirst()),
            "description": .string("An Internet mail address, local@host.name."),
        ]),
        "passwordHash": .sortedObject([
            "type": .string("string"), "pattern": .string(PasswordHashSyntax.pattern),
            "description": .string(
                "A passlib pbkdf2_sha256 hash: $pbkdf2-sha256$ROUNDS$SALT$CHECKSUM (adapted base64). Make one with `portolan passwd`."),
        ]),
    ]

    /// An IPv4 or IPv6 address with a prefix length (the decoder checks the address and the length's range).
    static let cidrPattern = "^([0-9.]+/[0-9]{1,2}|[0-9A-Fa-f:.]+/[0-9]{1,3})$"
}
