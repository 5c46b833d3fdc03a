import Foundation

/// The clients the tests drive, each returning what it printed.
enum Clients {
    /// A byte-exact conversation (see Clients/converse.py); one line per reply.
    static func converse(port: Int, implicitTLS: Bool = false, sni: String? = nil, _ steps: [[String: Any]]) throws -> [String] {
        var arguments = [Tool.clientsFolder.appendingPathComponent("converse.py").path, "\(port)"]
        if implicitTLS { arguments.append("--implicit-tls") }
        if let sni { arguments += ["--sni", sni] }
        let input = try JSONSerialization.data(withJSONObject: steps)
        let result = try Tool.run("python3", arguments, input: input)
        guard result.status == 0 else { throw ToolError("converse.py failed: \(result.error)") }
        return result.output.split(separator: "\n").map(String.init)
    }

    /// Python's smtplib: "OK" or "ERROR code text".
    static func smtplib(port: Int, mode: String, from: String, to: String, login: (String, String)? = nil, message: String) throws -> String {
        var arguments = [Tool.clientsFolder.appendingPathComponent("smtplib_send.py").path, "\(port)", mode, from, to]
        if let login { arguments += [login.0, login.1] }
        let result = try Tool.run("python3", arguments, input: Data(message.utf8))
        guard result.status == 0 else { throw ToolError("smtplib_send.py failed: \(result.error)") }
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func send(_ text: String) -> [String: Any] { ["send": text] }
    static func read(_ count: Int = 1) -> [String: Any] { ["read": count] }
    static func startTLS(sni: String? = nil) -> [String: Any] { sni.map { ["starttls": true, "sni": $0] } ?? ["starttls": true] }
    static var closed: [String: Any] { ["close": true] }
}
