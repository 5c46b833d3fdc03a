import NIOCore

/// One unit of client input, cut by `SMTPFrameDecoder` on CRLF boundaries.
/// Every frame is complete: a command line is only delivered once its CRLF
/// arrived, and a refused line is reported once, when its CRLF arrived.
public enum SMTPFrame: Equatable, Sendable {
    /// A command line (or an AUTH response line), without its CRLF.
    case line(ByteBuffer)
    /// A line that was refused and skipped up to its CRLF.
    case badLine(LineProblem)
    /// Message content: one line with its CRLF (dot-unstuffed), or a piece of
    /// a very long line.
    case data(ByteBuffer)
    /// The `CRLF.CRLF` that ends the message; `bareLineEnding` and `nul` tell
    /// whether a bare CR or LF, or a NUL, was seen anywhere in it (the
    /// message must then be refused).
    case endOfData(bareLineEnding: Bool, nul: Bool = false)

    public enum LineProblem: Equatable, Sendable {
        /// Longer than the cap of the current mode (CRLF included).
        case tooLong
        /// Contains a CR or LF that is not part of a CRLF.
        case bareLineEnding
        /// Contains a NUL, which a later hop may drop or take for the end of a string.
        case nul
    }
}

/// How the decoder cuts input. The connection handler changes it between
/// frames; the decoder itself goes back to `.command` after the end of data.
public enum FramingMode: Equatable, Sendable {
    /// Command lines up to `maxCommandLine` octets.
    case command
    /// AUTH continuation lines up to `maxAuthLine` octets.
    case authResponse
    /// Message content until `CRLF.CRLF`.
    case data
    /// Everything is dropped: the bytes that follow STARTTLS before TLS starts.
    case discard
}

/// The decoder's mode and a pause switch, shared by reference between the
/// decoder and the connection handler on one event loop. Paused, the decoder
/// delivers nothing and leaves input buffered, so that nothing is framed in
/// the wrong mode while the session waits for a password check or the spool.
public final class FramingControl {
    public var mode: FramingMode
    public var paused = false

    public init(mode: FramingMode = .command) {
        self.mode = mode
    }
}
