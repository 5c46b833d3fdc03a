/// The lower-cased keys that names and host names are compared by. Nearly every
/// name of an estate is ASCII and most are written in lower case already: such
/// a name is its own key, and other ASCII names are folded byte by byte. Any
/// other text takes `lowercased()`, whose result the fast path always equals.
package enum CaseFolding {
    /// `text.lowercased()`.
    package static func lowercased(_ text: String) -> String {
        asciiLowercased(text, droppingTrailingDot: false) ?? text.lowercased()
    }

    /// `text.lowercased()` for ASCII text, without its last byte when that is a
    /// dot after something else; nil for any other text.
    package static func asciiLowercased(_ text: String, droppingTrailingDot: Bool) -> String? {
        text.utf8.withContiguousStorageIfAvailable { bytes -> String? in
            var hasCapital = false
            for byte in bytes {
                if byte >= 0x80 { return nil }
                if byte &- UInt8(ascii: "A") < 26 { hasCapital = true }
            }
            let dropsDot = droppingTrailingDot && bytes.count > 1 && bytes.last == UInt8(ascii: ".")
            guard hasCapital || dropsDot else { return text }
            let count = dropsDot ? bytes.count - 1 : bytes.count
            return String(unsafeUninitializedCapacity: count) { folded in
                for index in 0..<count {
                    let byte = bytes[index]
                    folded[index] = byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
                }
                return count
            }
        } ?? nil
    }
}
