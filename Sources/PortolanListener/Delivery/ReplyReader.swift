/// Assembles a peer's reply from its lines (RFC 5321 4.2): `250-first`, ...,
/// `250 last`, or a lone `250`. Every line of a reply must carry the same
/// code; a line that is not `DDD`, `DDD-text` or `DDD text` is malformed.
///
/// Invariant: it holds at most `maxLines` lines, so a peer cannot grow a
/// reply without bound.
struct ReplyReader: Sendable {
    enum Step: Equatable {
        case incomplete
        case reply(Reply)
        case malformed(String)
    }

    let maxLines: Int
    private var code: Int?
    private var lines: [String] = []

    init(maxLines: Int = 200) {
        self.maxLines = maxLines
    }

    mutating func read(_ line: [UInt8]) -> Step {
        let text = String(decoding: line, as: UTF8.self)
        guard line.count >= 3, line.prefix(3).allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
            let lineCode = Int(String(text.prefix(3))), (200..<600).contains(lineCode)
        else { return malformed("not an SMTP reply: \(text.prefix(80))") }
        let separator = line.count > 3 ? line[3] : UInt8(ascii: " ")
        guard separator == UInt8(ascii: " ") || separator == UInt8(ascii: "-") else {
            return malformed("not an SMTP reply: \(text.prefix(80))")
        }
        if let code, code != lineCode { return malformed("reply codes \(code) and \(lineCode) in one reply") }
        code = lineCode
        lines.append(line.count > 4 ? String(text.dropFirst(4)) : "")
        if separator == UInt8(ascii: "-") {
            return lines.count >= maxLines ? malformed("a reply of more than \(maxLines) lines") : .incomplete
        }
        let reply = Reply(code: lineCode, lines: lines)
        self.code = nil
        lines = []
        return .reply(reply)
    }

    private mutating func malformed(_ reason: String) -> Step {
        code = nil
        lines = []
        return .malformed(reason)
    }
}
