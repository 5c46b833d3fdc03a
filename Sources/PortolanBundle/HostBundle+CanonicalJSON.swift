/// Bundles written straight from their fields, in the form `CanonicalJSON`
/// gives any value (keys in UTF-8 byte order, absent optionals left out): a
/// build writes one bundle per server. The tests compare the bytes with
/// `JSONEncoder`'s.
protocol CanonicalJSONObject {
    func writeJSON(into writer: inout CanonicalJSON.Writer, depth: Int)
}

extension HostBundle {
    var canonicalJSON: [UInt8] {
        var writer = CanonicalJSON.Writer()
        writeJSON(into: &writer, depth: 0)
        return writer.bytes
    }
}

extension HostBundle: CanonicalJSONObject {
    func writeJSON(into writer: inout CanonicalJSON.Writer, depth: Int) {
        var pairs = writer.openObject()
        writer.key("access", &pairs, depth: depth)
        access.writeJSON(into: &writer, depth: depth + 1)
        writer.key("auth", &pairs, depth: depth)
        auth.writeJSON(into: &writer, depth: depth + 1)
        writer.key("authenticatedUsers", &pairs, depth: depth)
        writer.writeBoolean(authenticatedUsers)
        writer.key("compiler", &pairs, depth: depth)
        writer.writeString(compiler)
        writer.key("format", &pairs, depth: depth)
        writer.writeString(format)
        writer.key("internetSites", &pairs, depth: depth)
        writer.writeBoolean(internetSites)
        writer.key("limits", &pairs, depth: depth)
        limits.writeJSON(into: &writer, depth: depth + 1)
        writer.key("listeners", &pairs, depth: depth)
        writer.writeArray(listeners, depth: depth + 1)
        writer.key("localDomains", &pairs, depth: depth)
        writer.writeArray(localDomains, depth: depth + 1)
        writer.key("mailboxes", &pairs, depth: depth)
        writer.writeArray(mailboxes, depth: depth + 1)
        writer.key("outbound", &pairs, depth: depth)
        outbound.writeJSON(into: &writer, depth: depth + 1)
        writer.key("relay", &pairs, depth: depth)
        relay.writeJSON(into: &writer, depth: depth + 1)
        writer.key("server", &pairs, depth: depth)
        server.writeJSON(into: &writer, depth: depth + 1)
        writer.key("sites", &pairs, depth: depth)
        writer.writeArray(sites, depth: depth + 1)
        if let tls {
            writer.key("tls", &pairs, depth: depth)
            tls.writeJSON(into: &writer, depth: depth + 1)
        }
        writer.key("users", &pairs, depth: depth)
        writer.writeArray(users, depth: depth + 1)
        writer.closeObject(depth: depth)
    }
}

extension ServerIdentity: CanonicalJSONObject {
    func writeJSON(into writer: inout CanonicalJSON.Writer, depth: Int) {
        var pairs = writer.openObject()
        writer.key("hierarchicalName", &pairs, depth: depth)
        writer.writeString(hierarchicalName)
        writer.key("host", &pairs, depth: depth)
        writer.writeString(host)
        writer.key("name", &pairs, depth: depth)
        writer.writeString(name)
        writer.key("organization", &pairs, depth: depth)
        writer.writeString(organization)
        writer.closeObject(depth: depth)
    }
}

extension ListenerSpec: CanonicalJSONObject {
    func writeJSON(into writer: inout CanonicalJSON.Writer, depth: Int) {
        var pairs = writer.openObject()
        if let address {
            writer.key("address", &pairs, depth: depth)
            writer.writeString(address)
        }
        writer.key("port", &pairs, depth: depth)
        writer.writeInteger(port)
        writer.key("security", &pairs, depth: depth)
        writer.writeString(security.rawValue)
        writer.key("starttls", &pairs, depth: depth)
        writer.writeString(starttls)
        writer.closeObject(depth: depth)
    }
}

