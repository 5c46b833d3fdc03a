#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Where each line of a file starts, so that a span keeps byte offsets only
/// and its lines and columns are worked out when it is shown. Lines break
/// where libyaml breaks them (LF, CR, CR LF, NEL, LS, PS) and a column counts
/// Unicode scalars, as libyaml's marks do; the first line starts after a
/// byte order mark.
public final class LineTable: Sendable {
    /// The byte offset of the first character of each line.
    private let starts: [UInt32]
    /// True when no byte of the file is outside ASCII: a column is then a byte count.
    private let isASCII: Bool
    private let bytes: [UInt8]

    public init(bytes: [UInt8]) {
        self.bytes = bytes
        let bom = SourceStore.textStart(of: bytes)
        let isASCII = Self.asciiPrefixLength(bytes, from: bom) == bytes.count
        self.isASCII = isASCII
        var starts: [UInt32] = [UInt32(bom)]
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            if isASCII && memchr(base, 0x0D, buffer.count) == nil {
                // Only line feeds break lines: find them with memchr.
                var position = 0
                while position < buffer.count, let found = memchr(base + position, 0x0A, buffer.count - position) {
                    position = UnsafeRawPointer(base).distance(to: UnsafeRawPointer(found)) + 1
                    starts.append(UInt32(clamping: position))
                }
                return
            }
            var index = bom
            while index < buffer.count {
                let byte = buffer[index]
                if byte == 0x0A || byte == 0x0D || byte >= 0xC2 {
                    let length = LineBreaks.length(in: bytes, at: index)
                    if length > 0 {
                        index += length
                        starts.append(UInt32(clamping: index))
                        continue
                    }
                }
                index += 1
            }
        }
        self.starts = starts
    }

    /// How many lines the file has (a file that ends with a line break has an
    /// empty last line).
    public var lineCount: Int { starts.count }

    /// The line and column of `position`.
    public func location(of position: SourcePosition) -> LineColumn {
        let offset = position.offset
        let target = UInt32(clamping: offset)
        // The last line that starts at or before the offset.
        var low = 0
        var high = starts.count
        while high - low > 1 {
            let middle = (low + high) / 2
            if starts[middle] <= target { low = middle } else { high = middle }
        }
        let lineStart = Int(starts[low])
        guard offset > lineStart else { return LineColumn(line: low + 1, column: 1) }
        return LineColumn(line: low + 1, column: 1 + scalars(from: lineStart, to: min(offset, bytes.count)))
    }

    /// The line and column where `span` starts and where it ends.
    public func locations(of span: SourceSpan) -> SourceRange {
        SourceRange(start: location(of: span.start), end: location(of: span.end))
    }

    /// The text of line `line` (1-based), without its line break, or nil.
    public func text(ofLine line: Int) -> String? {
        guard line >= 1, line <= starts.count else { return nil }
        let start = Int(starts[line - 1])
        var end = line < starts.count ? Int(starts[line]) : bytes.count
        // Leave out the line break that ends the line (one of LF, CR, CR LF, NEL, LS, PS).
        if line < starts.count {
            if end - start >= 2, bytes[end - 2] == 0x0D, bytes[end - 1] == 0x0A {
                end -= 2
            } else if end - 1 >= start, bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D {
                end -= 1
            } else if end - 2 >= start, bytes[end - 2] == 0xC2, bytes[end - 1] == 0x85 {
                end -= 2
            } else if end - 3 >= start {
                end -= 3
            }
        }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    /// How many Unicode scalars the bytes from `start` to `end` hold.
    private func scalars(from start: Int, to end: Int) -> Int {
        if isASCII { return end - start }
        return bytes.withUnsafeBufferPointer { buffer in
            var count = 0
            for index in start..<end where buffer[index] & 0xC0 != 0x80 { count += 1 }
            return count
        }
    }

    /// How many bytes from `start` on are ASCII, counted from the start of `bytes`.
    public static func asciiPrefixLength(_ bytes: [UInt8], from start: Int) -> Int {
        bytes.withUnsafeBufferPointer { buffer in
            var offset = start
            while offset + 8 <= buffer.count,
                  UnsafeRawPointer(buffer.baseAddress! + offset).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                offset += 8
            }
            while offset < buffer.count, buffer[offset] < 0x80 { offset += 1 }
            return offset
        }
    }
}
