import Foundation
import NIOCore
import NIOPosix
import PortolanBundle
import PortolanCompiler
import PortolanDiagnostics
import PortolanJSON
import PortolanListener
import Synchronization

/// `portolan up --prove`: one probe per SMTP edge of the checker's edge list
/// (`Model.edges(from:)`), queued on the sender as `portolan sendmail`
/// queues mail, and its first answer held against the edge's check codes.
struct Prover {
    struct Row {
        var from: String
        var to: String
        /// A listener row: the bundle address the listener serves, if any.
        var address: String?
        var kind: String
        var port: Int?
        var mode: String
        var check: [String]
        var delivered = false
        /// The TLS version of the session that delivered it; nil: unencrypted.
        var tls: String?
        var stage = ""
        var reply = ""
        /// nil: not exercised (`reason` says why).
        var agree: Bool?
        var reason: String?
    }

    let estate: EstateLayout
    let model: Model
    /// The error codes on each edge, `from -> to`, as `portolan graph`
    /// marks them: the same checks `check` runs, per sender and peer.
    let failing: [String: [String]]

    init(estate: EstateLayout, model: Model) {
        self.estate = estate
        self.model = model
        var failing: [String: [String]] = [:]
        for edge in SMTPGraph(model: model).edges {
            failing[edge.from + " -> " + edge.to] = edge.codes.filter { $0.severity == .error }.map(\.rawValue)
        }
        self.failing = failing
    }

    /// The errors of `check` on `edge`: each a failure the wire must show.
    func codes(of edge: SMTPEdge) -> [String] {
        failing[model[edge.from].name.value + " -> " + model.name(of: edge.to)] ?? []
    }

    /// A recipient that makes `edge`'s sender use that edge, or why there is none.
    func recipient(for edge: SMTPEdge) -> Result<String, Failure> {
        switch edge.kind {
        case .relay: return .success("probe@\(EstateLayout.outsideDomain)")
        case .route:
            guard let domain = edge.domains.first else { return .failure(Failure("the route carries no domain", status: .clean)) }
            return .success("probe@\(domain)")
        case .withinDomain:
            guard case .server(let peer) = edge.to else { return .failure(Failure("not a server", status: .clean)) }
            let name = model[peer].name.value
            let user = model.topology.users.first { $0.mailServer?.value == name && $0.internetAddress != nil }
            guard let address = user?.internetAddress?.value else {
                return .failure(Failure("no user has mail_server: \(name) and an internet_address", status: .clean))
            }
            return .success(address)
        }
    }

    /// One row per listener of every server: a client from outside
    /// connects as the listener's clients do and offers a probe to
    /// postmaster. The check's verdict on a listener is whether it refuses
    /// every connection with "This site is not enabled on the server."
    /// (PT301, PT302); its wire outcome whether it greeted and took a
    /// transaction. What is refused later (a submission site that wants
    /// AUTH) is shown, and counts as greeted.
    func listenerRows(_ served: [(name: String, configuration: ServingConfiguration)], portOffset: Int) async -> [Row] {
        let client = DeliveryClient(group: MultiThreadedEventLoopGroup.singleton)
        var rows: [Row] = []
        for (name, configuration) in served {
            guard let id = model.serverIDs.first(where: { model[$0].name.value == name }) else { continue }
            for binding in configuration.bindings {
                let listener = binding.listener
                let implicitTLS = listener.security == .implicitTLS
                var row = Row(
                    from: "outside", to: name, address: listener.address, kind: "listener", port: binding.port - portOffset, mode: implicitTLS ? "ssl" : "tcp",
                    check: model.listenerRefusalCodes(server: id, port: implicitTLS ? .ssl : .tcp).map(\.rawValue))
                let domain = configuration.bundle.localDomains.first.map { "@" + $0 } ?? ""
                let endpoint = DeliveryPlan.Endpoint(host: binding.host, port: binding.port, security: implicitTLS ? .implicitTLS : .plain(startTLS: false))
                let plan = DeliveryPlan(
                    endpoints: [endpoint], authentication: .none, heloName: "probe.\(EstateLayout.outsideDomain)",
                    serverName: configuration.bundle.server.host)
                let text = "Subject: portolan up probe: outside -> \(name) port \(row.port ?? 0)\r\n\r\nA probe of a listener.\r\n"
                let report = try? await client.deliver(
                    plan: plan, mailFrom: "", recipients: ["postmaster" + domain], message: ByteBuffer(string: text)).get()
                switch report?.outcomes.first?.result {
                case .delivered(let reply)?:
                    (row.delivered, row.reply, row.tls) = (true, reply.description, report?.tls)
                case .deferred(let stage, let answer)?, .failed(let stage, let answer)?:
                    (row.stage, row.reply) = (stage.rawValue, answer.description)
                    // Greeted, and refused later: the site is enabled.
                    row.delivered = ![.connect, .greeting, .tls].contains(stage)
                case nil:
                    (row.stage, row.reply) = ("connect", "no answer")
                }
                row.agree = row.check.isEmpty == row.delivered
                rows.append(row)
            }
        }
        return rows
    }

