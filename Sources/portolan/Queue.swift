import ArgumentParser
import Foundation
import PortolanJSON
import PortolanBundle
import PortolanListener

/// `portolan queue`: what waits in a host's spool, and the operator's levers.
struct Queue: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the messages queued in a spool; retry them now, or delete one.",
        discussion: """
            Lists every queued message with its sender and, per recipient, its state (queued, \
            deferred, delivered, failed), attempts, next try and last reply. --flush asks the \
            `portolan serve` running on the spool to try every message now (within a second); \
            --delete removes one message for good. Exit status: 0, or 1 when the spool cannot \
            be read or the message to delete is not queued.
            """
    )

    @Argument(help: "The spool of the host's `portolan serve`.")
    var spool: String

    @Option(help: "text or json.")
    var format: OutputFormat = .text

    @Flag(help: "Ask the running server to try every queued message now.")
    var flush = false

    @Option(help: ArgumentHelp("Delete the message with this id from the queue.", valueName: "id"))
    var delete: String?

    enum OutputFormat: String, ExpressibleByArgument {
        case text, json
    }

    func run() throws {
        guard FileManager.default.fileExists(atPath: spool + "/new") else {
            throw Failure("portolan queue: \(spool) is not a spool (it has no new/ folder)", status: .problems)
        }
        let queue: Spool
        do {
            queue = try Spool(directory: spool)
        } catch {
            throw Failure("portolan queue: \(error.description)", status: .problems)
        }
        if let delete {
            guard queue.queued(delete) != nil else {
                throw Failure("portolan queue: no message \(delete) in \(spool)", status: .problems)
            }
            do {
                try queue.remove(delete)
            } catch {
                throw Failure("portolan queue: \(error.description)", status: .problems)
            }
            print("deleted \(delete)")
            return
        }
        if flush {
            do {
                try queue.requestFlush()
            } catch {
                throw Failure("portolan queue: \(error.description)", status: .problems)
            }
            print("flush requested: a portolan serve running on \(spool) tries every queued message within a second")
            return
        }
        let messages = queue.queuedIDs().compactMap(queue.queued)
        switch format {
        case .json:
            let listing = messages.map(Listing.init)
            let bytes = listing.isEmpty ? Array("[]\n".utf8) : BundleCodec.encode(listing)
            FileHandle.standardOutput.write(Data(bytes))
        case .text:
            print(Self.text(messages), terminator: "")
        }
    }

    /// One block per message: its id, arrival, size and sender, then a line per recipient.
    static func text(_ messages: [QueuedMessage]) -> String {
        guard !messages.isEmpty else { return "The queue is empty.\n" }
        var text = ""
        for message in messages {
            text += "\(message.id)  \(date(message.arrival))  \(message.size) bytes  from <\(message.envelope.mailFrom)>\n"
            for recipient in message.state.recipients {
                var line = "  \(recipient.address)  \(recipient.status.rawValue)"
                if recipient.attempts > 0 { line += ", \(recipient.attempts) attempt\(recipient.attempts == 1 ? "" : "s")" }
                if recipient.status == .deferred, let next = recipient.nextAttempt { line += ", next try \(date(next))" }
                if let reply = recipient.lastReply { line += "\n    last reply: \(reply)" }
                text += line + "\n"
            }
        }
        let count = messages.count
        return text + "\(count) message\(count == 1 ? "" : "s") queued.\n"
    }

    static func date(_ seconds: Int) -> String {
        ReceivedHeader.rfc5322Date(Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    /// A message as `--format json` lists it.
    struct Listing: Encodable, JSONWritable {
        var id: String
        var sender: String
        var arrival: Int
        var size: Int
        var recipients: [RecipientState]

        init(_ message: QueuedMessage) {
            id = message.id
            sender = message.envelope.mailFrom
            arrival = message.arrival
            size = message.size
            recipients = message.state.recipients
        }

        func write<Sink: JSONSink>(to json: inout Sink) {
            json.beginObject()
            json.member(CodingKeys.arrival, arrival)
            json.member(CodingKeys.id, id)
            json.member(CodingKeys.recipients, recipients)
            json.member(CodingKeys.sender, sender)
            json.member(CodingKeys.size, size)
            json.endObject()
        }
    }
}
