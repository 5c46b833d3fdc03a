import NIOCore
import NIOTestUtils
import PortolanListener
import Testing

@Suite struct SMTPFrameDecoderTests {
    static func line(_ text: String) -> SMTPFrame { .line(ByteBuffer(string: text)) }
    static func data(_ text: String) -> SMTPFrame { .data(ByteBuffer(string: text)) }

    /// Checks every split of `input`. In data mode the input is preceded by a
    /// DATA line, as the verifier reuses one decoder for all splits.
    func verify(_ input: String, _ expected: [SMTPFrame], mode: FramingMode = .command, cap: Int = 512) throws {
        let data = mode == .data
        try ByteToMessageDecoderVerifier.verifyDecoder(
            inputOutputPairs: [(ByteBuffer(string: (data ? "DATA\r\n" : "") + input), (data ? [Self.line("DATA")] : []) + expected)],
            decoderFactory: { EntersDataAfterDATA(SMTPFrameDecoder(control: FramingControl(), maxCommandLine: cap, dataChunk: 16)) })
    }

    @Test func cutsCommandLinesOnCRLF() throws {
        try verify("EHLO a.example\r\nMAIL FROM:<a@b.example>\r\n\r\n", [Self.line("EHLO a.example"), Self.line("MAIL FROM:<a@b.example>"), Self.line("")])
    }

    @Test func refusesBareLineEndingsInCommands() throws {
        try verify("NOOP\nQUIT\r\n", [.badLine(.bareLineEnding), Self.line("QUIT")])
        try verify("NO\rOP\r\nQUIT\r\n", [.badLine(.bareLineEnding), Self.line("QUIT")])
        try verify("NOOP\r\r\nRSET\r\n", [.badLine(.bareLineEnding), Self.line("RSET")])
    }

    @Test func skipsAnOverLongLineToItsEnd() throws {
        try verify(String(repeating: "X", count: 40) + "\r\nNOOP\r\n", [.badLine(.tooLong), Self.line("NOOP")], cap: 16)
        // Exactly at the cap (CRLF included) is allowed; one more is not.
        try verify(String(repeating: "Y", count: 14) + "\r\n", [Self.line(String(repeating: "Y", count: 14))], cap: 16)
        try verify(String(repeating: "Y", count: 15) + "\r\nA\r\n", [.badLine(.tooLong), Self.line("A")], cap: 16)
    }

    @Test func framesMessageContentAndUnstuffsDots() throws {
        try verify(
            "Subject: x\r\n\r\n..dot\r\n.\r\nQUIT\r\n",
            [Self.data("Subject: x\r\n"), Self.data("\r\n"), Self.data(".dot\r\n"), .endOfData(bareLineEnding: false), Self.line("QUIT")],
            mode: .data)
    }

    @Test func endsDataOnlyAtCRLFDotCRLF() throws {
        // <LF>.<LF> and <LF>.<CR><LF> are content, and taint the message.
        try verify(
            "a\n.\nb\n.\r\nc\r\n.\r\n",
            [Self.data("a\n"), Self.data("\n"), Self.data("b\n"), Self.data("\r\n"), Self.data("c\r\n"), .endOfData(bareLineEnding: true)],
            mode: .data)
        try verify("a\rb\r\n.\r\n", [Self.data("a\rb\r\n"), .endOfData(bareLineEnding: true)], mode: .data)
    }

    @Test func cutsLongContentLinesIntoPiecesWithoutSplittingCRLF() throws {
        let long = String(repeating: "z", count: 20)
        try verify(
            ".\(long)\r\n.\r\n",
            [Self.data(String(repeating: "z", count: 16)), Self.data("zzzz\r\n"), .endOfData(bareLineEnding: false)], mode: .data)
        let withCR = String(repeating: "w", count: 15) + "\r\n.\r\n"
        try verify(withCR, [Self.data(String(repeating: "w", count: 15)), Self.data("\r\n"), .endOfData(bareLineEnding: false)], mode: .data)
    }

    @Test func neverBuffersMoreThanTheCap() throws {
        let control = FramingControl()
        let processor = NIOSingleStepByteToMessageProcessor(SMTPFrameDecoder(control: control, maxCommandLine: 512))
        var frames: [SMTPFrame] = []
        for _ in 0..<1_000 {
            try processor.process(buffer: ByteBuffer(repeating: UInt8(ascii: "A"), count: 1_000)) { frames.append($0) }
            #expect(processor.unprocessedBytes < 512)
        }
        try processor.process(buffer: ByteBuffer(string: "\r\nNOOP\r\n")) { frames.append($0) }
        #expect(frames == [.badLine(.tooLong), Self.line("NOOP")])
    }

    @Test func deliversNothingWhilePausedOrDiscarding() throws {
        let control = FramingControl()
        let processor = NIOSingleStepByteToMessageProcessor(SMTPFrameDecoder(control: control))
        var frames: [SMTPFrame] = []
        control.paused = true
        try processor.process(buffer: ByteBuffer(string: "NOOP\r\n")) { frames.append($0) }
        #expect(frames.isEmpty)
        control.paused = false
        try processor.process(buffer: ByteBuffer()) { frame in
            frames.append(frame)
            control.mode = .discard  // as after STARTTLS
        }
        try processor.process(buffer: ByteBuffer(string: "MAIL FROM:<evil@example.org>\r\n")) { frames.append($0) }
        #expect(frames == [Self.line("NOOP")])
        #expect(processor.unprocessedBytes == 0)
    }

    @Test func switchesModesBetweenFrames() throws {
        let control = FramingControl()
        let processor = NIOSingleStepByteToMessageProcessor(SMTPFrameDecoder(control: control))
        var frames: [SMTPFrame] = []
        try processor.process(buffer: ByteBuffer(string: "DATA\r\nhello\r\n.\r\nQUIT\r\n")) { frame in
            frames.append(frame)
            if frame == Self.line("DATA") { control.mode = .data }
        }
        #expect(frames == [Self.line("DATA"), Self.data("hello\r\n"), .endOfData(bareLineEnding: false), Self.line("QUIT")])
        #expect(control.mode == .command)
    }
}

/// Plays the session's part for the verifier: after a `DATA` line, frame content.
struct EntersDataAfterDATA: NIOSingleStepByteToMessageDecoder {
    typealias InboundOut = SMTPFrame
    var inner: SMTPFrameDecoder
    init(_ inner: SMTPFrameDecoder) { self.inner = inner }

    mutating func decode(buffer: inout ByteBuffer) throws -> SMTPFrame? {
        let frame = try inner.decode(buffer: &buffer)
        if frame == SMTPFrameDecoderTests.line("DATA") { inner.control.mode = .data }
        return frame
    }

    mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> SMTPFrame? {
        try inner.decodeLast(buffer: &buffer, seenEOF: seenEOF)
    }
}
