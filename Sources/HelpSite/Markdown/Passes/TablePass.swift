import CommonMark

/// A table cell while the other passes run: a custom block holding the cell's paragraph, so links,
/// values and the search outline see its inlines. `finishTables` turns it into `<td>…</td>`.
struct TableCellSlot {
    var node: Node
    var open: String
    var close: String
}

extension PageRun {
    /// GitHub-style pipe tables, read from the source lines of each paragraph (cmark's inline tree
    /// has already lost `\|` and, with smart punctuation, turned `---` into dashes). A paragraph
    /// holding a table is replaced by the paragraphs and tables it splits into; every cell and
    /// split-off paragraph is parsed inline in one batch document (see `InlineBatch`). Runs first,
    /// so the later passes treat cell contents like any other text.
    mutating func buildTables() -> [TableCellSlot] {
        guard source.bytes.contains(TableSyntax.pipe) else { return [] }
        var found: [(block: Node, lines: [SourceLine], segments: [TableLayout.Segment])] = []
        var leafLines: [ClosedRange<Int>] = []
        document.rootNode.forEachDescendant { node in
            switch node.kind {
            case .paragraph:
                // Reference definitions that opened the paragraph are in its span but not its text.
                let first = Self.firstTextLine(of: node)
                leafLines.append(first...max(first, node.endLine))
                guard node.endLine > first else { return }
                let lines = sourceLines(of: node)
                if let segments = TableLayout.segments(of: lines.map(\.bytes)) { found.append((node, lines, segments)) }
            case .heading:
                let first = Self.firstTextLine(of: node)
                leafLines.append(first...max(first, node.endLine))
                if Self.lastLine(of: node) > node.startLine, let table = setextTable(node) { found.append(table) }
            case .codeBlock, .htmlBlock, .thematicBreak:
                leafLines.append(node.startLine...max(node.startLine, node.endLine))
            default:
                break
            }
        }
        guard !found.isEmpty else { return [] }

        var batch = InlineBatch()
        var plans: [[BlockPlan]] = []
        for table in found {
            plans.append(table.segments.map { plan($0, lines: table.lines, batch: &batch) })
        }
        guard let runs = batch.parse(into: document, smartPunctuation: renderer.smartPunctuation,
                                     definitions: ReferenceDefinitions.lines(of: source, outside: leafLines),
                                     source: source, map: &inlineSource)
        else { return [] }

        var slots: [TableCellSlot] = []
        for (table, blocks) in zip(found, plans) {
            for block in blocks {
                table.block.insertBefore(make(block, runs: runs, slots: &slots))
            }
            table.block.remove()
        }
        return slots
    }

    /// After the other passes: each cell becomes its final `<th>`/`<td>` (custom blocks cannot
    /// hold inlines directly, so the cell's paragraph is rendered here, without its `<p>`).
    func finishTables(_ slots: [TableCellSlot]) {
        for slot in slots {
            var inner = ""
            for child in slot.node.children {
                let html = child.renderHTML(unsafe: renderer.unsafeHTML)
                if child.kind == .paragraph, html.hasPrefix("<p>"), html.hasSuffix("</p>\n") {
                    inner += html.dropFirst(3).dropLast(5)
                } else {
                    inner += html
                }
            }
            slot.node.replace(with: document.makeCustomBlock(onEnter: slot.open + inner + slot.close, onExit: ""))
        }
    }

    /// A setext heading whose text holds a table: in GFM the table already ended the paragraph,
    /// so a `---` underline is a thematic break after it and a `===` underline one more row.
    /// (When the heading's text ends in a paragraph after the table, it is left as cmark made it.)
    func setextTable(_ heading: Node) -> (block: Node, lines: [SourceLine], segments: [TableLayout.Segment])? {
        let lines = sourceLines(of: heading)
        guard let underline = lines.last?.bytes.first,
              var segments = TableLayout.segments(of: lines.dropLast().map(\.bytes)),
              case .table(let header, let alignments, let rows) = segments.last else { return nil }
        if underline == UInt8(ascii: "=") {
            segments[segments.count - 1] = .table(header: header, alignments: alignments, rows: rows.lowerBound..<(rows.upperBound + 1))
        } else {
            segments.append(.rule)
        }
        return (heading, lines, segments)
    }

    /// The line where the block's text starts: later than its start when reference definitions
    /// opened the paragraph (or setext heading). cmark 0.30 then counts inline lines from the text's start, so the
    /// last inline's end line falls short of the paragraph's by the definitions' lines.
    static func firstTextLine(of block: Node) -> Int {
        // A setext heading's text ends on the line above its underline.
        let textEnd = block.kind == .heading ? lastLine(of: block) - 1 : block.endLine
        guard let last = block.lastChild, last.endLine > 0, last.endLine < textEnd else { return block.startLine }
        return block.startLine + (textEnd - last.endLine)
    }

