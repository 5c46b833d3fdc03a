/// Finds the first byte that is not part of well-formed UTF-8, or nil when all
/// of `bytes` is UTF-8. Overlong forms, surrogates and values past U+10FFFF
/// are refused, as RFC 3629 requires.
func firstInvalidUTF8Offset(_ bytes: [UInt8]) -> Int? {
    bytes.withUnsafeBufferPointer { buffer -> Int? in
        let count = buffer.count
        var index = 0
        while index < count {
            if index + 8 <= count, PositionMapper.isASCIIWord(buffer, at: index) {
                index += 8
                continue
            }
            let lead = buffer[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return index
            }
            guard index + length <= count else { return index }
            let second = buffer[index + 1]
            guard second >= low && second <= high else { return index }
            var next = index + 2
            while next < index + length {
                guard buffer[next] & 0xC0 == 0x80 else { return index }
                next += 1
            }
            index += length
        }
        return nil
    }
}
