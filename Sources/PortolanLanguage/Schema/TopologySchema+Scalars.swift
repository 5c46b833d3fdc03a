extension SchemaBuilder {
    /// The `$defs` of the scalar types, with the same syntax the decoder accepts
    /// (as far as a pattern can say it).
    static let scalarDefinitions: [String: JSONValue] = [
        "port": .object([
            "type": .string("integer"), "minimum": .int(1), "maximum": .int(65535),
            "description": .string("A TCP port number, 1-65535."),
        ]),
        "size": .object([
            "description": .string(
                "A size in bytes: a positive integer, or a whole number followed by B, KiB, MiB, GiB (powers of 1024) "
                    + "or KB, MB, GB (powers of 1000), e.g. 10MiB."),
            "anyOf": .array([
                .object(["type": .string("integer"), "minimum": .int(1)]),
                .object(["type": .string("string"), "pattern": .string(SizeLiteral.pattern)]),
            ]),
        ]),
        "hostName": .object([
            "type": .string("string"), "pattern": .string(HostSyntax.namePattern), "maxLength": .int(HostSyntax.maxLength),
            "description": .string("A DNS host name: dot-separated labels of letters, digits and hyphens."),
        ]),
        "address": .object([
            "type": .string("string"),
            "anyOf": .array([.object(["format": .string("ipv4")]), .object(["format": .string("ipv6")])]),
            "description": .string("An IPv4 (dotted quad) or IPv6 address."),
        ]),
        "hostOrAddress": .object([
            "anyOf": .array([.object(reference("hostName")), .object(reference("address"))]),
            "description": .string("A host name or an IP address."),
        ]),
        "internetAddress": .object([
            "type": .string("string"),
            "pattern": .string("^[^@\\s<>]+@" + HostSyntax.namePattern.dropFirst()),
            "description": .string("An Internet mail address, local@host.name."),
        ]),
        "passwordHash": .object([
            "type": .string("string"), "pattern": .string(PasswordHashSyntax.pattern),
            "description": .string(
                "A passlib pbkdf2_sha256 hash: $pbkdf2-sha256$ROUNDS$SALT$CHECKSUM (adapted base64). Make one with `portolan passwd`."),
        ]),
    ]
}