extension AuthOptionsSpec: CanonicalJSONObject {
    func writeJSON(into writer: inout CanonicalJSON.Writer, depth: Int) {
        var pairs = writer.openObject()
        writer.key("anonymous", &pairs, depth: depth)
        writer.writeBoolean(anonymous)
        writer.key("clientCertificate", &pairs, depth: depth)
        writer.writeBoolean(clientCertificate)
        writer.key("namePassword", &pairs, depth: depth)
        writer.writeBoolean(namePassword)
        writer.closeObject(depth: depth)
    }
}

extension PortAuthSpec: CanonicalJSONObject {
    func writeJSON(into writer: inout CanonicalJSON.Writer, depth: Int) {
        var pairs = writer.openObject()
        writer.key("ssl", &pairs, depth: depth)
        ssl.writeJSON(into: &writer, depth: depth + 1)
        writer.key("tcp", &pairs, depth: depth)
        tcp.writeJSON(into: &writer, depth: depth + 1)
        writer.closeObject(depth: depth)
    }
}

extension SiteSpec: CanonicalJSONObject {
    func writeJSON(into writer: inout CanonicalJSON.Writer, depth: Int) {
        var pairs = writer.openObject()
        writer.key("hosts", &pairs, depth: depth)
        writer.writeArray(hosts, depth: depth + 1)
        writer.key("name", &pairs, depth: depth)
        writer.writeString(name)
        writer.key("security", &pairs, depth: depth)
        security.writeJSON(into: &writer, depth: depth + 1)
        if let tls {
            writer.key("tls", &pairs, depth: depth)
            tls.writeJSON(into: &writer, depth: depth + 1)
        }
        writer.closeObject(depth: depth)
    }
}

extension AccessSpec: CanonicalJSONObject {
    func writeJSON(into writer: inout CanonicalJSON.Writer, depth: Int) {
        var pairs = writer.openObject()
        writer.key("enforce", &pairs, depth: depth)
        writer.writeBoolean(enforce)
        writer.closeObject(depth: depth)
    }
}

extension UserSpec: CanonicalJSONObject {
    func writeJSON(into writer: inout CanonicalJSON.Writer, depth: Int) {
        var pairs = writer.openObject()
        writer.key("hierarchicalName", &pairs, depth: depth)
        writer.writeString(hierarchicalName)
        writer.key("logins", &pairs, depth: depth)
        writer.writeArray(logins, depth: depth + 1)
        writer.key("name", &pairs, depth: depth)
        writer.writeString(name)
        writer.key("passwordHash", &pairs, depth: depth)
        writer.writeString(passwordHash)
        writer.closeObject(depth: depth)
    }
}

extension TLSFiles: CanonicalJSONObject {
    func writeJSON(into writer: inout CanonicalJSON.Writer, depth: Int) {
        var pairs = writer.openObject()
        writer.key("certificate", &pairs, depth: depth)
        writer.writeString(certificate)
        writer.key("key", &pairs, depth: depth)
        writer.writeString(key)
        writer.closeObject(depth: depth)
    }
}

