import Foundation
import NIOCore
import PortolanBundle
import PortolanListener

/// The SMTP frame decoder and session state machine, driven as the
/// connection handler drives them, on bytes from libFuzzer.
///
/// Input: byte 0 chooses the policy and the caps, byte 1 seeds how the rest
/// is cut into reads, the rest is what the client sends. Password checks
/// succeed for "wonderland", spooling always succeeds, STARTTLS completes
/// once the read that carried it is done (what followed it in that read is
/// discarded, as on a real connection).
///
/// Properties checked besides "no crash, no sanitizer report":
/// - the bytes buffered between reads stay below the cap of the current
///   mode (a line, an AUTH line, a data piece), whatever the input;
/// - a spooled message is within the size limit, has only CRLF line ends
///   and no NUL, and no more are spooled than `354` replies were given;
/// - the replies and spooled messages do not depend on how the input was cut
///   into reads (up to the first STARTTLS).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size >= 2 else { return 0 }
    let bytes = Array(UnsafeBufferPointer(start: data + 2, count: size - 2))
    let setup = Setup(flags: data[0])
    var whole = Conversation(setup: setup)
    whole.run(bytes, reads: [bytes.count])
    var cut = Conversation(setup: setup)
    cut.run(bytes, reads: Setup.reads(of: bytes.count, seed: data[1]))
    Check.require(whole.untilSTARTTLS == cut.untilSTARTTLS,
                  "the outcome depends on how input was cut into reads:\n\(whole.untilSTARTTLS)\n---\n\(cut.untilSTARTTLS)")
    return 0
}

struct Setup {
    var policy: SessionPolicy
    var implicitTLS: Bool
    var maxCommandLine: Int
    var maxAuthLine: Int
    var dataChunk: Int

    static let password = Array("wonderland".utf8)
    static let hash = "$pbkdf2-sha256$1$c2FsdA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"

    init(flags: UInt8) {
        let small = flags & 0x01 != 0
        maxCommandLine = small ? 24 : 512
        maxAuthLine = small ? 40 : 12_288
        dataChunk = small ? 16 : 8_192
        implicitTLS = flags & 0x02 != 0
        let startTLS: SessionPolicy.StartTLS = implicitTLS ? .disabled : [.disabled, .enabled, .required, .enabled][Int(flags >> 2) & 3]
        let limits = Limits(
            maxMessageSize: flags & 0x10 != 0 ? 64 : 4_000, maxCommandLine: maxCommandLine, maxAuthLine: maxAuthLine,
            maxErrors: flags & 0x20 != 0 ? 3 : 20, maxAuthFailures: 3, maxRecipients: 4)
        let alice = UserSpec(name: "alice", hierarchicalName: "alice/Acme", logins: ["alice", "alice/Acme", "alice@acme.example"],
                             passwordHash: Self.hash)
        let open = AuthOptionsSpec(clientCertificate: false, namePassword: true, anonymous: true)
        let admission = HostAdmission(
            internetSites: false, sites: [], auth: PortAuthSpec(tcp: open, ssl: open), authenticatedUsers: true,
            users: [alice], relay: .dominoDefault, localDomains: ["acme.example"],
            mailboxes: [MailboxSpec(address: "alice@acme.example", user: "alice", mailServer: nil)])
        policy = SessionPolicy(
            serverHost: "hub.acme.example",
            terms: SessionTerms(
                site: flags & 0x40 != 0 ? "acme" : nil, enabled: flags & 0xC0 != 0xC0, anonymous: flags & 0x80 == 0,
                namePassword: true),
            startTLS: startTLS, limits: limits, admission: admission, decoyHash: "decoy")
    }

    /// Read sizes that add up to `count`, from a small deterministic generator.
    static func reads(of count: Int, seed: UInt8) -> [Int] {
        var state = UInt32(seed) &* 2_654_435_761 | 1
        var reads: [Int] = []
        var left = count
        while left > 0 {
            state ^= state << 13
            state ^= state >> 17
            state ^= state << 5
            let size = min(left, 1 + Int(state % 37))
            reads.append(size)
            left -= size
        }
        return reads
    }
}

/// One connection: a decoder, a session and what came out.
struct Conversation {
    let setup: Setup
    let control = FramingControl()
    var decoder: SMTPFrameDecoder
    var session: SMTPSession
    var outcome: [String] = []
    var untilSTARTTLS: [String] = []
    var sawSTARTTLS = false
    var tlsPending = false
    var dataReplies = 0
    var spooled = 0

