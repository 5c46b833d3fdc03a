/// One source line as the text format shows it, with the caret range that marks
/// a span on it. Positions are terminal columns, not Unicode scalars: a tab is
/// shown as four spaces and wide characters take two columns, so the carets
/// stay under the characters they mark. There is always at least one caret.
struct SourceSnippet {
    static let tabWidth = 4

    /// The line with tabs expanded and control characters made visible.
    var text: String
    /// The 0-based terminal column of the first caret.
    var caretStart: Int
    var caretCount: Int

    /// `startColumn` and `endColumn` are 1-based scalar columns of a half-open
    /// range; `endColumn` is nil when the span continues past this line.
    init(line fullLine: String, startColumn fullStart: Int, endColumn fullEnd: Int?) {
        let (line, startColumn, endColumn) = Self.window(fullLine, startColumn: fullStart, endColumn: fullEnd)
        var text = ""
        // offsets[i] is the terminal column where scalar i (0-based) starts.
        var offsets = [0]
        for scalar in line.unicodeScalars {
            // `+=` grows the string in place; appending to its scalar view copies
            // the whole line each time, which is quadratic on a long line.
            text += Self.shown(scalar)
            offsets.append(offsets[offsets.count - 1] + Self.width(of: scalar))
        }
        let count = offsets.count - 1
        let start = min(max(startColumn - 1, 0), count)
        let end = endColumn.map { min(max($0 - 1, start), count) } ?? count
        self.text = text
        caretStart = offsets[start]
        caretCount = max(1, offsets[end] - offsets[start])
    }

    /// Longest line shown whole; a longer one is cut to a window around the span,
    /// with `…` where text was left out.
    static let maxShown = 240

    static func window(_ line: String, startColumn: Int, endColumn: Int?) -> (String, Int, Int?) {
        let scalars = Array(line.unicodeScalars)
        guard scalars.count > maxShown else { return (line, startColumn, endColumn) }
        let first = min(max(0, startColumn - 1 - maxShown / 3), scalars.count - maxShown)
        let last = first + maxShown
        var shown = String.UnicodeScalarView()
        if first > 0 { shown.append("…") }
        shown.append(contentsOf: scalars[first..<last])
        if last < scalars.count { shown.append("…") }
        let shift = first - (first > 0 ? 1 : 0)
        return (String(shown), startColumn - shift, endColumn.map { min($0 - shift, maxShown + 2) })
    }

    private static func shown(_ scalar: Unicode.Scalar) -> String {
        if scalar == "\t" { return String(repeating: " ", count: tabWidth) }
        // Control characters would move the cursor or restyle the terminal.
        if scalar.properties.generalCategory == .control { return "\u{FFFD}" }
        return String(scalar)
    }

    /// The number of terminal columns `scalar` takes once shown.
    static func width(of scalar: Unicode.Scalar) -> Int {
        if scalar == "\t" { return tabWidth }
        switch scalar.properties.generalCategory {
        case .control: return 1
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        if (0xFE00...0xFE0F).contains(scalar.value) { return 0 }
        if scalar.properties.isEmojiPresentation { return 2 }
        return wideRanges.contains { $0.contains(scalar.value) } ? 2 : 1
    }

    /// East Asian Wide and Fullwidth blocks.
    private static let wideRanges: [ClosedRange<UInt32>] = [
        0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
        0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF,
        0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD,
    ]
}
