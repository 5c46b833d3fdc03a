/// What the composer needs to know about a mapping key: its fingerprint (a
/// 64-bit FNV-1a hash of its UTF-8 text, compared before the text itself) and
/// whether it is the merge key `<<` (plain and untagged).
struct KeyFacts {
    var fingerprint: UInt64
    var isMerge: Bool

    init(fingerprint: UInt64, isMerge: Bool) {
        self.fingerprint = fingerprint
        self.isMerge = isMerge
    }

    /// The facts of a scalar key from its text as libyaml gives it.
    init(_ text: UnsafeBufferPointer<UInt8>, isPlain: Bool) {
        fingerprint = Self.fingerprint(text)
        isMerge = isPlain && text.count == 2 && text[0] == UInt8(ascii: "<") && text[1] == UInt8(ascii: "<")
    }

    static func fingerprint<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        return hash
    }
}
