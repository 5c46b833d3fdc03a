import CResolv

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one DNS server that every lookup asks instead of the system's
/// (`serve --dns ADDRESS:PORT`), so that an estate on loopback finds its MX
/// records on a server of its own. IPv4 as `127.0.0.1:5353`, IPv6 in
/// brackets as `[::1]:5353`; the port is required.
public struct DNSServerAddress: Sendable, Equatable, CustomStringConvertible {
    /// The address in inet_ntop's form, without brackets.
    public let address: String
    public let port: Int

    /// Nil unless `text` is `IPV4:PORT` or `[IPV6]:PORT` with a port from 1 to 65535.
    public init?(parsing text: String) {
        let host: Substring
        let portText: Substring
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]"), text[close...].hasPrefix("]:") else { return nil }
            host = text[text.index(after: text.startIndex)..<close]
            portText = text[text.index(close, offsetBy: 2)...]
            guard host.contains(":") else { return nil }
        } else {
            guard let colon = text.lastIndex(of: ":") else { return nil }
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
            guard !host.contains(":") else { return nil }
        }
        guard (1...5).contains(portText.utf8.count), portText.utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let port = Int(portText), (1...65535).contains(port), let address = Self.canonical(String(host))
        else { return nil }
        self.address = address
        self.port = port
    }

    public var description: String { isIPv6 ? "[\(address)]:\(port)" : "\(address):\(port)" }

    var isIPv6: Bool { address.contains(":") }

    /// `text` as inet_ntop writes it, or nil when it is not an IP address.
    private static func canonical(_ text: String) -> String? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return DNSAnswer.text(of: &v4, family: AF_INET) }
        var v6 = in6_addr()
        if inet_pton(AF_INET6, text, &v6) == 1 { return DNSAnswer.text(of: &v6, family: AF_INET6) }
        return nil
    }
}

/// A host that accepts mail for a domain, from its MX record; the lowest
/// preference is tried first.
public struct MailExchanger: Sendable, Equatable {
    public var preference: Int
    /// Lowercased, without a trailing dot.
    public var host: String

    public init(preference: Int, host: String) {
        self.preference = preference
        self.host = host
    }
}

/// Why a lookup gave no usable answer, as a mail log shows it. A temporary
/// failure defers the mail (the server failed, timed out or answered
/// nonsense); a permanent one fails it (the name does not exist, or says it
/// takes no mail).
public enum LookupFailure: Error, Sendable, Equatable, CustomStringConvertible {
    case temporary(String)
    case permanent(String)

    public var description: String {
        switch self {
        case .temporary(let text), .permanent(let text): return text
        }
    }
}

/// MX and address lookups for delivery, through glibc's resolver
/// (`res_nquery`). With a `server`, every query goes to that server and
/// port alone; without one, to the servers of the system's configuration.
/// Each query waits `timeout` seconds per attempt, for `attempts` attempts
/// (bounded by the resolver to 30 seconds and 5 attempts). The methods
/// block: callers run them on a thread pool. Each query has a resolver
/// state of its own, so any number of threads may ask at once.
public final class DNSResolver: Sendable {
    public let server: DNSServerAddress?
    public let timeout: Int
    public let attempts: Int

    public init(server: DNSServerAddress?, timeout: Int = 5, attempts: Int = 2) {
        self.server = server
        self.timeout = min(max(timeout, 1), Int(RES_MAXRETRANS))
        self.attempts = min(max(attempts, 1), Int(RES_MAXRETRY))
    }

