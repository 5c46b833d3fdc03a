import Crypto
import _CryptoExtras

/// Password hashes in passlib's `pbkdf2_sha256` format,
/// `$pbkdf2-sha256$ROUNDS$SALT$CHECKSUM` (adapted base64: `.` for `+`, no
/// padding; a 32-byte PBKDF2-HMAC-SHA256 checksum), so that standard tools can
/// make hashes the listener verifies. Verification compares in constant time.
public enum PasswordHashing {
    public static let scheme = "pbkdf2-sha256"
    /// Rounds for new hashes (passlib's default for `pbkdf2_sha256`).
    public static let defaultRounds = 29_000
    static let checksumLength = 32

    /// A parsed hash: what `verify` needs.
    public struct Parsed: Sendable, Hashable {
        public var rounds: Int
        public var salt: [UInt8]
        public var checksum: [UInt8]
    }

    /// Hashes `password` with a fresh random 16-byte salt.
    public static func hash(password: String, rounds: Int = defaultRounds) -> String {
        var generator = SystemRandomNumberGenerator()
        let salt = (0..<16).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return hash(password: password, rounds: rounds, salt: salt)
    }

    /// Hashes `password` with the given salt; deterministic, for tests and tools.
    public static func hash(password: String, rounds: Int, salt: [UInt8]) -> String {
        let checksum = derive(Array(password.utf8), salt: salt, rounds: max(1, rounds))
        return "$\(scheme)$\(max(1, rounds))$\(AdaptedBase64.encode(salt))$\(AdaptedBase64.encode(checksum))"
    }

    /// True when `password` matches `encoded`. A malformed hash never matches.
    public static func verify(password: String, against encoded: String) -> Bool {
        verify(password: Array(password.utf8), against: encoded)
    }

    /// As `verify(password:against:)`, for a password that arrived as bytes.
    public static func verify(password: [UInt8], against encoded: String) -> Bool {
        guard let parsed = parse(encoded) else { return false }
        let candidate = derive(password, salt: parsed.salt, rounds: parsed.rounds)
        return constantTimeEqual(candidate, parsed.checksum)
    }

    /// Splits a hash into its parts, or nil when it is not a `pbkdf2-sha256` hash.
    public static func parse(_ encoded: String) -> Parsed? {
        let fields = encoded.split(separator: "$", omittingEmptySubsequences: false)
        guard fields.count == 5, fields[0].isEmpty, fields[1] == scheme,
            let rounds = Int(fields[2]), rounds > 0, rounds <= 100_000_000,
            let salt = AdaptedBase64.decode(fields[3]),
            let checksum = AdaptedBase64.decode(fields[4]), checksum.count == checksumLength
        else { return nil }
        return Parsed(rounds: rounds, salt: salt, checksum: checksum)
    }

    static func derive(_ password: [UInt8], salt: [UInt8], rounds: Int) -> [UInt8] {
        // Low round counts are allowed on purpose: the rounds come from the
        // hash, and test fixtures use few of them to stay fast.
        guard
            let key = try? KDF.Insecure.PBKDF2.deriveKey(
                from: password, salt: salt, using: .sha256, outputByteCount: checksumLength, unsafeUncheckedRounds: rounds)
        else { return [] }
        return key.withUnsafeBytes { Array($0) }
    }

    static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices { difference |= lhs[index] ^ rhs[index] }
        return difference == 0
    }
}

/// passlib's "adapted base64": the standard alphabet with `.` instead of `+`,
/// and no padding.
public enum AdaptedBase64 {
    static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789./".utf8)

    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count * 4 + 2) / 3)
        var index = 0
        while index < bytes.count {
            let chunk = Array(bytes[index..<min(index + 3, bytes.count)])
            let value = chunk.enumerated().reduce(UInt32(0)) { $0 | UInt32($1.element) << (16 - 8 * UInt32($1.offset)) }
            for position in 0...chunk.count {
                out.append(alphabet[Int((value >> (18 - 6 * UInt32(position))) & 0x3F)])
            }
            index += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Decodes the adapted alphabet; standard `+` and `=` padding are tolerated.
    public static func decode<Text: StringProtocol>(_ text: Text) -> [UInt8]? {
        var bits: UInt32 = 0
        var bitCount = 0
        var out: [UInt8] = []
        for byte in text.utf8 where byte != UInt8(ascii: "=") {
            let symbol = byte == UInt8(ascii: "+") ? UInt8(ascii: ".") : byte
            guard let value = alphabet.firstIndex(of: symbol) else { return nil }
            bits = (bits << 6) | UInt32(value)
            bitCount += 6
            if bitCount >= 8 {
                bitCount -= 8
                out.append(UInt8((bits >> UInt32(bitCount)) & 0xFF))
            }
        }
        return bitCount >= 6 ? nil : out
    }
}