extension Limits: CanonicalJSONObject {
    func writeJSON(into writer: inout CanonicalJSON.Writer, depth: Int) {
        var pairs = writer.openObject()
        writer.key("authPenaltyTime", &pairs, depth: depth)
        writer.writeInteger(authPenaltyTime)
        writer.key("commandTimeout", &pairs, depth: depth)
        writer.writeInteger(commandTimeout)
        writer.key("maxAuthFailures", &pairs, depth: depth)
        writer.writeInteger(maxAuthFailures)
        writer.key("maxAuthFailuresPerClient", &pairs, depth: depth)
        writer.writeInteger(maxAuthFailuresPerClient)
        writer.key("maxAuthLine", &pairs, depth: depth)
        writer.writeInteger(maxAuthLine)
        writer.key("maxCommandLine", &pairs, depth: depth)
        writer.writeInteger(maxCommandLine)
        writer.key("maxConnections", &pairs, depth: depth)
        writer.writeInteger(maxConnections)
        writer.key("maxConnectionsPerClient", &pairs, depth: depth)
        writer.writeInteger(maxConnectionsPerClient)
        writer.key("maxDeliveries", &pairs, depth: depth)
        writer.writeInteger(maxDeliveries)
        writer.key("maxDeliveriesPerPeer", &pairs, depth: depth)
        writer.writeInteger(maxDeliveriesPerPeer)
        writer.key("maxErrors", &pairs, depth: depth)
        writer.writeInteger(maxErrors)
        writer.key("maxHops", &pairs, depth: depth)
        writer.writeInteger(maxHops)
        writer.key("maxJunkCommands", &pairs, depth: depth)
        writer.writeInteger(maxJunkCommands)
        writer.key("maxMessageSize", &pairs, depth: depth)
        writer.writeInteger(maxMessageSize)
        writer.key("maxRecipients", &pairs, depth: depth)
        writer.writeInteger(maxRecipients)
        writer.key("maxSessionTime", &pairs, depth: depth)
        writer.writeInteger(maxSessionTime)
        writer.key("minDataRate", &pairs, depth: depth)
        writer.writeInteger(minDataRate)
        writer.key("shutdownGrace", &pairs, depth: depth)
        writer.writeInteger(shutdownGrace)
        writer.key("tlsHandshakeTimeout", &pairs, depth: depth)
        writer.writeInteger(tlsHandshakeTimeout)
        writer.closeObject(depth: depth)
    }
}

extension OutboundSpec: CanonicalJSONObject {
    func writeJSON(into writer: inout CanonicalJSON.Writer, depth: Int) {
        var pairs = writer.openObject()
        if let relay {
            writer.key("relay", &pairs, depth: depth)
            relay.writeJSON(into: &writer, depth: depth + 1)
        }
        writer.key("relayAuth", &pairs, depth: depth)
        writer.writeString(relayAuth)
        if let relayLogin {
            writer.key("relayLogin", &pairs, depth: depth)
            relayLogin.writeJSON(into: &writer, depth: depth + 1)
        }
        writer.key("retry", &pairs, depth: depth)
        retry.writeJSON(into: &writer, depth: depth + 1)
        writer.key("routes", &pairs, depth: depth)
        writer.writeArray(routes, depth: depth + 1)
        if let sslPort {
            writer.key("sslPort", &pairs, depth: depth)
            writer.writeInteger(sslPort)
        }
        writer.key("tcpMode", &pairs, depth: depth)
        writer.writeString(tcpMode)
        writer.key("tcpPort", &pairs, depth: depth)
        writer.writeInteger(tcpPort)
        writer.key("withinDomain", &pairs, depth: depth)
        writer.writeBoolean(withinDomain)
        writer.closeObject(depth: depth)
    }
}

extension RouteSpec: CanonicalJSONObject {
    func writeJSON(into writer: inout CanonicalJSON.Writer, depth: Int) {
        var pairs = writer.openObject()
        writer.key("domains", &pairs, depth: depth)
        writer.writeArray(domains, depth: depth + 1)
        writer.key("peer", &pairs, depth: depth)
        peer.writeJSON(into: &writer, depth: depth + 1)
        writer.closeObject(depth: depth)
    }
}

extension MailboxSpec: CanonicalJSONObject {
    func writeJSON(into writer: inout CanonicalJSON.Writer, depth: Int) {
        var pairs = writer.openObject()
        writer.key("address", &pairs, depth: depth)
        writer.writeString(address)
        if let mailServer {
            writer.key("mailServer", &pairs, depth: depth)
            mailServer.writeJSON(into: &writer, depth: depth + 1)
        }
        writer.key("user", &pairs, depth: depth)
        writer.writeString(user)
        writer.closeObject(depth: depth)
    }
}

