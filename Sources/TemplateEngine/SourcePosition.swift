/// A place in a template's source, for diagnostics: `file:line:column` (1-based; column in bytes).
public struct SourcePosition: Sendable, Hashable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }
}

/// Byte offset → line and column, computed only when a diagnostic or a name listing asks.
struct LineTable: Sendable {
    private let lineStarts: [Int]

    init(_ bytes: [UInt8]) {
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        lineStarts = starts
    }

    func position(of offset: Int, in file: String) -> SourcePosition {
        // The last line start at or before offset (binary search).
        var low = 0, high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return SourcePosition(file: file, line: low + 1, column: offset - lineStarts[low] + 1)
    }
}
