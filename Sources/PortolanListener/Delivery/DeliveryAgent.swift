import Foundation
import Logging
import NIOCore
import NIOPosix
import PortolanBundle

/// What the delivery agent needs from the running configuration: taken
/// afresh for every attempt, so a reloaded bundle (and its relay password)
/// applies to the next one.
public struct DeliverySettings: Sendable {
    public var bundle: HostBundle
    public var admission: HostAdmission
    /// The password of `relay_login`, read from its file at start and reload.
    public var relayPassword: String?
    /// `serve --port-offset`: added to every outbound port.
    public var portOffset: Int
    /// `serve --address`: peers with addresses are reached there, and
    /// connections leave from it.
    public var address: String?
    /// `serve --hosts`: names to addresses, before anything else.
    public var hosts: HostsFile?
    /// `serve --dns`: every name is resolved through this server.
    public var dnsServer: DNSServerAddress? { resolver.server }
    /// MX and address lookups, through `--dns` or the system's resolver.
    public let resolver: DNSResolver
    /// `serve --ca-file`: verify peers' certificates against these.
    public var certificateAuthorities: String?

    public init(
        bundle: HostBundle, admission: HostAdmission, relayPassword: String?, portOffset: Int, address: String?, hosts: HostsFile?,
        dnsServer: DNSServerAddress?, certificateAuthorities: String?
    ) {
        self.bundle = bundle
        self.admission = admission
        self.relayPassword = relayPassword
        self.portOffset = portOffset
        self.address = address
        self.hosts = hosts
        resolver = DNSResolver(server: dnsServer)
        self.certificateAuthorities = certificateAuthorities
    }

    /// Where `peer` is reached: its host name in the hosts file first; else
    /// `--address` for a peer with an address (a server of the topology, an
    /// external host with `addresses`); else its address; else its name.
    public func destination(of peer: PeerSpec) -> String {
        if let mapped = hosts?.addresses(of: peer.host).first { return mapped }
        if peer.address != nil, let address { return address }
        return peer.address ?? peer.host
    }

    /// The address to connect to for `name`: an address as it is; a name in
    /// the hosts file there; with `--dns`, the first address that server
    /// gives (none: the name, for the system to resolve); else the name.
    func connectable(_ name: String) -> Result<String, LookupFailure> {
        if HostPattern.addressBytes(name) != nil { return .success(name) }
        if let mapped = hosts?.addresses(of: name).first { return .success(mapped) }
        guard dnsServer != nil else { return .success(name) }
        return resolver.addresses(of: name).map { $0.first ?? name }
    }
}

