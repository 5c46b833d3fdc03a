import ArgumentParser
import Foundation
import NIOCore
import PortolanListener

/// `portolan sendmail`: queues a message on this host the way sendmail(1)
/// does, for cron jobs, applications and tests. A `portolan serve` running
/// on the same spool picks it up within a second.
struct Sendmail: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Queue a message from standard input, as sendmail(1) does.",
        discussion: """
            The message is read from standard input (LF or CRLF line ends) and queued in the \
            spool; a running `portolan serve` on that spool delivers it within a second. A line \
            with a single dot ends the message unless -i (or -oi) is given. From:, Date: and \
            Message-ID: are added when missing. Exit status: 0 when queued, 1 when the message \
            could not be queued, 2 for bad arguments or a message without recipients.
            """
    )

    @Option(help: "The spool of the host's `portolan serve`.")
    var spool: String = "./spool"

    @Option(name: .customShort("f"), help: ArgumentHelp("The envelope sender (default: your login name at the host).", valueName: "sender"))
    var sender: String?

    @Flag(name: .customShort("t"), help: "Take recipients from the To:, Cc: and Bcc: headers too; Bcc: is removed.")
    var extractRecipients = false

    @Flag(name: .customShort("i"), help: "A line with a single dot does not end the message (also -oi).")
    var ignoreDots = false

    @Argument(help: "Recipients, user@domain.")
    var recipients: [String] = []

    func run() throws {
        let queue: Spool
        do {
            queue = try Spool(directory: spool)
        } catch {
            throw Failure("portolan sendmail: \(error.description)", status: ExitStatus.problems)
        }
        let host = queue.recordedHost() ?? ProcessInfo.processInfo.hostName
        let date = Serve.fixedClock() ?? Date()
        let input = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        let login = ProcessInfo.processInfo.environment["USER"] ?? String(cString: getpwuid(getuid())?.pointee.pw_name ?? strdup("root"))
        let from = sender ?? "\(login)@\(host)"
        let submission: Submission
        do {
            submission = try Submission.prepare(
                input: input, arguments: recipients, extractRecipients: extractRecipients, ignoreDots: ignoreDots, sender: from,
                host: host, date: date, messageID: "\(Int(date.timeIntervalSince1970)).\(String(format: "%016llx", UInt64.random(in: .min ... .max)))")
        } catch {
            throw Failure("portolan sendmail: \(error.description)", status: ExitStatus.unreadable)
        }
        let envelope = Envelope(
            mailFrom: from, recipients: submission.recipients, helo: host, clientAddress: "", authenticatedAs: nil, tls: nil,
            serverHost: host, site: nil)
        do {
            _ = try queue.store(envelope: envelope, message: ByteBuffer(bytes: submission.message), date: date)
        } catch {
            throw Failure("portolan sendmail: \(error.description)", status: ExitStatus.problems)
        }
    }
}

/// A message for standard error and the exit status that goes with it.
struct Failure: Error, CustomStringConvertible {
    var description: String
    var status: ExitStatus

    init(_ description: String, status: ExitStatus) {
        self.description = description
        self.status = status
    }
}
