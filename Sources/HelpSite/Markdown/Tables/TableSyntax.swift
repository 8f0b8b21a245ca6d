/// The line syntax of GitHub-flavoured Markdown pipe tables, as cmark-gfm's table extension reads
/// it (extensions/table.c and ext_scanners.re): delimiter rows, and rows split into cells on
/// unescaped `|` before any inline parsing. Lines come without container prefixes or leading
/// whitespace.
enum TableSyntax {
    enum Alignment: Sendable, Equatable {
        case none, left, center, right

        /// The attribute written on `th`/`td`. cmark-gfm writes `align="center"`, which HTML5
        /// made obsolete (the Nu checker, which the guide must pass, reports it as an error), so
        /// the same alignment goes into a style attribute instead.
        var htmlAttribute: String {
            switch self {
            case .none: ""
            case .left: " style=\"text-align: left\""
            case .center: " style=\"text-align: center\""
            case .right: " style=\"text-align: right\""
            }
        }
    }

    /// One cell's text, unescaped (`\|` → `|`) and trimmed, and where it came from.
    struct Cell: Sendable, Equatable {
        var text: [UInt8]
        /// Offset in the line of the text's first byte.
        var offset: Int
        /// Offsets in `text` of pipes that lost their backslash: every later byte sits one
        /// further right in the line.
        var unescapedPipes: [Int] = []

        /// The line offset of byte `index` of `text`.
        func lineOffset(of index: Int) -> Int {
            // Binary search: a cell of many `\|` and many inlines must not map in quadratic time.
            var low = 0, high = unescapedPipes.count
            while low < high {
                let middle = (low + high) / 2
                if unescapedPipes[middle] <= index { low = middle + 1 } else { high = middle }
            }
            return offset + index + low
        }
    }

    static let pipe = UInt8(ascii: "|"), backslash = UInt8(ascii: "\\")
    static let dash = UInt8(ascii: "-"), colon = UInt8(ascii: ":")

    /// cmark-gfm's `spacechar`.
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0B || byte == 0x0C
    }

    /// The column alignments when `line` is a delimiter row (`| :-- | --: |`), else nil:
    /// `[|]? marker ([|] marker)* [|]? spaces`, each marker `spaces :? -+ :? spaces`.
    static func delimiterRow(_ line: ArraySlice<UInt8>) -> [Alignment]? {
        var body = line[...]
        if body.first == pipe { body = body.dropFirst() }
        while let last = body.last, isSpace(last) { body = body.dropLast() }
        if body.last == pipe { body = body.dropLast() }
        var alignments: [Alignment] = []
        for marker in body.split(separator: pipe, omittingEmptySubsequences: false) {
            var bytes = marker.drop(while: isSpace)
            while let last = bytes.last, isSpace(last) { bytes = bytes.dropLast() }
            let left = bytes.first == colon, right = bytes.count > 1 && bytes.last == colon
            let dashes = bytes.dropFirst(left ? 1 : 0).dropLast(right ? 1 : 0)
            guard !dashes.isEmpty, dashes.allSatisfy({ $0 == dash }) else { return nil }
            alignments.append(left && right ? .center : left ? .left : right ? .right : .none)
        }
        return alignments.isEmpty ? nil : alignments
    }

    /// The cells of `line` read as a row, or nil when it has none (an empty line, or only `|`).
    /// A `|` right after a backslash is text (cmark-gfm's longest-match scanner reads `\\|` so too).
    static func cells(_ line: ArraySlice<UInt8>) -> [Cell]? {
        let start = line.startIndex, end = line.endIndex
        var index = start
        func skipPipe() -> Bool {
            guard index < end, line[index] == pipe else { return false }
            index += 1
            while index < end, isSpace(line[index]) { index += 1 }
            return true
        }
        _ = skipPipe()
        var cells: [Cell] = []
        while index < end {
            let cellStart = index
            while index < end, !(line[index] == pipe && (index == start || line[index - 1] != backslash)) { index += 1 }
            let cellEnd = index
            let hasPipe = skipPipe()
            guard cellEnd > cellStart || hasPipe else { break }
            cells.append(makeCell(line[cellStart..<cellEnd], offset: cellStart - start))
            if !hasPipe { break }
        }
        return cells.isEmpty ? nil : cells
    }

    /// Trims the cell (cmark's `isspace`) and drops the backslash of each `\|`.
    static func makeCell(_ raw: ArraySlice<UInt8>, offset: Int) -> Cell {
        func isTrimmed(_ byte: UInt8) -> Bool { isSpace(byte) || byte == 0x0A || byte == 0x0D }
        var bytes = raw.drop(while: isTrimmed)
        while let last = bytes.last, isTrimmed(last) { bytes = bytes.dropLast() }
        var cell = Cell(text: [], offset: offset + (bytes.startIndex - raw.startIndex))
        cell.text.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            if bytes[index] == backslash, index + 1 < bytes.endIndex, bytes[index + 1] == pipe {
                cell.unescapedPipes.append(cell.text.count)
                index += 1
            }
            cell.text.append(bytes[index])
            index += 1
        }
        return cell
    }
}
