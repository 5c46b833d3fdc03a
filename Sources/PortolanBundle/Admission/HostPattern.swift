#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One entry of a host list (`allow_hosts`, internal hosts): an address, a
/// CIDR range, or a host name. Addresses compare as bytes, so `::ffff:…`
/// spellings and leading zeros in IPv6 do not matter.
public enum HostPattern: Sendable, Hashable {
    case address([UInt8])
    case range([UInt8], prefix: Int)
    case name(String)

    /// Reads an entry as the bundle stores it; nil for an empty one or a
    /// range whose prefix is out of bounds. Only text that looks like an
    /// address (digits and dots, or a colon) is given to the address parser:
    /// a hub's list holds a name for every spoke.
    public init?(_ text: String) {
        guard !text.isEmpty else { return nil }
        var looksLikeAddress = true
        var hasSlash = false
        var colon = false
        var lowercase = true
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."): continue
            case UInt8(ascii: ":"): colon = true
            case UInt8(ascii: "/"): hasSlash = true
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): lowercase = false; if !colon { looksLikeAddress = false }
            case UInt8(ascii: "a")...UInt8(ascii: "f"), UInt8(ascii: "["), UInt8(ascii: "]"): if !colon { looksLikeAddress = false }
            default: looksLikeAddress = false; if byte >= 0x80 { lowercase = false }
            }
        }
        // Hex digits belong to IPv6 only: decide once the colon is known.
        looksLikeAddress = looksLikeAddress || colon
        if looksLikeAddress || hasSlash {
            // Most entries are addresses written in lowercase, without a range.
            let lowered = lowercase ? text : text.lowercased()
            if hasSlash, let slash = lowered.utf8.firstIndex(of: UInt8(ascii: "/")) {
                guard let bytes = Self.addressBytes(String(lowered[..<slash])),
                    let prefix = Int(lowered[lowered.index(after: slash)...]), (0...bytes.count * 8).contains(prefix)
                else { return nil }
                self = .range(bytes, prefix: prefix)
                return
            }
            if let bytes = Self.addressBytes(lowered) {
                self = .address(bytes)
                return
            }
        }
        self = .name(lowercase && text.utf8.last != UInt8(ascii: ".") ? text : HostAdmission.hostKey(text))
    }

    /// True when a client at `address` (bytes of `addressBytes`), whose
    /// reverse name is `name`, is this entry.
    public func matches(address: [UInt8]?, name: String?) -> Bool {
        switch self {
        case .address(let bytes):
            return address == bytes
        case .range(let network, let prefix):
            guard let address, address.count == network.count else { return false }
            return Self.prefixMatches(address, network, prefix)
        case .name(let wanted):
            return name.map { HostAdmission.hostKey($0) == wanted } ?? false
        }
    }

    static func prefixMatches(_ a: [UInt8], _ b: [UInt8], _ prefix: Int) -> Bool {
        var bits = prefix
        for index in a.indices where bits > 0 {
            let mask: UInt8 = bits >= 8 ? 0xFF : ~(0xFF >> UInt8(bits))
            if a[index] & mask != b[index] & mask { return false }
            bits -= 8
        }
        return true
    }

    /// The 4 or 16 bytes of an IPv4 or IPv6 address (an IPv4-mapped IPv6
    /// address gives the 4 IPv4 bytes), or nil when `text` is not one.
    public static func addressBytes(_ text: String) -> [UInt8]? {
        var text = text
        if text.hasPrefix("[") && text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 {
            return withUnsafeBytes(of: &v4) { Array($0) }
        }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF { return Array(bytes[12...]) }
        return bytes
    }
}

/// A host list, read once: exact addresses and names found by hashing (a
/// hub's internal hosts are every spoke's), ranges tried in turn.
public struct HostList: Sendable, Hashable {
    /// IPv4 addresses as numbers (most entries), hashed cheaper than bytes.
    let v4: Set<UInt32>
    let addresses: Set<[UInt8]>
    let names: Set<String>
    let ranges: [HostPattern]

    public init(_ entries: [String]) {
        var v4: Set<UInt32> = []
        var addresses: Set<[UInt8]> = []
        var names: Set<String> = []
        var ranges: [HostPattern] = []
        // A hub's internal hosts are a name and an address for every spoke.
        v4.reserveCapacity(entries.count)
        names.reserveCapacity(entries.count)
        for pattern in entries.compactMap(HostPattern.init) {
            switch pattern {
            case .address(let bytes):
                if let number = Self.v4(bytes) { v4.insert(number) } else { addresses.insert(bytes) }
            case .name(let name): names.insert(name)
            case .range: ranges.append(pattern)
            }
        }
        self.v4 = v4
        self.addresses = addresses
        self.names = names
        self.ranges = ranges
    }

    /// The number of a 4-byte address; nil for any other length.
    private static func v4(_ bytes: [UInt8]) -> UInt32? {
        guard bytes.count == 4 else { return nil }
        return UInt32(bytes[0]) << 24 | UInt32(bytes[1]) << 16 | UInt32(bytes[2]) << 8 | UInt32(bytes[3])
    }

    /// True when no entry is a host name: a client's reverse name cannot matter.
    public var namesNothing: Bool { names.isEmpty }

    /// True when the client at `address` (bytes of `HostPattern.addressBytes`)
    /// with reverse name `name` is on the list.
    public func contains(address: [UInt8]?, name: String?) -> Bool {
        if let address {
            if let number = Self.v4(address) {
                if v4.contains(number) { return true }
            } else if addresses.contains(address) {
                return true
            }
        }
        if let name, names.contains(HostAdmission.hostKey(name)) { return true }
        guard address != nil else { return false }
        return ranges.contains { $0.matches(address: address, name: nil) }
    }
}
