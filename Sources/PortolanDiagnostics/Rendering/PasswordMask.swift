/// A source line as the text format may show it: the value of every `password`
/// key on it (block or flow style, plain or quoted, the key quoted or not) is
/// replaced by `***`, because CI logs are public more often than repositories.
/// Columns of the line are mapped onto the masked text, so carets stay under
/// what they mark; a span inside a value marks its `***`.
struct PasswordMask {
    static let replacement = "***"

    /// The line with the values masked.
    let text: String
    /// The masked values, as 0-based half-open ranges of scalar offsets of the original line.
    private let masked: [Range<Int>]

    init(_ line: String) {
        // Nearly every line holds no password key: it is shown as it is.
        guard line.utf8.count >= 9, line.contains("password") else {
            text = line
            masked = []
            return
        }
        let scalars = Array(line.unicodeScalars)
        let ranges = Self.valueRanges(in: scalars)
        var shown = String.UnicodeScalarView()
        var position = 0
        for range in ranges {
            shown.append(contentsOf: scalars[position..<range.lowerBound])
            shown.append(contentsOf: Self.replacement.unicodeScalars)
            position = range.upperBound
        }
        shown.append(contentsOf: scalars[position...])
        text = String(shown)
        masked = ranges
    }

    /// The 1-based column of the masked text that shows 1-based column `column` of the line.
    /// `isEnd` maps the end of a half-open range: an end inside a value ends after its `***`.
    func column(_ column: Int, isEnd: Bool = false) -> Int {
        var shift = 0
        let offset = column - 1
        for range in masked {
            if offset < range.lowerBound || (offset == range.lowerBound && !isEnd) { break }
            if offset < range.upperBound || (isEnd && offset == range.upperBound) {
                return range.lowerBound - shift + 1 + (isEnd ? Self.replacement.count : 0)
            }
            shift += range.count - Self.replacement.count
        }
        return column - shift
    }

    /// The ranges of the values of `password` keys: after `password:` (the key
    /// standing at the start of the line, after `{`, `,`, `[`, `-` or a space,
    /// quoted or not) and its spaces, a quoted value up to its closing quote,
    /// or a plain one up to a comment, or in flow style the next `,`, `}` or `]`.
    private static func valueRanges(in scalars: [Unicode.Scalar]) -> [Range<Int>] {
        let key = Array("password".unicodeScalars)
        var ranges: [Range<Int>] = []
        var index = 0
        var flowDepth = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "{" || scalar == "[" { flowDepth += 1 }
            if scalar == "}" || scalar == "]" { flowDepth = max(0, flowDepth - 1) }
            guard let afterKey = keyEnd(key, in: scalars, at: index) else {
                index += 1
                continue
            }
            var start = afterKey
            while start < scalars.count, scalars[start] == " " || scalars[start] == "\t" { start += 1 }
            let end = valueEnd(scalars, from: start, inFlow: flowDepth > 0)
            if end > start { ranges.append(start..<end) }
            index = max(end, afterKey)
        }
        return ranges
    }

    /// The offset after `password:` (or `"password":`, `'password':`) when the key starts at `index`.
    private static func keyEnd(_ key: [Unicode.Scalar], in scalars: [Unicode.Scalar], at index: Int) -> Int? {
        if index > 0, !" \t{[,-".unicodeScalars.contains(scalars[index - 1]) { return nil }
        var position = index
        let quote: Unicode.Scalar? = scalars[position] == "\"" || scalars[position] == "'" ? scalars[position] : nil
        if quote != nil { position += 1 }
        guard position + key.count <= scalars.count, Array(scalars[position..<position + key.count]) == key else { return nil }
        position += key.count
        if let quote {
            guard position < scalars.count, scalars[position] == quote else { return nil }
            position += 1
        }
        while position < scalars.count, scalars[position] == " " { position += 1 }
        guard position < scalars.count, scalars[position] == ":" else { return nil }
        position += 1
        guard position == scalars.count || scalars[position] == " " || scalars[position] == "\t" || quote != nil else { return nil }
        return position
    }

    /// Where the value that starts at `start` ends. A quoted value without its
    /// closing quote on this line is masked to the end of the line.
    private static func valueEnd(_ scalars: [Unicode.Scalar], from start: Int, inFlow: Bool) -> Int {
        guard start < scalars.count else { return start }
        let first = scalars[start]
        if first == "\"" || first == "'" {
            var position = start + 1
            while position < scalars.count {
                if first == "\"", scalars[position] == "\\" { position += 2; continue }
                if scalars[position] == first {
                    // Two single quotes are one quote inside a single-quoted scalar.
                    if first == "'", position + 1 < scalars.count, scalars[position + 1] == "'" { position += 2; continue }
                    return position + 1
                }
                position += 1
            }
            return scalars.count
        }
        var position = start
        while position < scalars.count {
            let scalar = scalars[position]
            if scalar == "#", scalars[position - 1] == " " || scalars[position - 1] == "\t" { break }
            if inFlow, scalar == "," || scalar == "}" || scalar == "]" { break }
            position += 1
        }
        while position > start, scalars[position - 1] == " " || scalars[position - 1] == "\t" { position -= 1 }
        return position
    }
}