    /// The hosts that take mail for `domain`, by preference then host name.
    /// A domain without MX records but with an address is its own exchanger
    /// (RFC 5321 5.1); a null MX (RFC 7505) fails permanently.
    public func exchangers(for domain: String) -> Result<[MailExchanger], LookupFailure> {
        let domain = Self.normalized(domain)
        guard DomainSyntax.isDomain(domain) else { return .failure(.permanent("invalid domain name \(domain.debugDescription)")) }
        let found: [MailExchanger]
        switch query(domain, .mx) {
        case .failure(let failure): return .failure(failure)
        case .success(.noSuchName): return .failure(.permanent("no such domain \(domain) (NXDOMAIN)"))
        case .success(.noData): found = []
        case .success(.answer(let message)):
            guard let records = DNSAnswer.exchangers(in: message) else { return .failure(malformed(domain, .mx)) }
            found = records
        }
        if !found.isEmpty { return usable(found, of: domain) }
        switch lookUpAddresses(of: domain, stopAtFirstFound: true) {
        case .failure(let failure): return .failure(failure)
        case .success(.found): return .success([MailExchanger(preference: 0, host: domain)])
        case .success(.noSuchName): return .failure(.permanent("no such domain \(domain) (NXDOMAIN)"))
        case .success(.none): return .failure(.permanent("no MX or address record for \(domain)"))
        }
    }

    /// The addresses of `host`, its A records then its AAAA records, as
    /// text. An IP address (bare, or as an SMTP address literal such as
    /// `[192.0.2.1]` or `[IPv6:2001:db8::1]`) is its own address, without a
    /// query.
    public func addresses(of host: String) -> Result<[String], LookupFailure> {
        if let literal = Self.addressLiteral(host) { return .success([literal]) }
        let host = Self.normalized(host)
        guard DomainSyntax.isDomain(host) else { return .failure(.permanent("invalid host name \(host.debugDescription)")) }
        switch lookUpAddresses(of: host, stopAtFirstFound: false) {
        case .failure(let failure): return .failure(failure)
        case .success(.found(let addresses)): return .success(addresses)
        case .success(.noSuchName): return .failure(.permanent("no such host \(host) (NXDOMAIN)"))
        case .success(.none): return .failure(.permanent("no address record for \(host)"))
        }
    }

    // MARK: - Meaning of the answers

    /// The MX records of `domain` as delivery may use them: sorted, each
    /// host once, a null MX refused, hosts that are not host names dropped.
    private func usable(_ records: [MailExchanger], of domain: String) -> Result<[MailExchanger], LookupFailure> {
        if records.count == 1 && records[0].host.isEmpty {
            return .failure(.permanent("\(domain) accepts no mail (null MX)"))
        }
        var seen: Set<String> = []
        let sorted = records.filter { DomainSyntax.isDomain($0.host) }
            .sorted { ($0.preference, $0.host) < ($1.preference, $1.host) }
            .filter { seen.insert($0.host).inserted }
        guard !sorted.isEmpty else { return .failure(.temporary("no usable MX host for \(domain): the MX records name no host")) }
        return .success(sorted)
    }

    private enum AddressLookup {
        case found([String])
        case noSuchName
        case none
    }

    /// A then AAAA. A temporary failure of one type is reported only when
    /// the other gave nothing.
    private func lookUpAddresses(of host: String, stopAtFirstFound: Bool) -> Result<AddressLookup, LookupFailure> {
        var found: [String] = []
        var failure: LookupFailure?
        for type in [RecordType.a, .aaaa] {
            switch query(host, type) {
            case .failure(let error): failure = failure ?? error
            case .success(.noSuchName): if found.isEmpty && failure == nil { return .success(.noSuchName) }
            case .success(.noData): break
            case .success(.answer(let message)):
                guard let addresses = DNSAnswer.addresses(in: message, type: type) else {
                    failure = failure ?? malformed(host, type)
                    continue
                }
                found += addresses.filter { !found.contains($0) }
            }
            if stopAtFirstFound && !found.isEmpty { break }
        }
        if !found.isEmpty { return .success(.found(found)) }
        if let failure { return .failure(failure) }
        return .success(.none)
    }

    // MARK: - Queries

    enum RecordType: UInt16 {
        case a = 1
        case mx = 15
        case aaaa = 28

        var name: String {
            switch self {
            case .a: return "A"
            case .mx: return "MX"
            case .aaaa: return "AAAA"
            }
        }
    }

    /// What a query came to when the server answered it.
    private enum Reply {
        /// NOERROR with answers: the whole message.
        case answer([UInt8])
        /// NXDOMAIN.
        case noSuchName
        /// NOERROR without an answer of the type asked.
        case noData
    }

