/// passlib's "adapted base64": the standard base64 alphabet with `.` in place
/// of `+`, and no `=` padding.
enum AdaptedBase64 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789./".unicodeScalars)

    /// The JSON Schema character class of the alphabet.
    static let characterClass = "[./0-9A-Za-z]"

    /// The value of each ASCII byte in the alphabet, 0xFF for the others.
    private static let values: [UInt8] = {
        var table = [UInt8](repeating: 0xFF, count: 128)
        for (value, scalar) in alphabet.enumerated() { table[Int(scalar.value)] = UInt8(value) }
        return table
    }()

    /// The bytes `text` encodes, or nil when it holds a character outside the
    /// alphabet or has a length no encoding produces (4n+1).
    static func decode(_ text: Substring) -> [UInt8]? { decode(text.utf8) }

    /// The bytes the UTF-8 `text` encodes, as `decode(_:)` above.
    static func decode(_ text: Substring.UTF8View) -> [UInt8]? {
        text.withContiguousStorageIfAvailable { decode(bytes: $0) } ?? decode(bytes: text)
    }

    /// The bytes the UTF-8 `text` encodes, as `decode(_:)` above.
    static func decode<Bytes: Collection<UInt8>>(bytes text: Bytes) -> [UInt8]? {
        // Every character of the alphabet is one UTF-8 byte; any other byte fails below.
        guard text.count % 4 != 1 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.count * 3 / 4)
        var buffer: UInt32 = 0
        var bits = 0
        for byte in text {
            guard byte < 0x80, case let value = values[Int(byte)], value != 0xFF else { return nil }
            buffer = (buffer << 6) | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                bytes.append(UInt8((buffer >> UInt32(bits)) & 0xFF))
            }
        }
        return bytes
    }

    static func encode(_ bytes: [UInt8]) -> String {
        var output = String.UnicodeScalarView()
        var index = 0
        while index < bytes.count {
            let chunk = bytes[index..<min(index + 3, bytes.count)]
            var buffer: UInt32 = 0
            for byte in chunk { buffer = (buffer << 8) | UInt32(byte) }
            buffer <<= UInt32(8 * (3 - chunk.count))
            for position in 0...chunk.count {
                output.append(alphabet[Int((buffer >> UInt32(18 - 6 * position)) & 0x3F)])
            }
            index += 3
        }
        return String(output)
    }
}