extension PeerSpec: CanonicalJSONObject {
    func writeJSON(into writer: inout CanonicalJSON.Writer, depth: Int) {
        var pairs = writer.openObject()
        if let address {
            writer.key("address", &pairs, depth: depth)
            writer.writeString(address)
        }
        writer.key("host", &pairs, depth: depth)
        writer.writeString(host)
        writer.key("kind", &pairs, depth: depth)
        writer.writeString(kind)
        writer.key("name", &pairs, depth: depth)
        writer.writeString(name)
        if let sslPort {
            writer.key("sslPort", &pairs, depth: depth)
            writer.writeInteger(sslPort)
        }
        writer.key("starttls", &pairs, depth: depth)
        writer.writeString(starttls)
        if let tcpPort {
            writer.key("tcpPort", &pairs, depth: depth)
            writer.writeInteger(tcpPort)
        }
        writer.closeObject(depth: depth)
    }
}

extension CanonicalJSON.Writer {
    /// `{` and a line break; the count of pairs written so far.
    mutating func openObject() -> Int {
        append("{\n")
        return 0
    }

    /// The separator before a pair, its indentation and `"key" : `.
    mutating func key(_ key: StaticString, _ pairs: inout Int, depth: Int) {
        if pairs > 0 { append(",\n") }
        pairs += 1
        indent(depth + 1)
        append("\"")
        append(key)
        append("\" : ")
    }

    mutating func closeObject(depth: Int) {
        append("\n")
        indent(depth)
        append("}")
    }

    mutating func writeArray(_ items: [String], depth: Int) {
        writeArray(items, depth: depth) { writer, item, _ in writer.writeString(item) }
    }

    mutating func writeArray<Item: CanonicalJSONObject>(_ items: [Item], depth: Int) {
        writeArray(items, depth: depth) { writer, item, depth in item.writeJSON(into: &writer, depth: depth) }
    }

    private mutating func writeArray<Item>(_ items: [Item], depth: Int, _ write: (inout Self, Item, Int) -> Void) {
        append("[\n")
        for (index, item) in items.enumerated() {
            if index > 0 { append(",\n") }
            indent(depth + 1)
            write(&self, item, depth + 1)
        }
        append("\n")
        indent(depth)
        append("]")
    }

    mutating func writeInteger(_ value: Int) {
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func writeBoolean(_ value: Bool) {
        append(value ? "true" : "false")
    }
}

extension RelayPolicy: CanonicalJSONObject {
    func writeJSON(into writer: inout CanonicalJSON.Writer, depth: Int) {
        var pairs = writer.openObject()
        writer.key("allowHosts", &pairs, depth: depth)
        writer.writeArray(allowHosts, depth: depth + 1)
        writer.key("authenticated", &pairs, depth: depth)
        writer.writeString(authenticated.rawValue)
        writer.key("enforce", &pairs, depth: depth)
        writer.writeString(enforce.rawValue)
        writer.key("internalHosts", &pairs, depth: depth)
        writer.writeArray(internalHosts, depth: depth + 1)
        writer.closeObject(depth: depth)
    }
}

extension RelayLoginSpec: CanonicalJSONObject {
    func writeJSON(into writer: inout CanonicalJSON.Writer, depth: Int) {
        var pairs = writer.openObject()
        writer.key("passwordFile", &pairs, depth: depth)
        writer.writeString(passwordFile)
        writer.key("user", &pairs, depth: depth)
        writer.writeString(user)
        writer.closeObject(depth: depth)
    }
}

extension RetrySpec: CanonicalJSONObject {
    func writeJSON(into writer: inout CanonicalJSON.Writer, depth: Int) {
        var pairs = writer.openObject()
        writer.key("initial", &pairs, depth: depth)
        writer.writeInteger(initial)
        writer.key("lifetime", &pairs, depth: depth)
        writer.writeInteger(lifetime)
        writer.key("longest", &pairs, depth: depth)
        writer.writeInteger(longest)
        writer.closeObject(depth: depth)
    }
}
