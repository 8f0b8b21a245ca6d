/// The Markdown source of one page body, for passes that need what cmark's tree no longer has
/// (text before smart punctuation or entity decoding, the exact column of a `[`). Lines and
/// columns are cmark's: 1-based, columns count bytes.
struct SourceText: Sendable {
    let bytes: [UInt8]
    /// Byte offset where each line starts; line n starts at `lineStarts[n - 1]`.
    let lineStarts: [Int]

    init(_ text: Substring) {
        // Copied in one piece: `Array(text.utf8)` of a substring goes byte by byte.
        let bytes = text.utf8.withContiguousStorageIfAvailable { Array($0) } ?? Array(text.utf8)
        var starts = [0]
        bytes.withUnsafeBufferPointer { buffer in
            for offset in buffer.indices where buffer[offset] == UInt8(ascii: "\n") { starts.append(offset + 1) }
        }
        self.bytes = bytes
        lineStarts = starts
    }

    var lineCount: Int { lineStarts.count }

    /// The bytes of line `line` without its line ending; empty outside the text.
    func line(_ line: Int) -> ArraySlice<UInt8> {
        guard line >= 1, line <= lineStarts.count else { return [] }
        let start = lineStarts[line - 1]
        var end = line < lineStarts.count ? lineStarts[line] - 1 : bytes.count
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return bytes[start..<end]
    }

    /// The byte offset of (line, column), clamped to the text.
    func offset(line: Int, column: Int) -> Int {
        guard line >= 1, line <= lineStarts.count else { return line < 1 ? 0 : bytes.count }
        return min(lineStarts[line - 1] + max(column - 1, 0), bytes.count)
    }

    /// The (line, column) of a byte offset (binary search over the line starts).
    func position(ofOffset offset: Int) -> (line: Int, column: Int) {
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return (low + 1, offset - lineStarts[low] + 1)
    }
}