    /// The largest DNS message (over TCP).
    static let maximumMessage = 65_535

    private func query(_ name: String, _ type: RecordType) -> Result<Reply, LookupFailure> {
        let state = UnsafeMutablePointer<__res_state>.allocate(capacity: 1)
        state.initialize(to: __res_state())
        defer { state.deallocate() }
        guard cresolv_ninit(state) == 0 else {
            return .failure(.temporary("cannot set up the DNS resolver for \(name) (\(type.name))"))
        }
        defer { cresolv_nclose(state) }
        state.pointee.retrans = Int32(timeout)
        state.pointee.retry = Int32(attempts)
        if let server, !Self.direct(state, to: server) {
            return .failure(.temporary("cannot set up the DNS resolver for \(name) (\(type.name))"))
        }
        var message = [UInt8](repeating: 0, count: Self.maximumMessage)
        let length = message.withUnsafeMutableBufferPointer { buffer in
            res_nquery(state, name, Int32(ns_c_in.rawValue), Int32(type.rawValue), buffer.baseAddress, Int32(buffer.count))
        }
        if length >= 0 { return .success(.answer(Array(message.prefix(Int(length))))) }
        switch state.pointee.res_h_errno {
        case HOST_NOT_FOUND: return .success(.noSuchName)
        case NO_DATA: return .success(.noData)
        default: return .failure(.temporary(refusal(in: message, for: name, type, answered: state.pointee.res_h_errno != TRY_AGAIN)))
        }
    }

    /// Why a failed query failed. glibc keeps the last reply it turned
    /// down (SERVFAIL, REFUSED ...) in the answer buffer; a buffer without a
    /// reply means that no server answered.
    private func refusal(in message: [UInt8], for name: String, _ type: RecordType, answered: Bool) -> String {
        let asked = server.map { "DNS server \($0)" } ?? "the system's DNS servers"
        let isReply = message[2] & 0x80 != 0
        let code = Int(message[3] & 0x0F)
        if isReply && code != 0 {
            let names = [1: "FORMERR", 2: "SERVFAIL", 4: "NOTIMP", 5: "REFUSED"]
            return "\(asked) answered \(names[code] ?? "RCODE \(code)") for \(name) (\(type.name))"
        }
        if answered { return "\(asked) gave no usable answer for \(name) (\(type.name))" }
        return "\(asked) did not answer for \(name) (\(type.name))"
    }

    private func malformed(_ name: String, _ type: RecordType) -> LookupFailure {
        let asked = server.map { "DNS server \($0)" } ?? "the system's DNS servers"
        return .temporary("malformed answer from \(asked) for \(name) (\(type.name))")
    }

    /// Makes `server` the state's only name server, in place of those
    /// res_ninit read from the system's configuration. glibc keeps an IPv6
    /// server in the state's extension (with an empty IPv4 slot) and frees
    /// it in res_nclose.
    private static func direct(_ state: UnsafeMutablePointer<__res_state>, to server: DNSServerAddress) -> Bool {
        withUnsafeMutablePointer(to: &state.pointee._u._ext.nsaddrs) {
            $0.withMemoryRebound(to: UnsafeMutablePointer<sockaddr_in6>?.self, capacity: Int(MAXNS)) { slots in
                for index in 0..<Int(MAXNS) {
                    free(slots[index])
                    slots[index] = nil
                }
            }
        }
        withUnsafeMutablePointer(to: &state.pointee._u._ext.nssocks) {
            $0.withMemoryRebound(to: Int32.self, capacity: Int(MAXNS)) { sockets in
                for index in 0..<Int(MAXNS) { sockets[index] = -1 }
            }
        }
        let port = in_port_t(UInt16(server.port).bigEndian)
        if server.isIPv6 {
            var v6 = sockaddr_in6()
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = port
            guard inet_pton(AF_INET6, server.address, &v6.sin6_addr) == 1,
                let slot = malloc(MemoryLayout<sockaddr_in6>.size)?.bindMemory(to: sockaddr_in6.self, capacity: 1)
            else { return false }
            slot.initialize(to: v6)
            state.pointee._u._ext.nsaddrs.0 = slot
            state.pointee.nsaddr_list.0 = sockaddr_in()
        } else {
            var v4 = sockaddr_in()
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = port
            guard inet_pton(AF_INET, server.address, &v4.sin_addr) == 1 else { return false }
            state.pointee.nsaddr_list.0 = v4
        }
        state.pointee.nscount = 1
        return true
    }