    init(setup: Setup) {
        self.setup = setup
        decoder = SMTPFrameDecoder(
            control: control, maxCommandLine: setup.maxCommandLine, maxAuthLine: setup.maxAuthLine, dataChunk: setup.dataChunk)
        session = SMTPSession(policy: setup.policy, clientAddress: "192.0.2.1", tlsVersion: setup.implicitTLS ? "TLSv1.3" : nil)
    }

    mutating func run(_ bytes: [UInt8], reads: [Int]) {
        perform(session.start())
        var buffer = ByteBuffer()
        var offset = 0
        for size in reads {
            guard !session.isClosed else { break }
            buffer.writeBytes(bytes[offset..<(offset + size)])
            offset += size
            decodeAll(&buffer, last: false)
            if tlsPending {
                tlsPending = false
                perform(session.tlsStarted(version: "TLSv1.3", policy: setup.policy))
                decodeAll(&buffer, last: false)
            }
            if !session.isClosed { requireBounded(buffer) }
            buffer.discardReadBytes()
        }
        if !session.isClosed { decodeAll(&buffer, last: true) }
        Check.require(spooled <= dataReplies, "\(spooled) messages spooled after \(dataReplies) replies 354")
    }

    mutating func decodeAll(_ buffer: inout ByteBuffer, last: Bool) {
        while !session.isClosed {
            let frame = last ? try? decoder.decodeLast(buffer: &buffer, seenEOF: true) : try? decoder.decode(buffer: &buffer)
            guard let frame else { return }
            perform(session.receive(frame))
        }
    }

    /// What the decoder may keep between reads: less than one line (or data piece) of the current mode.
    func requireBounded(_ buffer: ByteBuffer) {
        let cap: Int
        switch control.mode {
        case .command: cap = setup.maxCommandLine
        case .authResponse: cap = setup.maxAuthLine
        case .data: cap = setup.dataChunk + 1
        case .discard: cap = 1
        }
        Check.require(buffer.readableBytes < cap, "\(buffer.readableBytes) bytes buffered in \(control.mode), cap \(cap)")
    }

    mutating func perform(_ actions: [SessionAction]) {
        var queue = actions[...]
        while let action = queue.popFirst() {
            switch action {
            case .reply(let reply):
                record("\(reply.code) \(reply.lines.joined(separator: "|"))")
                if reply.code == 354 { dataReplies += 1 }
            case .framing(let mode):
                control.mode = mode
            case .delay, .log:
                break
            case .lookUpClientName:
                queue = session.clientNameFound(nil)[...] + queue
            case .startTLS:
                record("STARTTLS")
                sawSTARTTLS = true
                tlsPending = true
            case .verifyPassword(let check):
                let matches = check.hash == Setup.hash && check.password == Setup.password
                queue = session.passwordChecked(matches: matches)[...] + queue
            case .spool(let envelope, let message):
                checkSpooled(message)
                spooled += 1
                record("SPOOL \(envelope.mailFrom) \(envelope.recipients) \(Array(message.readableBytesView).hashValue)")
                queue = session.spooled(id: "fuzz")[...] + queue
            case .close:
                record("CLOSE")
            }
        }
    }

    mutating func record(_ line: String) {
        outcome.append(line)
        if !sawSTARTTLS { untilSTARTTLS.append(line) }
    }

    func checkSpooled(_ message: ByteBuffer) {
        let bytes = Array(message.readableBytesView)
        Check.require(bytes.count <= setup.policy.limits.maxMessageSize,
                      "spooled \(bytes.count) bytes over the limit \(setup.policy.limits.maxMessageSize)")
        for (index, byte) in bytes.enumerated() {
            if byte == 0x0A { Check.require(index > 0 && bytes[index - 1] == 0x0D, "bare LF at \(index) of a spooled message") }
            if byte == 0x0D { Check.require(index + 1 < bytes.count && bytes[index + 1] == 0x0A, "bare CR at \(index) of a spooled message") }
            Check.require(byte != 0, "NUL at \(index) of a spooled message")
        }
    }
}

enum Check {
    static func require(_ condition: Bool, _ message: @autoclosure () -> String) {
        guard !condition else { return }
        FileHandle.standardError.write(Data("fuzz property failed: \(message())\n".utf8))
        abort()
    }
}
