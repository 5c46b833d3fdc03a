import Foundation
import Logging
import NIOCore
import PortolanBundle

/// Performing the session's actions, in order. An action that waits (delay,
/// password check, a spool that syncs to a disk) pauses input and performs
/// the rest when it is done.
extension SMTPConnectionHandler {
    func run(_ actions: [SessionAction], context: ChannelHandlerContext) {
        // Most lines of a message ask for nothing: no flush for them.
        guard !actions.isEmpty else { return }
        var remaining = actions[...]
        while let action = remaining.popFirst() {
            switch action {
            case .reply(let reply):
                send(reply, context: context)
            case .framing(let mode):
                control.mode = mode
                if mode == .data { dataRate = DataRateGuard(minimumRate: environment.limits.minDataRate, started: .now()) }
            case .log(let event):
                log(event)
            case .delay(let seconds):
                context.flush()
                let rest = Array(remaining)
                wait(context: context) { done in
                    context.eventLoop.assumeIsolated().scheduleTask(in: .seconds(Int64(seconds))) { done(rest) }
                }
                return
            case .startTLS:
                context.flush()
                tlsStage = .startTLSPending
                beginTLS(context: context)
            case .verifyPassword(let check):
                verify(check, context: context)
                return
            case .spool(let envelope, let message):
                spool(envelope, message, context: context)
                return
            case .lookUpClientName:
                lookUpClientName(context: context)
                return
            case .close:
                // Writes complete in order: once this one is out, every reply is.
                context.writeAndFlush(wrapOutboundOut(ByteBuffer())).assumeIsolated().whenComplete { _ in
                    context.close(promise: nil)
                }
                return
            }
        }
        context.flush()
    }

    func send(_ reply: Reply, context: ChannelHandlerContext) {
        if reply.isError { logger.info("refused", metadata: ["reply": "\(reply)"]) }
        context.write(wrapOutboundOut(ByteBuffer(string: reply.wire)), promise: nil)
    }

    func log(_ event: SessionEvent) {
        switch event {
        case .authSucceeded(let login, let user):
            logger.info("auth succeeded", metadata: ["login": "\(login)", "user": "\(user)"])
        case .authFailed(let login):
            logger.info("auth failed", metadata: ["login": "\(login)"])
        case .authLockedOut(let login):
            logger.info("auth refused: too many failures from this address", metadata: ["login": "\(login)"])
        }
    }

    /// Checks a password off the event loop, unless the client's address
    /// has failed too often lately; a failure is counted for the address.
    func verify(_ check: PasswordCheck, context: ChannelHandlerContext) {
        let pool = environment.services.passwordPool
        let registry = environment.authFailures
        let client = session.clientAddress
        let limits = environment.limits
        if registry.isLockedOut(client, limits: limits) {
            run(session.authRefusedForNow(), context: context)
            return
        }
        wait(context: context) { [self] done in
            pool.runIfActive(eventLoop: context.eventLoop) {
                PasswordHashing.verify(password: check.password, against: check.hash)
            }.assumeIsolated().whenComplete { [self] result in
                let matches = (try? result.get()) ?? false
                let failures = matches ? 0 : registry.recordFailure(client, limits: limits)
                done(session.passwordChecked(matches: matches, clientFailures: failures))
            }
        }
    }

    /// The client's reverse name, with input paused (the lookup's wait is bounded).
    func lookUpClientName(context: ChannelHandlerContext) {
        let names = environment.services.reverseNames
        let address = session.clientAddress
        wait(context: context) { [self] done in
            names.name(of: address, on: context.eventLoop).assumeIsolated().whenComplete { [self] result in
                let name = (try? result.get()) ?? nil
                logger.info("client name", metadata: ["name": "\(name ?? "-")"])
                done(session.clientNameFound(name))
            }
        }
    }

    /// Stores the message before the session may answer. Where the spool
    /// syncs to a disk, off the event loop with input paused; in memory
    /// (tmpfs) storing never waits for a disk and is done at once.
    func spool(_ envelope: Envelope, _ message: ByteBuffer, context: ChannelHandlerContext) {
        let services = environment.services
        let spool = services.spool
        let date = services.clock()
        guard spool.syncs else {
            run(spooled(Result { () throws(SpoolError) in try spool.storeMessage(envelope: envelope, message: message, date: date) },
                        envelope, message), context: context)
            return
        }
        wait(context: context) { [self] done in
            services.spoolPool.runIfActive(eventLoop: context.eventLoop) {
                try spool.storeMessage(envelope: envelope, message: message, date: date)
            }.assumeIsolated().whenComplete { [self] result in
                done(spooled(result, envelope, message))
            }
        }
    }

    /// Logs the spool's answer and passes it to the session.
    func spooled<Failure: Error>(_ result: Result<StoredMessage, Failure>, _ envelope: Envelope, _ message: ByteBuffer) -> [SessionAction] {
        switch result {
        case .success(let stored):
            let id = stored.id
            environment.services.spooled(stored)
            logger.info(
                "accepted",
                metadata: [
                    "id": "\(id)", "from": "<\(envelope.mailFrom)>", "recipients": "\(envelope.recipients.count)",
                    "size": "\(message.readableBytes)",
                ])
            return session.spooled(id: id)
        case .failure(let error):
            logger.error("spool failed", metadata: ["error": "\(error)"])
            return session.spooled(id: nil)
        }
    }

    /// Pauses input, starts `operation`, and when it calls back performs the
    /// actions it produced and resumes input.
    func wait(context: ChannelHandlerContext, _ operation: (@escaping ([SessionAction]) -> Void) -> Void) {
        busy = true
        control.paused = true
        context.channel.setOption(ChannelOptions.autoRead, value: false).whenComplete { _ in }
        operation { [self] actions in
            busy = false
            lastActivity = .now()
            control.paused = false
            run(actions, context: context)
            if shutdownRequested && !busy {
                shutdownRequested = false
                run(session.shutdown(), context: context)
            }
            guard !busy, !session.isClosed, context.channel.isActive else { return }
            context.channel.setOption(ChannelOptions.autoRead, value: true).whenComplete { _ in }
            if !decoding { decodeInput(ByteBuffer(), context: context) }
        }
    }
}
