import NIOCore
import NIOTestUtils
import PortolanListener
import Testing

@Suite struct SMTPFrameDecoderTests {
    static func line(_ text: String) -> SMTPFrame { .line(ByteBuffer(string: text)) }
    static func data(_ text: String) -> SMTPFrame { .data(ByteBuffer(string: text)) }

    /// Checks every split of `input` in command mode.
    func verify(_ input: String, _ expected: [SMTPFrame], cap: Int = 512) throws {
        try ByteToMessageDecoderVerifier.verifyDecoder(
            inputOutputPairs: [(ByteBuffer(string: input), expected)],
            decoderFactory: { SMTPFrameDecoder(control: FramingControl(), maxCommandLine: cap, dataChunk: 16) })
    }

    /// Checks message content fed whole, byte by byte and cut in two at every
    /// place. How content is cut into `.data` frames depends on the reads;
    /// what they hold together, and every other frame, does not. No frame is
    /// longer than the chunk (16 here) or ends between a CR and its LF.
    func verifyData(_ input: String, _ expected: [SMTPFrame]) throws {
        let bytes = Array(input.utf8)
        var splits = [[bytes.count], Array(repeating: 1, count: bytes.count)]
        for cut in 1..<bytes.count { splits.append([cut, bytes.count - cut]) }
        for split in splits {
            let processor = NIOSingleStepByteToMessageProcessor(SMTPFrameDecoder(control: FramingControl(mode: .data), dataChunk: 16))
            var frames: [SMTPFrame] = []
            var offset = 0
            for size in split {
                try processor.process(buffer: ByteBuffer(bytes: bytes[offset..<(offset + size)])) { frames.append($0) }
                offset += size
            }
            #expect(Self.joined(frames) == Self.joined(expected), "reads of \(split)")
            for case .data(let piece) in frames {
                #expect(piece.readableBytes <= 16 && piece.readableBytesView.last != UInt8(ascii: "\r"), "reads of \(split)")
            }
        }
    }

    /// Adjacent `.data` frames as one.
    static func joined(_ frames: [SMTPFrame]) -> [SMTPFrame] {
        var result: [SMTPFrame] = []
        for frame in frames {
            if case .data(var more) = frame, case .data(var content)? = result.last {
                content.writeBuffer(&more)
                result[result.count - 1] = .data(content)
            } else {
                result.append(frame)
            }
        }
        return result
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
        try verifyData(
            "Subject: x\r\n\r\n..dot\r\n.\r\nQUIT\r\n",
            [Self.data("Subject: x\r\n\r\n.dot\r\n"), .endOfData(bareLineEnding: false), Self.line("QUIT")])
    }

    @Test func endsDataOnlyAtCRLFDotCRLF() throws {
        // <LF>.<LF> and <LF>.<CR><LF> are content, and taint the message.
        try verifyData("a\n.\nb\n.\r\nc\r\n.\r\n", [Self.data("a\n\nb\n\r\nc\r\n"), .endOfData(bareLineEnding: true)])
        try verifyData("a\rb\r\n.\r\n", [Self.data("a\rb\r\n"), .endOfData(bareLineEnding: true)])
        try verifyData("a\r\nb\r\r\n.\r\n", [Self.data("a\r\nb\r\r\n"), .endOfData(bareLineEnding: true)])
    }

    @Test func cutsLongContentLinesIntoPiecesWithoutSplittingCRLF() throws {
        let long = String(repeating: "z", count: 20)
        try verifyData(".\(long)\r\n.\r\n", [Self.data("\(long)\r\n"), .endOfData(bareLineEnding: false)])
        try verifyData(String(repeating: "w", count: 15) + "\r\n.\r\n", [Self.data(String(repeating: "w", count: 15) + "\r\n"), .endOfData(bareLineEnding: false)])
        try verifyData("ab\r\n" + String(repeating: "y", count: 30) + "\r\n.\r\n",
                       [Self.data("ab\r\n" + String(repeating: "y", count: 30) + "\r\n"), .endOfData(bareLineEnding: false)])
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