/// Runs the queue: every message in the spool is tried as its recipients'
/// states say, one transaction per next hop, at most `limits.maxDeliveries`
/// messages at once and `limits.maxDeliveriesPerPeer` sessions to one next
/// hop; states are written after each attempt, failures bounced to the
/// sender, finished messages removed.
///
/// Messages arrive by `enqueue` (the listener, once a message is durable)
/// and by a scan of `new/` every second (`portolan sendmail` from another
/// process, a restart); `portolan queue --flush` is seen by the same scan.
public actor DeliveryAgent {
    let spool: Spool
    let settings: @Sendable () -> DeliverySettings
    let client: DeliveryClient
    let pool: NIOThreadPool
    let clock: @Sendable () -> Date
    let logger: Logger

    /// Messages waiting, with when they are next due (seconds since 1970).
    var due: [String: Int] = [:]
    /// Messages to try now whatever their recipients' next attempts say.
    var forced: Set<String> = []
    var running: Set<String> = []
    var sessionsPerPeer: [String: Int] = [:]
    var waitingForPeer: [String: [CheckedContinuation<Void, Never>]] = [:]
    var stopping = false
    /// Messages the listener handed over in memory, until their first
    /// attempt takes them; at most `handedLimit` bytes in all; beyond that
    /// (a backlog), an attempt reads the spool.
    var handed: [String: StoredMessage] = [:]
    var handedBytes = 0
    static let handedLimit = 32 << 20
    /// Told every recipient's outcome of every attempt (`portolan up`).
    let observer: (@Sendable (DeliveryEvent) -> Void)?

    public init(
        spool: Spool, settings: @escaping @Sendable () -> DeliverySettings, client: DeliveryClient, pool: NIOThreadPool,
        clock: @escaping @Sendable () -> Date, logger: Logger, observer: (@Sendable (DeliveryEvent) -> Void)? = nil
    ) {
        self.observer = observer
        self.spool = spool
        self.settings = settings
        self.client = client
        self.pool = pool
        self.clock = clock
        self.logger = logger
    }

    var now: Int { Int(clock().timeIntervalSince1970) }

    /// Runs until the task is cancelled or `stop` is called, then waits up
    /// to `grace` seconds for the attempts under way; what they have not
    /// finished stays queued.
    public func run() async {
        let spool = spool
        await onPool { spool.removeOrphans() }
        // Scans follow the real clock, whatever `clock` says.
        var lastScan = ContinuousClock.now - .seconds(1)
        while !Task.isCancelled && !stopping {
            if ContinuousClock.now - lastScan >= .seconds(1) {
                lastScan = ContinuousClock.now
                await scan()
            }
            startDue()
            try? await Task.sleep(for: .milliseconds(100))
        }
        stopping = true
    }

    /// Stops starting attempts and waits up to `grace` seconds for those under way.
    public func stop(grace: Int) async {
        stopping = true
        let deadline = ContinuousClock.now + .seconds(grace)
        while !running.isEmpty && ContinuousClock.now < deadline && !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(50))
        }
        if !running.isEmpty {
            logger.info("delivery stopped; attempts under way stay queued", metadata: ["messages": "\(running.count)"])
        }
        client.connections?.closeAll()
    }

    /// A message just stored: try it now.
    public func enqueue(_ id: String) {
        due[id] = 0
        startDue()
    }

    /// A message just stored, handed over in memory: try it now, with
    /// nothing to read back from the spool.
    public func enqueue(_ message: StoredMessage) {
        // A message the scan of `new/` found first is the queue's already (a
        // message handed over is due or running until its attempt takes it).
        if due[message.id] == nil, !running.contains(message.id),
            handedBytes + message.bytes.count <= Self.handedLimit
        {
            handed[message.id] = message
            handedBytes += message.bytes.count
        }
        enqueue(message.id)
    }

    /// The message handed over as `id`, once.
    func takeHanded(_ id: String) -> StoredMessage? {
        guard let message = handed.removeValue(forKey: id) else { return nil }
        handedBytes -= message.bytes.count
        return message
    }

    /// Picks up messages that appeared in `new/`, drops those that went, and
    /// honours a flush request.
    func scan() async {
        let spool = spool
        let (ids, flush) = await onPool { (spool.queuedIDs(), spool.takeFlushRequest()) }
        let present = Set(ids)
        for id in due.keys where !present.contains(id) {
            due[id] = nil
            _ = takeHanded(id)
        }
        let fresh = ids.filter { due[$0] == nil && !running.contains($0) }
        if !fresh.isEmpty {
            let states = await onPool { fresh.map { (id: $0, next: spool.queued($0)?.state.nextAttempt) } }
            for (id, next) in states {
                if let next { due[id] = next }
            }
        }
        if flush {
            logger.info("flush: trying every queued message now", metadata: ["messages": "\(due.count)"])
            for id in due.keys { due[id] = 0 }
            forced.formUnion(due.keys)
        }
    }

    /// Starts every due message while there is room.
    func startDue() {
        guard !stopping else { return }
        let limit = max(1, settings().bundle.limits.maxDeliveries)
        guard running.count < limit else { return }
        let second = now
        // Only the due ones are ordered, and only when there is room.
        let ready = due.filter { $0.value <= second && !running.contains($0.key) }
        for (id, _) in ready.sorted(by: { ($0.value, $0.key) < ($1.value, $1.key) }) {
            guard running.count < limit else { return }
            due[id] = nil
            running.insert(id)
            let force = forced.remove(id) != nil
            Task { await self.attempt(id, force: force) }
        }
    }

    // MARK: One attempt

    /// Tries every due recipient of message `id`, records the results,
    /// bounces the failures, and removes the message when it is finished.
    func attempt(_ id: String, force: Bool) async {
        defer {
            running.remove(id)
            startDue()
        }
        let spool = spool
        let read: (QueuedMessage, [UInt8])?
        // A message handed over has never been tried: no state is written.
        var hasState = true
        // The copy in memory holds only while the message waits untried: an
        // attempt that began from the scan of `new/` may have finished it, or
        // left a state; then the queue says what is left.
        if let fresh = takeHanded(id), await onDisk({ spool.isUntried(id) }) {
            read = (fresh.queued, fresh.bytes)
            hasState = false
        } else {
            read = await onDisk { () -> (QueuedMessage, [UInt8])? in
                guard let queued = spool.queued(id), let message = spool.message(id) else { return nil }
                return (queued, message)
            }
        }
        guard let (queued, message) = read else { return }
        let settings = settings()
        var state = queued.state
        let start = now
        // Recipients by next hop, in envelope order.
        var hops: [(hop: NextHop, indices: [Int])] = []
        var newlyFailed: [Int] = []
        for (index, recipient) in state.recipients.enumerated() where force ? !recipient.isFinal : recipient.isDue(at: start) {
            switch NextHop.of(recipient.address, bundle: settings.bundle, admission: settings.admission) {
            case .success(let hop):
                if let slot = hops.firstIndex(where: { $0.hop == hop }) {
                    hops[slot].indices.append(index)
                } else {
                    hops.append((hop, [index]))
                }
            case .failure(let refusal):
                state.recipients[index].record(
                    .failed(.rcpt, .reply(refusal.reply)), peer: nil, now: start, arrival: queued.arrival,
                    retry: settings.bundle.outbound.retry)
                newlyFailed.append(index)
                log(id, state.recipients[index], tls: nil)
                observer?(DeliveryEvent(messageID: id, recipient: recipient.address, result: .failed(.rcpt, .reply(refusal.reply)), peer: nil))
            }
        }
        for (hop, indices) in hops {
            let recipients = indices.map { state.recipients[$0].address }
            let (results, peer, tls, endpoint) = await deliver(
                id: id, to: hop, mailFrom: queued.envelope.mailFrom, recipients: recipients, message: message, settings: settings)
            let finished = now
            for (index, result) in zip(indices, results) {
                state.recipients[index].record(
                    result, peer: peer, now: finished, arrival: queued.arrival, retry: settings.bundle.outbound.retry)
                if state.recipients[index].status == .failed { newlyFailed.append(index) }
                log(id, state.recipients[index], tls: tls)
                observer?(
                    DeliveryEvent(
                        messageID: id, recipient: state.recipients[index].address, result: result, peer: peer, tls: tls, endpoint: endpoint))
            }
        }
        if !newlyFailed.isEmpty && !queued.envelope.mailFrom.isEmpty {
            await bounce(queued, message: message, failed: newlyFailed.map { state.recipients[$0] }, settings: settings)
        }
        let finalState = state
        let finished = state.isFinished
        let stateWritten = hasState
        do {
            try await onDisk { () throws(SpoolError) in
                if finished { try spool.remove(id, hasState: stateWritten) } else { try spool.write(finalState, of: id) }
            }
        } catch {
            logger.error("cannot record delivery states", metadata: ["id": "\(id)", "error": "\(error)"])
        }
        if !finished, let next = state.nextAttempt { due[id] = next }
    }

    /// Delivers to one next hop: a result per recipient, in order, who
    /// answered, and the TLS version when the session was encrypted.
    func deliver(
        id: String, to hop: NextHop, mailFrom: String, recipients: [String], message: [UInt8], settings: DeliverySettings
    ) async -> ([DeliveryResult], String?, String?, DeliveryPlan.Endpoint?) {
        switch hop {
        case .mailbox(let user):
            let spool = spool
            let date = clock()
            let results = await onDisk { () -> [DeliveryResult] in
                recipients.map { recipient in
                    do throws(SpoolError) {
                        _ = try spool.deliverToMailbox(user: user, recipient: recipient, returnPath: mailFrom, message: message, date: date)
                        return .delivered(Reply(250, "2.0.0 delivered to mailbox \(Spool.folderName(user))"))
                    } catch {
                        return .deferred(.data, .noReply("cannot write the mailbox of \(user): \(error.description)"))
                    }
                }
            }
            return (results, "mailbox \(Spool.folderName(user))", nil, nil)
        case .peer(let peer):
            return await deliverToPeer(
                peer, hostKey: "\(peer.kind) \(peer.name)", destination: settings.destination(of: peer), mailFrom: mailFrom, recipients: recipients,
                message: message, settings: settings)
        case .exchangers(let domain):
            let lookup = await onPool { settings.resolver.exchangers(for: domain) }
            let exchangers: [MailExchanger]
            switch lookup {
            case .success(let found): exchangers = found
            case .failure(.temporary(let reason)):
                return (recipients.map { _ in .deferred(.connect, .noReply(reason)) }, nil, nil, nil)
            case .failure(.permanent(let reason)):
                return (recipients.map { _ in .failed(.connect, .noReply(reason)) }, nil, nil, nil)
            }
            var last: ([DeliveryResult], String?, String?, DeliveryPlan.Endpoint?) = (recipients.map { _ in .deferred(.connect, .noReply("no MX host for \(domain)")) }, nil, nil, nil)
            for exchanger in exchangers {
                let outbound = settings.bundle.outbound
                let peer = PeerSpec(
                    name: exchanger.host, kind: "mx", host: exchanger.host, address: nil, tcpPort: outbound.tcpPort,
                    sslPort: outbound.sslPort, starttls: "unknown")
                last = await deliverToPeer(
                    peer, hostKey: "mx \(exchanger.host)", destination: exchanger.host, mailFrom: mailFrom, recipients: recipients, message: message,
                    settings: settings, failsPermanently: false)
                // Only an exchanger that could not be reached at all hands on to the next.
                let unreached = last.0.allSatisfy { if case .deferred(.connect, _) = $0 { return true } else { return false } }
                if !unreached { break }
            }
            return last
        }
    }

    /// Delivers to `peer` at `destination` (a name or an address, resolved by
    /// `DeliverySettings.connectable`). A name that does not exist fails the
    /// recipients when `failsPermanently`; an MX host that does not resolve
    /// only hands on to the next exchanger.
    func deliverToPeer(
        _ peer: PeerSpec, hostKey: String, destination name: String, mailFrom: String, recipients: [String], message: [UInt8],
        settings: DeliverySettings, failsPermanently: Bool = true
    ) async -> ([DeliveryResult], String?, String?, DeliveryPlan.Endpoint?) {
        let destination: String
        switch await onPool({ settings.connectable(name) }) {
        case .success(let address): destination = address
        case .failure(.permanent(let reason)) where failsPermanently:
            return (recipients.map { _ in .failed(.connect, .noReply(reason)) }, peer.host, nil, nil)
        case .failure(.temporary(let reason)), .failure(.permanent(let reason)):
            return (recipients.map { _ in .deferred(.connect, .noReply(reason)) }, peer.host, nil, nil)
        }
        let plan = DeliveryPlan(
            outbound: settings.bundle.outbound, peer: peer, heloName: settings.bundle.server.host, password: settings.relayPassword,
            portOffset: settings.portOffset, address: destination, sourceAddress: settings.address,
            certificateAuthorities: settings.certificateAuthorities)
        await acquire(hostKey, limit: max(1, settings.bundle.limits.maxDeliveriesPerPeer))
        let report: DeliveryReport
        do {
            report = try await client.deliver(plan: plan, mailFrom: mailFrom, recipients: recipients, message: ByteBuffer(bytes: message)).get()
        } catch {
            release(hostKey)
            return (recipients.map { _ in .deferred(.connect, .noReply("\(error)")) }, peer.host, nil, nil)
        }
        release(hostKey)
        let answered = report.endpoint.map { "\(peer.host) \($0)" } ?? peer.host
        return (report.outcomes.map(\.result), answered, report.tls, report.endpoint)
    }

    // MARK: Bounces

    /// Queues a delivery status notification of `failed` to the sender.
    func bounce(_ queued: QueuedMessage, message: [UInt8], failed: [RecipientState], settings: DeliverySettings) async {
        let host = settings.bundle.server.host
        let date = clock()
        let bounced = failed.map { state in
            BouncedRecipient(
                recipient: state.address, reply: state.lastReply ?? "failed", replyCode: Self.replyCode(state.lastReply),
                remoteMTA: state.peer.flatMap { $0.hasPrefix("mailbox ") ? nil : String($0.split(separator: " ").first ?? "") })
        }
        let notification = DeliveryStatusNotification.render(
            reportingHost: host, to: queued.envelope.mailFrom, recipients: bounced, originalMessage: message,
            arrivalDate: Date(timeIntervalSince1970: TimeInterval(queued.arrival)), date: date, id: queued.id + ".bounce")
        let envelope = Envelope(
            mailFrom: "", recipients: [queued.envelope.mailFrom], helo: host, clientAddress: "", authenticatedAs: nil, tls: nil,
            serverHost: host, site: nil)
        let spool = spool
        do {
            let id = try await onDisk { () throws(SpoolError) in
                try spool.store(envelope: envelope, message: ByteBuffer(bytes: notification), date: date)
            }
            logger.info("bounce queued", metadata: ["id": "\(id)", "for": "\(queued.id)", "to": "<\(queued.envelope.mailFrom)>"])
            due[id] = 0
        } catch {
            logger.error("cannot queue a bounce", metadata: ["for": "\(queued.id)", "error": "\(error)"])
        }
    }

    /// The code of a reply text like `550 5.1.1 ...`.
    static func replyCode(_ text: String?) -> Int? {
        guard let text, text.count >= 4, let code = Int(text.prefix(3)), (200...599).contains(code),
            text[text.index(text.startIndex, offsetBy: 3)] == " " || text[text.index(text.startIndex, offsetBy: 3)] == "-"
        else { return nil }
        return code
    }

    // MARK: Logs

    /// One line per recipient outcome.
    func log(_ id: String, _ state: RecipientState, tls: String?) {
        var metadata: Logger.Metadata = ["id": "\(id)", "to": "<\(state.address)>", "reply": "\(state.lastReply ?? "-")"]
        switch state.status {
        case .delivered:
            metadata["peer"] = "\(state.peer ?? "-")"
            metadata["tls"] = "\(tls ?? "none")"
            logger.info("delivered", metadata: metadata)
        case .deferred:
            metadata["next"] = "\(state.nextAttempt.map { ReceivedHeader.rfc5322Date(Date(timeIntervalSince1970: TimeInterval($0))) } ?? "-")"
            logger.info("deferred", metadata: metadata)
        case .failed:
            logger.info("failed", metadata: metadata)
        case .queued:
            break
        }
    }

    // MARK: Limits and the pool

    func acquire(_ key: String, limit: Int) async {
        if sessionsPerPeer[key, default: 0] < limit {
            sessionsPerPeer[key, default: 0] += 1
            return
        }
        await withCheckedContinuation { waitingForPeer[key, default: []].append($0) }
    }

    func release(_ key: String) {
        if var waiting = waitingForPeer[key], !waiting.isEmpty {
            let next = waiting.removeFirst()
            waitingForPeer[key] = waiting.isEmpty ? nil : waiting
            next.resume()  // The session passes on to the next waiting.
        } else {
            sessionsPerPeer[key, default: 1] -= 1
            if sessionsPerPeer[key] == 0 { sessionsPerPeer[key] = nil }
        }
    }

    /// Runs one message's spool work: at once where the spool is in memory,
    /// which never waits for a disk (two thread switches would cost more
    /// than the work); on the pool where it syncs. The scans of the whole
    /// queue stay on the pool: with a backlog they are long, and the agent
    /// takes handed-over messages meanwhile.
    func onDisk<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        spool.syncs ? await onPool(work) : work()
    }

    func onDisk<T: Sendable>(_ work: @escaping @Sendable () throws(SpoolError) -> T) async throws(SpoolError) -> T {
        spool.syncs ? try await onPool(work) : try work()
    }

    /// Runs blocking work (the disk, DNS) on the agent's thread pool.
    nonisolated func onPool<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            pool.submit { _ in continuation.resume(returning: work()) }
        }
    }

    nonisolated func onPool<T: Sendable>(_ work: @escaping @Sendable () throws(SpoolError) -> T) async throws(SpoolError) -> T {
        let result: Result<T, SpoolError> = await onPool { () -> Result<T, SpoolError> in
            do throws(SpoolError) { return .success(try work()) } catch { return .failure(error) }
        }
        return try result.get()
    }
}