    func run(events: DeliveryEvents, timeout: Int, portOffset: Int = 0) async throws -> [Row] {
        var rows: [Row] = []
        var probes: [(row: Int, key: String)] = []
        for id in model.serverIDs {
            let sender = model[id]
            for edge in model.edges(from: id) {
                let peerName = model.name(of: edge.to)
                let connection = model.connection(from: id, to: edge.to)
                var row = Row(from: sender.name.value, to: peerName, kind: edge.kind.rawValue, port: nil, mode: "-", check: codes(of: edge))
                switch connection.path {
                case .ssl(let port): (row.port, row.mode) = (port, "ssl")
                case .tcp(let port, let starttls): (row.port, row.mode) = (port, starttls ? "starttls" : "tcp")
                case nil: break
                }
                if edge.isSelfEdge {
                    row.reason = "an edge to itself carries no mail"
                    rows.append(row)
                    continue
                }
                guard let host = estate.host(named: sender.name.value), estate.host(named: peerName) != nil else {
                    row.reason = "\(peerName) has no host name to run on"
                    rows.append(row)
                    continue
                }
                let recipient: String
                switch self.recipient(for: edge) {
                case .success(let found): recipient = found
                case .failure(let why):
                    row.reason = why.description
                    rows.append(row)
                    continue
                }
                // The sender's own next hop for it must be this peer.
                let bundle = try BundleLoader.load(directory: host.bundle)
                guard case .success(.peer(let spec)) = NextHop.of(recipient, bundle: bundle, admission: HostAdmission(bundle: bundle)),
                    spec.name == peerName
                else {
                    row.reason = "\(recipient) goes elsewhere from \(sender.name.value)"
                    rows.append(row)
                    continue
                }
                let id = try queue(recipient, on: host, edge: "\(row.from) -> \(row.to) (\(row.kind))")
                probes.append((rows.count, host.name + "/" + id))
                rows.append(row)
            }
        }
        let deadline = ContinuousClock.now + .seconds(timeout)
        while ContinuousClock.now < deadline {
            let answered = events.first.withLock { seen in probes.allSatisfy { seen[$0.key] != nil } }
            if answered { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        let seen = events.first.withLock { $0 }
        for (index, key) in probes {
            if let event = seen[key] {
                // The port and mode the delivery used, when it reached a connection.
                if let endpoint = event.endpoint {
                    rows[index].port = endpoint.port - portOffset
                    switch endpoint.security {
                    case .implicitTLS: rows[index].mode = "ssl"
                    case .plain(let startTLS): rows[index].mode = startTLS ? "starttls" : "tcp"
                    }
                }
                switch event.result {
                case .delivered(let reply): (rows[index].delivered, rows[index].reply, rows[index].tls) = (true, reply.description, event.tls)
                case .deferred(let stage, let answer), .failed(let stage, let answer):
                    (rows[index].stage, rows[index].reply) = (stage.rawValue, answer.description)
                }
            } else {
                (rows[index].stage, rows[index].reply) = ("timeout", "no answer within \(timeout) s")
            }
            rows[index].agree = rows[index].check.isEmpty == rows[index].delivered
        }
        return rows
    }

    /// Queues a probe on `host`'s spool, as `portolan sendmail` does, from
    /// the null sender (a refused probe bounces nowhere).
    func queue(_ recipient: String, on host: EstateLayout.Host, edge: String) throws -> String {
        let spool = try Spool(directory: host.spool)
        let date = Date()
        let text = "Subject: portolan up probe: \(edge)\n\nA probe across \(edge).\n"
        let submission = try Submission.prepare(
            input: Array(text.utf8), arguments: [recipient], extractRecipients: false, ignoreDots: true, sender: "",
            host: host.hostName, date: date, messageID: "probe.\(UInt64.random(in: .min ... .max))")
        let envelope = Envelope(
            mailFrom: "", recipients: submission.recipients, helo: host.hostName, clientAddress: "", authenticatedAs: nil, tls: nil,
            serverHost: host.hostName, site: nil)
        return try spool.store(envelope: envelope, message: ByteBuffer(bytes: submission.message), date: date)
    }

    static func text(_ rows: [Row]) -> String {
        var table = [["FROM", "TO", "KIND", "PORT", "MODE", "CHECK", "WIRE", "AGREE"]]
        for row in rows {
            let wire: String
            if row.agree == nil {
                wire = "not exercised: \(row.reason ?? "")"
            } else {
                wire = row.delivered ? "delivered" : "\(row.stage): \(row.reply)"
            }
            table.append([
                row.from, row.to + (row.address.map { " " + $0 } ?? ""), row.kind, row.port.map(String.init) ?? "-", row.mode, row.check.isEmpty ? "clean" : row.check.joined(separator: ","),
                wire, row.agree.map { $0 ? "yes" : "NO" } ?? "-",
            ])
        }
        let summary = summary(rows)
        return TextTable.render(table)
            + "\n\(summary.edges) edges, \(summary.listeners) listener\(summary.listeners == 1 ? "" : "s"): \(summary.delivered) delivered, \(summary.agree) agree, \(summary.disagree) disagree, \(summary.notExercised) not exercised"
    }

    static func summary(_ rows: [Row]) -> (edges: Int, listeners: Int, delivered: Int, agree: Int, disagree: Int, notExercised: Int) {
        let listeners = rows.filter { $0.kind == "listener" }.count
        return (rows.count - listeners, listeners, rows.filter(\.delivered).count, rows.filter { $0.agree == true }.count, rows.filter { $0.agree == false }.count,
         rows.filter { $0.agree == nil }.count)
    }

    /// `{"edges": [...], "summary": {...}}`, keys sorted, `/` escaped.
    static func json(_ rows: [Row]) -> String {
        let edges: [JSONValue] = rows.map { row in
            var edge: [String: JSONValue] = [
                "from": .string(row.from), "to": .string(row.to), "kind": .string(row.kind), "port": .optional(row.port),
                "mode": .string(row.mode), "check": .array(row.check.map(JSONValue.string)),
            ]
            if row.kind == "listener" { edge["address"] = .optional(row.address) }
            if let agree = row.agree {
                edge["wire"] = .sortedObject([
                    "delivered": .bool(row.delivered), "stage": .string(row.stage), "reply": .string(row.reply), "tls": .optional(row.tls),
                ])
                edge["agree"] = .bool(agree)
            } else {
                edge["wire"] = .null
                edge["agree"] = .null
                edge["not_exercised"] = .string(row.reason ?? "")
            }
            return .sortedObject(edge)
        }
        let summary = summary(rows)
        let document = JSONValue.sortedObject([
            "edges": .array(edges),
            "summary": .sortedObject([
                "edges": .int(summary.edges), "listeners": .int(summary.listeners), "delivered": .int(summary.delivered),
                "agree": .int(summary.agree), "disagree": .int(summary.disagree), "not_exercised": .int(summary.notExercised),
            ]),
        ])
        return document.serialised(layout: .foundationEscapingSlashes)
    }
}

/// The first outcome of every queued message, by `host/id`, as the hosts'
/// delivery agents report them.
final class DeliveryEvents: Sendable {
    let first = Mutex<[String: DeliveryEvent]>([:])

    func record(_ event: DeliveryEvent, on host: String) {
        first.withLock { if $0[host + "/" + event.messageID] == nil { $0[host + "/" + event.messageID] = event } }
    }
}
