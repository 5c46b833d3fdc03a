/// The mailboxes of an RFC 5322 address list (3.4), as the value of a
/// `To:`, `Cc:` or `Bcc:` header holds it (unfolded): addresses with or
/// without a display name (`Bob <bob@x.example>`, `bob@x.example`),
/// comments, quoted strings, groups (`team: a@x.example, b@x.example;`,
/// `undisclosed-recipients:;`), empty members and an obsolete route in
/// angle brackets, which is dropped as RFC 5321 drops it.
///
/// Invariant: every mailbox returned passes `Address.isValid`, written as
/// in the header (a quoted local part stays quoted); anything else in the
/// list, or a list that does not parse, is a `Problem` that quotes it.
enum AddressList {
    struct Problem: Error, Equatable {
        var text: String
    }

    static func mailboxes(in value: String) throws(Problem) -> [String] {
        let bytes = Array(value.utf8)
        let tokens = try tokens(of: bytes)
        var mailboxes: [String] = []
        var pending: [Token] = []
        var inGroup = false
        /// After `<...>`, only a `,`, the group's `;` or the end may come.
        var closed = false
        var index = 0
        func flush() throws(Problem) {
            if !pending.isEmpty { mailboxes.append(try mailbox(pending, in: bytes)) }
            pending = []
            closed = false
        }
        while index < tokens.count {
            let token = tokens[index]
            index += 1
            switch token.kind {
            case .special(.comma):
                try flush()
            case .special(.semicolon) where inGroup:
                try flush()
                inGroup = false
            case .special(.colon) where !inGroup && !closed && pending.allSatisfy(\.isPhrase):
                // A group's display name.
                pending = []
                inGroup = true
            case .special(.lessThan) where !closed && pending.allSatisfy(\.isPhrase):
                guard let close = tokens[index...].firstIndex(where: { $0.kind == .special(.greaterThan) }) else {
                    throw Problem(text: "an unclosed <")
                }
                var inner = Array(tokens[index..<close])
                if inner.first?.kind == .special(.at), let colon = inner.firstIndex(where: { $0.kind == .special(.colon) }) {
                    inner.removeSubrange(...colon)
                }
                guard !inner.isEmpty else { throw Problem(text: "`<>` is not a mail address (local@domain)") }
                mailboxes.append(try mailbox(inner, in: bytes))
                pending = []
                closed = true
                index = close + 1
            default:
                guard !closed else { throw Problem(text: "`\(text(of: token, in: bytes))` after an address in <>") }
                if case .special(let byte) = token.kind, byte != .at, byte != .dot {
                    let unexpected = "unexpected `\(text(of: token, in: bytes))`"
                    throw Problem(text: pending.isEmpty ? unexpected : "\(unexpected) after `\(text(of: pending, in: bytes))`")
                }
                pending.append(token)
            }
        }
        try flush()
        return mailboxes
    }

    /// `local@domain` from its tokens: words and dots, `@`, words, literals
    /// and dots, no two words side by side, a valid mailbox.
    static func mailbox(_ tokens: [Token], in bytes: [UInt8]) throws(Problem) -> String {
        let written = text(of: tokens, in: bytes)
        let adjacentWords = zip(tokens, tokens.dropFirst()).contains { !$0.isSpecial && !$1.isSpecial }
        let mailbox = tokens.map { String(decoding: bytes[$0.range], as: UTF8.self) }.joined()
        guard !adjacentWords, Address.isValid(mailbox) else {
            throw Problem(text: "`\(written)` is not a mail address (local@domain)")
        }
        return mailbox
    }

    // MARK: Tokens

    struct Token: Equatable {
        enum Kind: Equatable {
            /// An atom: a run of atext (and any byte above ASCII, as RFC 6532 allows in display names).
            case atom
            /// `"..."`, quotes and escapes kept.
            case quoted
            /// `[...]`, the brackets kept.
            case literal
            case special(UInt8)
        }

        var kind: Kind
        var range: Range<Int>

        var isSpecial: Bool { if case .special = kind { true } else { false } }
        /// A display name's part: words, and dots (RFC 5322 obs-phrase).
        var isPhrase: Bool { kind == .atom || kind == .quoted || kind == .special(.dot) }
    }

    /// The list's tokens; white space and comments (nested, with escapes) are dropped.
    static func tokens(of bytes: [UInt8]) throws(Problem) -> [Token] {
        var tokens: [Token] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let start = index
            switch byte {
            case .space, .tab, .cr, .lf:
                index += 1
            case .openParenthesis:
                var depth = 0
                repeat {
                    guard index < bytes.count else { throw Problem(text: "an unclosed comment") }
                    switch bytes[index] {
                    case .openParenthesis: depth += 1
                    case .closeParenthesis: depth -= 1
                    case .backslash: index += 1
                    default: break
                    }
                    index += 1
                } while depth > 0
            case .quote, .openBracket:
                let closing = byte == .quote ? UInt8.quote : .closeBracket
                index += 1
                while index < bytes.count && bytes[index] != closing { index += bytes[index] == .backslash ? 2 : 1 }
                guard index < bytes.count else {
                    throw Problem(text: byte == .quote ? "an unclosed quoted string" : "an unclosed domain literal")
                }
                index += 1
                tokens.append(Token(kind: byte == .quote ? .quoted : .literal, range: start..<index))
            case _ where isSpecial(byte) || byte < 0x20 || byte == 0x7F:
                index += 1
                tokens.append(Token(kind: .special(byte), range: start..<index))
            default:
                while index < bytes.count, !isSpecial(bytes[index]), bytes[index] > 0x20, bytes[index] != 0x7F { index += 1 }
                tokens.append(Token(kind: .atom, range: start..<index))
            }
        }
        return tokens
    }

    /// RFC 5322 specials: what ends an atom.
    static func isSpecial(_ byte: UInt8) -> Bool { "()<>[]:;@\\,.\"".utf8.contains(byte) }

    static func text(of token: Token, in bytes: [UInt8]) -> String { text(of: [token], in: bytes) }

    /// The tokens as written, from the first to the last, comments and spaces between included.
    static func text(of tokens: [Token], in bytes: [UInt8]) -> String {
        guard let first = tokens.first, let last = tokens.last else { return "" }
        return String(decoding: bytes[first.range.lowerBound..<last.range.upperBound], as: UTF8.self)
    }
}
