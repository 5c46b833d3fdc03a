#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import PortolanDiagnostics

/// Where each line of a file starts, so that a node keeps byte offsets only and
/// its line and column are worked out when asked for. Lines break where
/// libyaml breaks them (LF, CR, CR LF, NEL, LS, PS) and a column counts
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
        let bom = PositionMapper.hasBOM(bytes) ? 3 : 0
        let isASCII = PositionMapper.asciiPrefixLength(bytes, from: bom) == bytes.count
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

    /// The line and column of byte `offset` of the file.
    public func position(ofOffset offset: Int) -> SourcePosition {
        let target = UInt32(clamping: offset)
        // The last line that starts at or before the offset.
        var low = 0
        var high = starts.count
        while high - low > 1 {
            let middle = (low + high) / 2
            if starts[middle] <= target { low = middle } else { high = middle }
        }
        let lineStart = Int(starts[low])
        guard offset > lineStart else { return SourcePosition(line: low + 1, column: 1, offset: offset) }
        return SourcePosition(line: low + 1, column: 1 + scalars(from: lineStart, to: min(offset, bytes.count)), offset: offset)
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
}
