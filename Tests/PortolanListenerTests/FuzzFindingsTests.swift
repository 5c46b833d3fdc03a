import NIOCore
import PortolanBundle
import Testing

@testable import PortolanListener

/// Inputs that fuzzing (Fuzz/run.sh smtp) found to break a property of the
/// session, kept so that none ever does again. The raw inputs are in
/// Fuzz/seeds/smtp/finding-*.
@Suite struct FuzzFindingsTests {
    /// finding-1: MAIL with two bad parameters was answered 501 or 555
    /// depending on the order a dictionary gave them, which differs from one
    /// dictionary to the next. The answer must be the same every time.
    @Test func theReplyToSeveralBadMailParametersIsAlwaysTheSame() {
        var replies = Set<Int>()
        for _ in 0..<200 {
            var session = SMTPSession(policy: SessionFixtures.policy(), clientAddress: "192.0.2.1")
            _ = session.start()
            _ = session.say("EHLO client.example")
            if let reply = session.say("MAIL FROM:<a@elsewhere.example> SIZE=100RCPT TO:<TMIME BODY=9BIT") { replies.insert(reply.code) }
        }
        #expect(replies == [555])
    }
}
