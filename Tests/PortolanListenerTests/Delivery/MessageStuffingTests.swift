import NIOCore
import PortolanListener
import Testing

/// Dot-stuffing, which copies runs between the places it inserts into,
/// against the rule written out byte by byte.
struct MessageStuffingTests {
    /// RFC 5321 4.5.2, one byte at a time: a dot at a line's start doubled,
    /// a bare LF made CRLF, the last line ended, then `.CRLF`.
    static func reference(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var atLineStart = true
        var previous: UInt8?
        for byte in bytes {
            if atLineStart && byte == UInt8(ascii: ".") { out.append(UInt8(ascii: ".")) }
            if byte == UInt8(ascii: "\n") && previous != UInt8(ascii: "\r") { out.append(UInt8(ascii: "\r")) }
            out.append(byte)
            atLineStart = byte == UInt8(ascii: "\n")
            previous = byte
        }
        if !atLineStart {
            if previous != UInt8(ascii: "\r") { out.append(UInt8(ascii: "\r")) }
            out.append(UInt8(ascii: "\n"))
        }
        return out + Array(".\r\n".utf8)
    }

    static func stuffed(_ bytes: [UInt8]) -> [UInt8] {
        Array(MessageStuffing.stuffed(ByteBuffer(bytes: bytes)).readableBytesView)
    }

    @Test func knownShapes() {
        let cases: [(String, String)] = [
            ("", ".\r\n"),
            (".", "..\r\n.\r\n"),
            ("\n", "\r\n.\r\n"),
            ("\r", "\r\n.\r\n"),
            ("a\r\n.b\r\n", "a\r\n..b\r\n.\r\n"),
            ("a\n\n.\n", "a\r\n\r\n..\r\n.\r\n"),
            ("x.y\r\nlast", "x.y\r\nlast\r\n.\r\n"),
        ]
        for (input, expected) in cases {
            #expect(Self.stuffed(Array(input.utf8)) == Array(expected.utf8), "\(input.debugDescription)")
        }
    }

    @Test func agreesWithTheByteRuleOnRandomMessages() {
        var generator = SystemRandomNumberGenerator()
        let alphabet: [UInt8] = Array("ab.\r\n".utf8)
        for length in Array(0...12) + [100, 1_000, 20_000] {
            for _ in 0..<(length <= 12 ? 400 : 20) {
                let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator)! }
                #expect(Self.stuffed(bytes) == Self.reference(bytes), "\(bytes)")
            }
        }
    }

    @Test func aLargeMessageWithCRLFLinesIsCopiedUnchangedAndClosed() {
        let line = Array(String(repeating: "x", count: 76).utf8) + [13, 10]
        let message = Array((0..<1_500).map { _ in line }.joined())
        #expect(Self.stuffed(message) == message + Array(".\r\n".utf8))
    }
}
