import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The bytes that follow `DATA` (RFC 5321 4.5.2): every line ends with CRLF
/// (a bare LF becomes CRLF), a line that starts with `.` gets a second `.`,
/// the last line is ended if it was not, and `.CRLF` closes the message.
///
/// Invariant: the peer's decoder, undoing the dot-stuffing, gets back the
/// message with its line ends made CRLF; nothing in it can end the data early.
///
/// The message is scanned for line feeds with `memchr` and copied in runs
/// between the places where something is inserted: a spooled message
/// already has CRLF line ends, so for most messages that is one copy.
public enum MessageStuffing {
    public static func stuffed(_ message: ByteBuffer) -> ByteBuffer {
        message.withUnsafeReadableBytes { bytes in
            var out = ByteBuffer()
            out.reserveCapacity(bytes.count + 5)
            guard let base = bytes.baseAddress, !bytes.isEmpty else {
                out.writeStaticString(".\r\n")
                return out
            }
            let count = bytes.count
            func copy(_ start: Int, _ end: Int) {
                if end > start { out.writeBytes(UnsafeRawBufferPointer(rebasing: bytes[start..<end])) }
            }
            var run = 0  // start of the bytes not yet copied
            var index = 0  // start of the current line
            var ended = true  // the input so far ends with a line feed
            while index < count {
                if bytes[index] == .dot {
                    copy(run, index)
                    out.writeInteger(UInt8.dot)
                    run = index
                }
                guard let found = memchr(base + index, Int32(UInt8.lf), count - index) else {
                    ended = false
                    break
                }
                let lf = base.distance(to: UnsafeRawPointer(found))
                if lf == 0 || bytes[lf - 1] != .cr {
                    copy(run, lf)
                    out.writeInteger(UInt8.cr)
                    run = lf
                }
                index = lf + 1
            }
            copy(run, count)
            if !ended {
                if bytes[count - 1] != .cr { out.writeInteger(UInt8.cr) }
                out.writeInteger(UInt8.lf)
            }
            out.writeStaticString(".\r\n")
            return out
        }
    }
}
