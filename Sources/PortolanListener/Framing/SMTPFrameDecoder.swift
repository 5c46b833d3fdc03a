import NIOCore

/// Cuts SMTP input on CRLF only (RFC 5321 2.3.8): NIO's line decoders accept a
/// bare LF and have no cap, which allows smuggling and unbounded buffering.
///
/// Invariants: no more than the mode's cap is ever buffered for one line (an
/// over-long line is consumed as it arrives and reported once at its CRLF);
/// a bare CR or LF is never taken for a line end, and a line or message with
/// one, or with a NUL, is reported as such; message content ends only
/// at `CRLF.CRLF` at the start of a line; output does not depend on how the
/// input was split into reads, except how message content is cut into
/// `.data` frames (their concatenation does not).
public struct SMTPFrameDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = SMTPFrame

    public let control: FramingControl
    let maxCommandLine: Int
    let maxAuthLine: Int
    /// Longest piece of a message line delivered before its CRLF.
    let dataChunk: Int

    /// A refused line being skipped up to its CRLF.
    private var skipping: SMTPFrame.LineProblem?
    /// In data: the next byte starts a line (after a CRLF, or after DATA).
    private var atLineStart = true
    /// In data: the previous line ended with CRLF, so `.CRLF` here ends the data.
    private var afterCRLF = true
    private var sawBareLineEnding = false
    private var sawNUL = false

    public init(control: FramingControl, maxCommandLine: Int = 512, maxAuthLine: Int = 12_288, dataChunk: Int = 8_192) {
        self.control = control
        self.maxCommandLine = max(8, maxCommandLine)
        self.maxAuthLine = max(8, maxAuthLine)
        self.dataChunk = max(8, dataChunk)
    }

    public mutating func decode(buffer: inout ByteBuffer) throws -> SMTPFrame? {
        guard !control.paused else { return nil }
        switch control.mode {
        case .command: return decodeLine(&buffer, cap: maxCommandLine)
        case .authResponse: return decodeLine(&buffer, cap: maxAuthLine)
        case .data: return decodeData(&buffer)
        case .discard:
            buffer.moveReaderIndex(to: buffer.writerIndex)
            return nil
        }
    }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> SMTPFrame? {
        if let frame = try decode(buffer: &buffer) { return frame }
        // An unfinished line at the end of the connection is never a command.
        buffer.moveReaderIndex(to: buffer.writerIndex)
        return nil
    }

    // MARK: Command lines

    /// Every line ends at its first LF; it is a good line only when that LF
    /// follows a CR and no other CR is in it.
    private mutating func decodeLine(_ buffer: inout ByteBuffer, cap: Int) -> SMTPFrame? {
        if let problem = skipping { return skip(&buffer, problem: problem) }
        let view = buffer.readableBytesView
        guard let lf = view.prefix(cap).firstIndex(of: .lf) else {
            return view.count >= cap ? skip(&buffer, problem: .tooLong) : nil
        }
        let content = view[view.startIndex..<lf]
        guard content.last == .cr, !content.dropLast().contains(.cr) else {
            buffer.moveReaderIndex(to: lf + 1)
            return .badLine(.bareLineEnding)
        }
        if content.contains(.nul) {
            buffer.moveReaderIndex(to: lf + 1)
            return .badLine(.nul)
        }
        let line = buffer.readSlice(length: content.count - 1)
        buffer.moveReaderIndex(forwardBy: 2)
        return line.map(SMTPFrame.line)
    }

    /// Consumes a refused line up to and including its LF, buffering nothing.
    private mutating func skip(_ buffer: inout ByteBuffer, problem: SMTPFrame.LineProblem) -> SMTPFrame? {
        guard let lf = buffer.readableBytesView.firstIndex(of: .lf) else {
            skipping = problem
            buffer.moveReaderIndex(to: buffer.writerIndex)
            return nil
        }
        buffer.moveReaderIndex(to: lf + 1)
        skipping = nil
        return .badLine(problem)
    }

    // MARK: Message content

    private mutating func decodeData(_ buffer: inout ByteBuffer) -> SMTPFrame? {
        let first = buffer.getInteger(at: buffer.readerIndex, as: UInt8.self)
        if !(atLineStart && first == .dot), let lines = plainLines(&buffer) { return lines }
        let view = buffer.readableBytesView
        // A leading dot will be dropped: look one byte further so that
        // pieces are the same whatever the reads were.
        let window = dataChunk + (atLineStart && view.first == .dot ? 1 : 0)
        guard let lf = view.prefix(window).firstIndex(of: .lf) else {
            return view.count >= window ? dataPiece(&buffer) : nil
        }
        let length = lf - view.startIndex + 1
        let endsWithCRLF = length >= 2 && view[lf - 1] == .cr
        let body = view[view.startIndex..<(endsWithCRLF ? lf - 1 : lf)]
        if !endsWithCRLF || body.contains(.cr) { sawBareLineEnding = true }
        if body.contains(.nul) { sawNUL = true }
        if atLineStart && afterCRLF && length == 3 && view.first == .dot && endsWithCRLF {
            buffer.moveReaderIndex(forwardBy: 3)
            let (bare, nul) = (sawBareLineEnding, sawNUL)
            resetData()
            control.mode = .command
            return .endOfData(bareLineEnding: bare, nul: nul)
        }
        let unstuff = atLineStart && view.first == .dot
        if unstuff { buffer.moveReaderIndex(forwardBy: 1) }
        let line = buffer.readSlice(length: unstuff ? length - 1 : length)
        atLineStart = true
        afterCRLF = endsWithCRLF
        return line.map(SMTPFrame.data)
    }

    /// The complete lines at the start of the buffer, up to `dataChunk`
    /// octets, that have no dot to remove and cannot end the data (a line
    /// that starts with a dot ends the run): one frame, so that a message
    /// costs a frame per read rather than one per line. Nil when the first
    /// line is not complete within `dataChunk`.
    private mutating func plainLines(_ buffer: inout ByteBuffer) -> SMTPFrame? {
        let limit = dataChunk
        let (length, endsWithCRLF, bare, nul) = buffer.withUnsafeReadableBytes { bytes in
            var length = 0
            var endsWithCRLF = false
            var bare = false
            var nul = false
            var carriageReturns = 0
            var lastCarriageReturn = -1
            var index = 0
            let end = min(bytes.count, limit)
            while index < end {
                let byte = bytes[index]
                if byte == .cr {
                    carriageReturns += 1
                    lastCarriageReturn = index
                } else if byte == .lf {
                    endsWithCRLF = lastCarriageReturn == index - 1 && index > length
                    // Clean: one CR, just before the LF.
                    if !(endsWithCRLF && carriageReturns == 1) { bare = true }
                    length = index + 1
                    carriageReturns = 0
                    if length < bytes.count && bytes[length] == .dot { break }
                } else if byte == .nul {
                    nul = true
                }
                index += 1
            }
            return (length, endsWithCRLF, bare, nul)
        }
        guard length > 0, let lines = buffer.readSlice(length: length) else { return nil }
        if bare { sawBareLineEnding = true }
        if nul { sawNUL = true }
        atLineStart = true
        afterCRLF = endsWithCRLF
        return .data(lines)
    }

    /// A piece of a line longer than `dataChunk`; a trailing CR stays behind so
    /// that a CRLF is never cut in two.
    private mutating func dataPiece(_ buffer: inout ByteBuffer) -> SMTPFrame? {
        if atLineStart && buffer.readableBytesView.first == .dot { buffer.moveReaderIndex(forwardBy: 1) }
        var length = min(dataChunk, buffer.readableBytes)
        let piece = buffer.readableBytesView.prefix(length)
        if piece.last == .cr { length -= 1 }
        if piece.prefix(length).contains(.cr) { sawBareLineEnding = true }
        if piece.prefix(length).contains(.nul) { sawNUL = true }
        atLineStart = false
        return buffer.readSlice(length: length).map(SMTPFrame.data)
    }

    private mutating func resetData() {
        atLineStart = true
        afterCRLF = true
        sawBareLineEnding = false
        sawNUL = false
    }
}
