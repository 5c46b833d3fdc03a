import PortolanLanguage

/// The servers with an SMTP listener, grouped by what they offer. A sender with
/// `within_domain: true` sends to every one of them; since servers with equal
/// offers look the same to any sender, the checks look at one server per group,
/// which keeps them linear in servers and edges however many servers send within
/// the domain. Built once per check.
struct ListenerGroups: Sendable {
    struct Group: Sendable {
        let offer: PeerOffer
        /// In definition order.
        let members: [ServerID]
    }

    let groups: [Group]
    /// The group of each server; nil for a server without a listener.
    let groupOf: [Int?]

    init(_ model: Model) {
        var index: [PeerOffer: Int] = [:]
        var members: [[ServerID]] = []
        var offers: [PeerOffer] = []
        var groupOf = [Int?](repeating: nil, count: model.topology.servers.count)
        for server in model.smtpListeners {
            let offer = model.offer(of: .server(server))
            let group = index[offer] ?? {
                index[offer] = offers.count
                offers.append(offer)
                members.append([])
                return offers.count - 1
            }()
            members[group].append(server)
            groupOf[server.index] = group
        }
        groups = zip(offers, members).map { Group(offer: $0, members: $1) }
        self.groupOf = groupOf
    }
}
