import Crypto
import Foundation
import PortolanJSON

/// The one way bundles and manifests become bytes: JSON with sorted keys,
/// two-space indentation, unescaped slashes and a final newline, so that equal
/// values always give equal bytes.
public enum BundleCodec {
    /// The bytes of `value`: what Foundation's `JSONEncoder` writes with
    /// `[.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]`, and a newline,
    /// written by `JSONWriter` straight from the value's fields (bundles,
    /// manifests, the spool's files).
    public static func encode<Value: JSONWritable>(_ value: Value) -> [UInt8] {
        JSONWriter.document(value, layout: .foundation)
    }

    /// The bytes of `manifest`, sized for its entries: a manifest lists every
    /// bundle of a build.
    public static func encode(_ manifest: Manifest) -> [UInt8] {
        JSONWriter.document(manifest, layout: .foundation, capacity: 512 + 192 * manifest.bundles.count)
    }

    /// The same bytes through Foundation's `JSONEncoder`, for comparison.
    public static func encodeWithFoundation<Value: Encodable>(_ value: Value) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        var bytes = [UInt8](try encoder.encode(value))
        bytes.append(0x0A)
        return bytes
    }

    /// Lowercase hexadecimal SHA-256 of `bytes`.
    public static func sha256<Bytes: DataProtocol>(_ bytes: Bytes) -> String {
        hex(SHA256.hash(data: bytes))
    }

    /// Lowercase hexadecimal SHA-256 of `bytes`, hashed in place.
    public static func sha256(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBytes { sha256($0) }
    }

    /// Lowercase hexadecimal SHA-256 of the bytes in `buffer`.
    public static func sha256(_ buffer: UnsafeRawBufferPointer) -> String {
        var hasher = SHA256()
        hasher.update(bufferPointer: buffer)
        return hex(hasher.finalize())
    }

    private static let digits = Array("0123456789abcdef".utf8)

    private static func hex(_ digest: SHA256.Digest) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(64)
        for byte in digest {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
