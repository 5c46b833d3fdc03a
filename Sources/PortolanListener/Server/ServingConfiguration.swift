import PortolanBundle

/// A verified bundle made ready to serve: its admission model, TLS contexts and
/// the sockets to bind. Built whole or not at all, so a reload either
/// replaces the running configuration or leaves it untouched. A class,
/// immutable: every connection holds the configuration it was admitted
/// under, and a reference is one retain where a copy was dozens.
public final class ServingConfiguration: Sendable {
    /// One socket to bind, with the listeners it serves: one, or several
    /// listeners of one port that `--address` put on the same address.
    public struct Binding: Sendable, Hashable {
        /// In bundle order; never empty. They agree on security and STARTTLS.
        public var listeners: [ListenerSpec]
        public var host: String
        public var port: Int

        /// The listener whose settings and bundle address the socket's
        /// connections are served with: the first.
        public var listener: ListenerSpec { listeners[0] }
    }

    public let bundle: HostBundle
    /// Which site serves, who may send, log in and relay: the checker's model.
    public let admission: HostAdmission
    public let decoyHash: String
    public let tls: TLSContexts
    public let bindings: [Binding]
    /// The password of the bundle's `relay_login`, read from its file.
    public let relayPassword: String?

    /// `addresses` maps bundle addresses to the addresses their listeners
    /// bind instead (`portolan up` runs every address of a server on one of
    /// loopback); the sites are still chosen by the bundle's address. It
    /// comes before `address`, which stands for every other one.
    public init(
        bundle: HostBundle, portOffset: Int, address: String?, addresses: [String: String] = [:], relayPassword: String? = nil
    ) throws(BundleError) {
        self.bundle = bundle
        self.relayPassword = relayPassword
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
            let host = listener.address.flatMap { addresses[$0] } ?? address ?? listener.address ?? "0.0.0.0"
            guard let shared = bindings.firstIndex(where: { $0.host == host && $0.port == port }) else {
                bindings.append(Binding(listeners: [listener], host: host, port: port))
                continue
            }
            let first = bindings[shared].listener
            guard first.security == listener.security, first.starttls == listener.starttls else {
                throw BundleError(
                    "listeners \(Self.name(first)) (\(Self.settings(first))) and \(Self.name(listener)) (\(Self.settings(listener))) "
                        + "cannot share \(host):\(port): they differ; serve without --address, or give them different ports")
            }
            bindings[shared].listeners.append(listener)
        }
        self.bindings = bindings
    }

    /// The policy of a connection on `listener` (see `SessionPolicy`).
    public func policy(listener: ListenerSpec, sni: String?, localAddresses: [String]) -> SessionPolicy {
        SessionPolicy(
            bundle: bundle, admission: admission, decoyHash: decoyHash, listener: listener, sni: sni,
            localAddresses: localAddresses)
    }

    /// For a socket that serves several listeners: which sites their bundle
    /// addresses would choose, when that is more than one. Connections are
    /// served as if they reached the first listener's address, so these
    /// sites can no longer be told apart by the address reached.
    public func sitesNoLongerToldApart(_ binding: Binding) -> [(site: String, address: String)]? {
        guard bundle.internetSites, binding.listeners.count > 1 else { return nil }
        var chosen: [(site: String, address: String)] = []
        for listener in binding.listeners {
            let address = listener.address ?? "*"
            let site = admission.site(reached: listener.address.map { [$0] } ?? [], sni: nil)?.name ?? "none"
            if !chosen.contains(where: { $0.site == site }) { chosen.append((site, address)) }
        }
        return chosen.count > 1 ? chosen : nil
    }

    static func name(_ listener: ListenerSpec) -> String { "\(listener.address ?? "*"):\(listener.port)" }

    static func settings(_ listener: ListenerSpec) -> String { "\(listener.security.rawValue), STARTTLS \(listener.starttls)" }

    /// Loads, verifies and prepares the bundle that `options` names, with
    /// the password of its `relay_login` (a missing or unreadable password
    /// file refuses the bundle, naming the file).
    public static func load(_ options: ServeOptions) throws(BundleError) -> ServingConfiguration {
        let bundle = try BundleLoader.load(directory: options.bundleDirectory, manifest: options.manifest)
            .resolvingFilePaths(relativeTo: options.bundleDirectory)
        var password: String?
        if let login = bundle.outbound.relayLogin {
            do {
                password = try RelayPassword.read(login, bundleDirectory: options.bundleDirectory)
            } catch {
                throw BundleError(error.message)
            }
        }
        return try ServingConfiguration(
            bundle: bundle, portOffset: options.portOffset, address: options.address, addresses: options.addresses, relayPassword: password)
    }
}
