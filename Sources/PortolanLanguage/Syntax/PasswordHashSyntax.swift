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
        guard text.hasPrefix("$") else { return .failure(.plaintext) }
        let parts = text.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count >= 3 else { return .failure(.plaintext) }
        guard parts[1] == identifier else { return .failure(.otherScheme(schemeName(String(parts[1])))) }
        guard parts.count == 5 else {
            return .failure(.malformed("it has \(parts.count - 2) fields after the scheme; pbkdf2_sha256 has 3: rounds, salt, checksum"))
        }
        let roundsText = parts[2]
        guard let rounds = Int(roundsText), roundsText.allSatisfy(\.isASCIIDigit), !roundsText.hasPrefix("0"),
              (1...maxRounds).contains(rounds) else {
            return .failure(.malformed("the rounds are not a whole number from 1 to \(maxRounds) without leading zeros"))
        }
        guard !parts[3].isEmpty, let salt = AdaptedBase64.decode(parts[3]) else {
            return .failure(.malformed("the salt is not adapted base64 (letters, digits, '.' and '/', no padding)"))
        }
        guard let checksum = AdaptedBase64.decode(parts[4]), checksum.count == checksumLength else {
            return .failure(.malformed("the checksum is not \(checksumLength) bytes of adapted base64 (43 characters)"))
        }
        return .success(PasswordHash(rounds: rounds, salt: salt, checksum: checksum, encoded: text))
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
