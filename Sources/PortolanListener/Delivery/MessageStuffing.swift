import NIOCore

/// The bytes that follow `DATA` (RFC 5321 4.5.2): every line ends with CRLF
/// (a bare LF becomes CRLF), a line that starts with `.` gets a second `.`,
/// the last line is ended if it was not, and `.CRLF` closes the message.
///
/// Invariant: the peer's decoder, undoing the dot-stuffing, gets back the
/// message with its line ends made CRLF; nothing in it can end the data early.
enum MessageStuffing {
    static func stuffed(_ message: ByteBuffer) -> ByteBuffer {
        let bytes = message.readableBytesView
        var out = ByteBuffer()
        out.reserveCapacity(bytes.count + bytes.count / 64 + 5)
        var atLineStart = true
        var previous: UInt8?
        for byte in bytes {
            if atLineStart && byte == .dot { out.writeInteger(UInt8.dot) }
            if byte == .lf && previous != .cr { out.writeInteger(UInt8.cr) }
            out.writeInteger(byte)
            atLineStart = byte == .lf
            previous = byte
        }
        if !atLineStart {
            if previous != .cr { out.writeInteger(UInt8.cr) }
            out.writeInteger(UInt8.lf)
        }
        out.writeString(".\r\n")
        return out
    }
}