    /// The block's last source line. cmark ends a setext heading closed by a blank line at
    /// column 0 of that blank line (its underline would otherwise be taken for a table row).
    static func lastLine(of block: Node) -> Int {
        block.kind == .heading && block.endColumn == 0 ? block.endLine - 1 : block.endLine
    }

    /// A line of a paragraph: its bytes without container prefixes or leading whitespace, and
    /// where those bytes start in the source line.
    struct SourceLine {
        var number: Int
        var start: Int
        var bytes: ArraySlice<UInt8>
    }

    /// The paragraph's (or setext heading's) lines as GFM's table scanner sees them. The first line starts at the
    /// paragraph's column; later lines lose `>` markers and indentation (a continuation line
    /// cannot begin with its own `>`: that would have opened a quote).
    func sourceLines(of paragraph: Node) -> [SourceLine] {
        let first = Self.firstTextLine(of: paragraph)
        return (first...max(first, Self.lastLine(of: paragraph))).map { number in
            let line = source.line(number)
            var index = line.startIndex
            if number == paragraph.startLine {
                index = min(line.startIndex + max(paragraph.startColumn - 1, 0), line.endIndex)
            } else {
                while index < line.endIndex, TableSyntax.isSpace(line[index]) || line[index] == UInt8(ascii: ">") { index += 1 }
            }
            while index < line.endIndex, TableSyntax.isSpace(line[index]) { index += 1 }
            return SourceLine(number: number, start: index - line.startIndex, bytes: line[index...])
        }
    }

    /// A block to make in place of a paragraph, once the batch is parsed.
    enum BlockPlan {
        case paragraph(run: Int)
        /// Rows of cells, the first the header; a cell is its run in the batch, or nil if empty.
        case table(rows: [[Int?]], alignments: [TableSyntax.Alignment])
        case rule
    }

    func plan(_ segment: TableLayout.Segment, lines: [SourceLine], batch: inout InlineBatch) -> BlockPlan {
        switch segment {
        case .paragraph(let range):
            return .paragraph(run: batch.add(range.map { InlineBatch.Line(bytes: lines[$0].bytes, line: lines[$0].number, start: lines[$0].start) }))
        case .rule:
            return .rule
        case .table(let header, let alignments, let rows):
            let rowPlans = ([header] + Array(rows)).map { index in
                let line = lines[index]
                // Extra cells are dropped and missing ones left empty, as GFM does.
                let cells = Array((TableSyntax.cells(line.bytes) ?? []).prefix(alignments.count))
                return (0..<alignments.count).map { column -> Int? in
                    guard column < cells.count, !cells[column].text.isEmpty else { return nil }
                    let cell = cells[column]
                    return batch.add([InlineBatch.Line(bytes: cell.text[...], line: line.number, start: line.start + cell.offset, cell: cell)])
                }
            }
            return .table(rows: rowPlans, alignments: alignments)
        }
    }

    func make(_ block: BlockPlan, runs: [Node], slots: inout [TableCellSlot]) -> Node {
        switch block {
        case .paragraph(let run):
            return runs[run]
        case .rule:
            return document.makeCustomBlock(onEnter: "<hr />", onExit: "")
        case .table(let rows, let alignments):
            // The wrapper scrolls a wide table sideways on a narrow screen (a table itself cannot
            // without losing its semantics in some screen readers); tabindex lets a keyboard scroll it.
            let table = document.makeCustomBlock(onEnter: Self.tableOpening, onExit: Self.tableClosing)
            for (index, row) in rows.enumerated() {
                if index < 2 {
                    table.appendChild(document.makeCustomBlock(onEnter: index == 0 ? "<thead>" : "<tbody>", onExit: index == 0 ? "</thead>" : "</tbody>"))
                }
                let tag = index == 0 ? "th" : "td"
                let rowNode = document.makeCustomBlock(onEnter: "<tr>", onExit: "</tr>")
                for (column, run) in row.enumerated() {
                    let open = "<\(tag)\(alignments[column].htmlAttribute)>", close = "</\(tag)>"
                    let cell = document.makeCustomBlock(onEnter: open, onExit: close)
                    if let run { cell.appendChild(runs[run]) }
                    rowNode.appendChild(cell)
                    slots.append(TableCellSlot(node: cell, open: open, close: close))
                }
                table.lastChild?.appendChild(rowNode)
            }
            return table
        }
    }

    static let tableOpening = "<div class=\"table-scroll\" tabindex=\"0\">\n<table>"
    static let tableClosing = "</table>\n</div>"
}
