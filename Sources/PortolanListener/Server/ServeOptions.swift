import Foundation

/// How `portolan serve` was asked to run one bundle.
public struct ServeOptions: Sendable {
    /// The host's bundle folder (`out/hub`).
    public var bundleDirectory: String
    /// The manifest; nil: `bundleDirectory/../manifest.json`.
    public var manifest: String?
    public var spoolDirectory: String
    /// Added to every port of the bundle.
    public var portOffset: Int
    /// Replaces every bind address of the bundle.
    public var address: String?
    /// Replaces these bind addresses of the bundle, before `address`.
    public var addresses: [String: String] = [:]
    /// A hosts file that gives clients' reverse names instead of DNS.
    public var hostsFile: String?
    /// The time stamped into Received headers; nil: the real time. Tests fix
    /// it to get byte-exact spool files.
    public var fixedClock: Date?
    /// Accept and queue only: no delivery agent runs.
    public var queueOnly: Bool = false
    /// The DNS server every outbound name is resolved through; nil: the system's.
    public var dnsServer: DNSServerAddress?
    /// PEM file of the certificate authorities outbound TLS verifies peers
    /// against; nil: encrypt without verifying.
    public var certificateAuthorities: String?

    public init(
        bundleDirectory: String, manifest: String? = nil, spoolDirectory: String = "spool", portOffset: Int = 0,
        address: String? = nil, hostsFile: String? = nil, fixedClock: Date? = nil
    ) {
        self.hostsFile = hostsFile
        self.bundleDirectory = bundleDirectory
        self.manifest = manifest
        self.spoolDirectory = spoolDirectory
        self.portOffset = portOffset
        self.address = address
        self.fixedClock = fixedClock
    }
}
