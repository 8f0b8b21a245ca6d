/// How a paragraph's lines divide into paragraphs and tables, as GFM reads them: a delimiter row
/// under a line with as many cells turns that line into a header; every later line of the
/// paragraph is a row, until a line with no cells (only `|`), which starts a paragraph again.
enum TableLayout {
    enum Segment: Equatable {
        /// Lines that stay (or become again) a paragraph.
        case paragraph(Range<Int>)
        /// `header` is the header row's line; data rows are `rows`.
        case table(header: Int, alignments: [TableSyntax.Alignment], rows: Range<Int>)
        /// A thematic break (a setext `---` underline after a table).
        case rule
    }

    /// The segments of `lines` (container prefixes and leading whitespace removed), or nil when
    /// they hold no table. Linear: each line is split into cells at most twice.
    static func segments(of lines: [ArraySlice<UInt8>]) -> [Segment]? {
        var segments: [Segment] = []
        var paragraphStart = 0, index = 1
        while index < lines.count {
            guard mayBeDelimiterRow(lines[index]), let alignments = TableSyntax.delimiterRow(lines[index]),
                  index - 1 >= paragraphStart, TableSyntax.cells(lines[index - 1])?.count == alignments.count
            else {
                index += 1
                continue
            }
            if index - 1 > paragraphStart { segments.append(.paragraph(paragraphStart..<(index - 1))) }
            var end = index + 1
            while end < lines.count, TableSyntax.cells(lines[end]) != nil { end += 1 }
            segments.append(.table(header: index - 1, alignments: alignments, rows: (index + 1)..<end))
            // A line without cells ends the table and opens a paragraph, which may hold a table.
            paragraphStart = end
            index = end + 1
        }
        guard !segments.isEmpty else { return nil }
        if paragraphStart < lines.count { segments.append(.paragraph(paragraphStart..<lines.count)) }
        return segments
    }

    /// A cheap test before the full one: only `|`, `:`, `-` and spaces, with a `-`.
    static func mayBeDelimiterRow(_ line: ArraySlice<UInt8>) -> Bool {
        line.contains(TableSyntax.dash) && line.allSatisfy {
            $0 == TableSyntax.dash || $0 == TableSyntax.pipe || $0 == TableSyntax.colon || TableSyntax.isSpace($0)
        }
    }
}
