/// passlib's `pbkdf2_sha256` format, `$pbkdf2-sha256$ROUNDS$SALT$CHECKSUM`:
/// ROUNDS a decimal integer 1 to 2^32-1 without leading zeros, SALT and
/// CHECKSUM in adapted base64, the checksum 32 bytes (43 characters), the
/// salt at least one byte.
enum PasswordHashSyntax {
    static let identifier = "pbkdf2-sha256"
    static let checksumLength = 32
    static let maxRounds = 4_294_967_295

    /// The pattern the JSON Schema states for hashes.
    static let pattern = "^\\$pbkdf2-sha256\\$[1-9][0-9]*\\$\(AdaptedBase64.characterClass)+\\$\(AdaptedBase64.characterClass){43}$"

    enum Problem: Error, Equatable {
        /// Does not look like a modular crypt hash at all: a plaintext password.
        case plaintext
        /// A modular crypt hash of another scheme.
        case otherScheme(String)
        /// The right scheme, but a part is wrong; the text says which.
        case malformed(String)
    }

    static func parse(_ text: String) -> Result<PasswordHash, Problem> {
        var contiguous = text
        return contiguous.withUTF8 { parse($0, text: text) }
    }

    /// `parse` on the UTF-8 bytes of `text`: `$` is one byte, and working on
    /// bytes spares the grapheme breaking of every hash of the estate.
    private static func parse(_ utf8: UnsafeBufferPointer<UInt8>, text: String) -> Result<PasswordHash, Problem> {
        guard utf8.first == UInt8(ascii: "$") else { return .failure(.plaintext) }
        // The fields between the `$`s, as byte ranges.
        var fields: [Slice<UnsafeBufferPointer<UInt8>>] = []
        fields.reserveCapacity(5)
        var start = 1
        var index = start
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "$") {
                fields.append(utf8[start..<index])
                start = index + 1
            }
            index += 1
        }
        fields.append(utf8[start..<utf8.count])
        guard fields.count >= 2 else { return .failure(.plaintext) }
        guard fields[0].elementsEqual(identifier.utf8) else {
            return .failure(.otherScheme(schemeName(String(decoding: fields[0], as: UTF8.self))))
        }
        guard fields.count == 4 else {
            return .failure(.malformed("it has \(fields.count - 1) fields after the scheme; pbkdf2_sha256 has 3: rounds, salt, checksum"))
        }
        guard let rounds = decimal(fields[1]) else {
            return .failure(.malformed("the rounds are not a whole number from 1 to \(maxRounds) without leading zeros"))
        }
        guard !fields[2].isEmpty, let salt = AdaptedBase64.decode(bytes: fields[2]) else {
            return .failure(.malformed("the salt is not adapted base64 (letters, digits, '.' and '/', no padding)"))
        }
        guard let checksum = AdaptedBase64.decode(bytes: fields[3]), checksum.count == checksumLength else {
            return .failure(.malformed("the checksum is not \(checksumLength) bytes of adapted base64 (43 characters)"))
        }
        return .success(PasswordHash(rounds: rounds, salt: salt, checksum: checksum, encoded: text))
    }

    /// ASCII digits without a leading zero, 1 to `maxRounds`, or nil.
    private static func decimal(_ digits: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
        guard let first = digits.first, first != UInt8(ascii: "0"), digits.count <= 10 else { return nil }
        var value = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value <= maxRounds ? value : nil
    }

    /// A readable name for a modular crypt identifier.
    private static func schemeName(_ identifier: String) -> String {
        switch identifier {
        case "2a", "2b", "2y": return "bcrypt"
        case "1": return "md5-crypt"
        case "5": return "sha256-crypt"
        case "6": return "sha512-crypt"
        case "argon2i", "argon2d", "argon2id": return "argon2"
        case "pbkdf2", "pbkdf2-sha1": return "pbkdf2_sha1"
        case "pbkdf2-sha512": return "pbkdf2_sha512"
        default: return identifier.isEmpty ? "an unnamed scheme" : identifier
        }
    }

    /// How to make a hash, for help texts.
    static let howToMakeOne = """
        make a hash with 'portolan passwd', or with \
        python3 -c 'from passlib.hash import pbkdf2_sha256; print(pbkdf2_sha256.hash("secret"))'
        """
}
