import Foundation
import PortolanBundle

/// Reading the password of `relay_login` from its file on the host: the
/// whole file, without one trailing line end. The password is never in a
/// bundle, and no error or log line ever shows it.
public enum RelayPassword {
    /// The password of `login`; a relative `passwordFile` is taken from
    /// `bundleDirectory`. Throws, naming the file, when it is missing,
    /// unreadable, not UTF-8, or empty.
    public static func read(_ login: RelayLoginSpec, bundleDirectory: String) throws(RelayPasswordError) -> String {
        let path = login.passwordFile.hasPrefix("/")
            ? login.passwordFile : URL(fileURLWithPath: bundleDirectory).appendingPathComponent(login.passwordFile).path
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "it cannot be read" : "it does not exist"
            throw RelayPasswordError("cannot read the password of relay_login \(login.user) from \(path): \(reason)")
        }
        guard var text = String(data: data, encoding: .utf8) else {
            throw RelayPasswordError("the password file \(path) of relay_login \(login.user) is not UTF-8 text")
        }
        // "\r\n" is one Character in Swift.
        if text.last == "\n" || text.last == "\r\n" { text.removeLast() }
        guard !text.isEmpty else { throw RelayPasswordError("the password file \(path) of relay_login \(login.user) is empty") }
        return text
    }
}

/// Why a relay password could not be read; the message names the file.
public struct RelayPasswordError: Error, Equatable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
