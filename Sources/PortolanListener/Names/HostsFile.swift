import Foundation
import PortolanBundle

/// A hosts file (`/etc/hosts` format: an address, then its names; `#`
/// starts a comment), read both ways: names to addresses, addresses to the
/// first name given for them. It lets a whole estate run on loopback, with
/// every server's name on its own 127.x address.
public struct HostsFile: Sendable, Hashable {
    /// Address bytes to the first name listed for them, lowercased.
    let names: [[UInt8]: String]
    /// Lowercased name to its addresses, in file order.
    let addresses: [String: [String]]

    public init(text: String) {
        var names: [[UInt8]: String] = [:]
        var addresses: [String: [String]] = [:]
        for line in text.split(whereSeparator: \.isNewline) {
            let content = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let fields = content.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard fields.count >= 2, let bytes = HostPattern.addressBytes(fields[0]) else { continue }
            if names[bytes] == nil { names[bytes] = fields[1].lowercased() }
            for name in fields.dropFirst() { addresses[name.lowercased(), default: []].append(fields[0]) }
        }
        self.names = names
        self.addresses = addresses
    }

    /// Reads `path`; the error names the file.
    public init(path: String) throws(BundleError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BundleError("cannot read the hosts file \(path)")
        }
        self.init(text: String(decoding: data, as: UTF8.self))
    }

    /// The first name given for `address`.
    public func name(of address: String) -> String? {
        HostPattern.addressBytes(address).flatMap { names[$0] }
    }

    /// The addresses given for `name`.
    public func addresses(of name: String) -> [String] {
        var key = name.lowercased()
        if key.hasSuffix(".") { key.removeLast() }
        return addresses[key] ?? []
    }
}