    // MARK: - Names

    /// Lowercased, without the trailing dot of a fully qualified name.
    static func normalized(_ name: String) -> String {
        let lowered = name.lowercased()
        return lowered.hasSuffix(".") ? String(lowered.dropLast()) : lowered
    }

    /// The address in `host` when it is an IP address or an SMTP address literal.
    static func addressLiteral(_ host: String) -> String? {
        if DomainSyntax.isIPAddress(host, version6: false) || DomainSyntax.isIPAddress(host, version6: true) { return host }
        guard DomainSyntax.isAddressLiteral(host) else { return nil }
        let inner = host.dropFirst().dropLast()
        return Address.hasPrefixIgnoringCase(String(inner), "IPv6:") ? String(inner.dropFirst(5)) : String(inner)
    }
}

/// Reads the answer section of a DNS reply with glibc's parser
/// (`ns_initparse`, `ns_parserr`, `dn_expand`), which checks every length
/// and compression pointer against the message. Nil for a malformed
/// message or record: a reply is used whole or not at all.
enum DNSAnswer {
    /// The MX records, hosts lowercased without the trailing dot; a null
    /// MX's host (the root) is empty.
    static func exchangers(in message: [UInt8]) -> [MailExchanger]? {
        records(in: message, type: .mx) { data, start, end in
            guard data.count >= 3, let base = data.baseAddress else { return nil }
            var name = [CChar](repeating: 0, count: Int(NS_MAXDNAME))
            let used = dn_expand(start, end, base + 2, &name, Int32(name.count))
            guard used == data.count - 2 else { return nil }
            let host = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            return MailExchanger(preference: Int(data[0]) << 8 | Int(data[1]), host: host == "." ? "" : DNSResolver.normalized(host))
        }
    }

    /// The A or AAAA records as text.
    static func addresses(in message: [UInt8], type: DNSResolver.RecordType) -> [String]? {
        let (family, size) = type == .aaaa ? (AF_INET6, 16) : (AF_INET, 4)
        return records(in: message, type: type) { data, _, _ in
            guard data.count == size else { return nil }
            var bytes = Array(data)
            return text(of: &bytes, family: family)
        }
    }

    /// `read` applied to the data of each answer record of `type` and class IN.
    private static func records<Value>(
        in message: [UInt8], type: DNSResolver.RecordType,
        _ read: (_ data: UnsafeBufferPointer<UInt8>, _ start: UnsafePointer<UInt8>, _ end: UnsafePointer<UInt8>) -> Value?
    ) -> [Value]? {
        message.withUnsafeBufferPointer { buffer -> [Value]? in
            guard let start = buffer.baseAddress, buffer.count <= DNSResolver.maximumMessage else { return nil }
            var handle = ns_msg()
            guard ns_initparse(start, Int32(buffer.count), &handle) == 0 else { return nil }
            let answers = Int(handle._counts.1)  // ns_msg_count(handle, ns_s_an)
            var values: [Value] = []
            for index in 0..<answers {
                var record = ns_rr()
                guard ns_parserr(&handle, ns_s_an, Int32(index), &record) == 0 else { return nil }
                guard record.type == type.rawValue, record.rr_class == UInt16(ns_c_in.rawValue) else { continue }
                guard let data = record.rdata, let value = read(UnsafeBufferPointer(start: data, count: Int(record.rdlength)), start, start + buffer.count)
                else { return nil }
                values.append(value)
            }
            return values
        }
    }

    /// inet_ntop's text for the address bytes at `address`.
    static func text(of address: UnsafeMutableRawPointer, family: Int32) -> String? {
        var text = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(family, address, &text, socklen_t(text.count)) != nil else { return nil }
        return String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
