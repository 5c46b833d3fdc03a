import PortolanBundle
import Testing

@Suite struct PasswordHashingTests {
    // Made with Python's hashlib.pbkdf2_hmac and passlib's adapted base64.
    static let reference = "$pbkdf2-sha256$1000$MDEyMzQ1Njc4OWFiY2RlZg$cBg8D2DungRB9k76szThf5ehfyBz991ay6PT8Srwk4M"
    static let nonASCII = "$pbkdf2-sha256$3$MDEyMzQ1Njc4OWFiY2RlZg$kdcVbvosW/E7/FZs3x6SMxG47smbqQFYsElWEaizTus"

    @Test func verifiesAReferenceHash() {
        #expect(PasswordHashing.verify(password: "correct horse", against: Self.reference))
        #expect(!PasswordHashing.verify(password: "correct horsE", against: Self.reference))
        #expect(PasswordHashing.verify(password: "p\u{E4}ss", against: Self.nonASCII))
    }

    @Test func hashesLikePasslib() {
        let salt = Array("0123456789abcdef".utf8)
        #expect(PasswordHashing.hash(password: "correct horse", rounds: 1000, salt: salt) == Self.reference)
    }

    @Test func freshHashesVerifyAndDiffer() {
        let first = PasswordHashing.hash(password: "secret", rounds: 2)
        let second = PasswordHashing.hash(password: "secret", rounds: 2)
        #expect(first != second)
        #expect(PasswordHashing.verify(password: "secret", against: first))
        #expect(!PasswordHashing.verify(password: "", against: first))
    }

    @Test(arguments: [
        "", "plain", "$pbkdf2-sha256$0$MDEy$cBg8D2DungRB9k76szThf5ehfyBz991ay6PT8Srwk4M",
        "$pbkdf2-sha512$1000$MDEyMzQ1Njc4OWFiY2RlZg$cBg8D2DungRB9k76szThf5ehfyBz991ay6PT8Srwk4M",
        "$pbkdf2-sha256$1000$MDEyMzQ1Njc4OWFiY2RlZg$cBg8D2DungRB9k76szThf5ehfyBz991ay6PT8Srwk4",
        "$pbkdf2-sha256$1000$MDEy!$cBg8D2DungRB9k76szThf5ehfyBz991ay6PT8Srwk4M",
        "$pbkdf2-sha256$x$MDEy$cBg8D2DungRB9k76szThf5ehfyBz991ay6PT8Srwk4M$",
    ])
    func malformedHashesNeverMatch(hash: String) {
        #expect(!PasswordHashing.verify(password: "correct horse", against: hash))
    }

    @Test func adaptedBase64RoundTrips() {
        for length in 0..<40 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 97 &+ 251) }
            let text = AdaptedBase64.encode(bytes)
            #expect(!text.contains("+") && !text.contains("="))
            #expect(AdaptedBase64.decode(text) == bytes)
        }
        #expect(AdaptedBase64.decode("A") == nil)
    }
}
