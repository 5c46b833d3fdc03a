import PortolanBundle

/// A verified bundle made ready to serve: its admission model, TLS contexts and
/// the sockets to bind. Built whole or not at all, so a reload either
/// replaces the running configuration or leaves it untouched. A class,
/// immutable: every connection holds the configuration it was admitted
/// under, and a reference is one retain where a copy was dozens.
public final class ServingConfiguration: Sendable {
    /// One socket to bind, with the listener it serves.
    public struct Binding: Sendable, Hashable {
        public var listener: ListenerSpec
        public var host: String
        public var port: Int
    }

    public let bundle: HostBundle
    /// Which site serves, who may send, log in and relay: the checker's model.
    public let admission: HostAdmission
    public let decoyHash: String
    public let tls: TLSContexts
    public let bindings: [Binding]

    public init(bundle: HostBundle, portOffset: Int, address: String?) throws(BundleError) {
        self.bundle = bundle
        self.admission = HostAdmission(bundle: bundle)
        self.decoyHash = SessionPolicy.decoyHash(for: bundle)
        self.tls = try TLSContexts(bundle: bundle)
        var bindings: [Binding] = []
        for listener in bundle.listeners {
            let (port, overflow) = listener.port.addingReportingOverflow(portOffset)
            guard !overflow, (1...65_535).contains(port) else {
                throw BundleError("listener port \(listener.port) with offset \(portOffset) gives \(port), outside 1-65535")
            }
            let needsTLS = listener.security == .implicitTLS || listener.starttls != "disabled"
            if needsTLS && tls.isEmpty {
                throw BundleError("listener on port \(listener.port) needs TLS but the bundle has no key ring")
            }
            bindings.append(Binding(listener: listener, host: address ?? listener.address ?? "0.0.0.0", port: port))
        }
        self.bindings = bindings
    }

    /// The policy of a connection on `listener` (see `SessionPolicy`).
    public func policy(listener: ListenerSpec, sni: String?, localAddresses: [String]) -> SessionPolicy {
        SessionPolicy(
            bundle: bundle, admission: admission, decoyHash: decoyHash, listener: listener, sni: sni,
            localAddresses: localAddresses)
    }

    /// Loads, verifies and prepares the bundle that `options` names.
    public static func load(_ options: ServeOptions) throws(BundleError) -> ServingConfiguration {
        let bundle = try BundleLoader.load(directory: options.bundleDirectory, manifest: options.manifest)
            .resolvingFilePaths(relativeTo: options.bundleDirectory)
        return try ServingConfiguration(bundle: bundle, portOffset: options.portOffset, address: options.address)
    }
}
