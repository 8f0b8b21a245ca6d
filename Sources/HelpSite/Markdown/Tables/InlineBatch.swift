import CommonMark

/// Text that must be parsed as inline Markdown apart from the page (table cells, and paragraph
/// lines a table split off), all of a page at once in one cmark document, whose paragraphs are
/// then moved into the page with their source positions mapped back.
///
/// Each run becomes one paragraph of the batch document: its first line is led by a no-break
/// space (so `# x`, `- x`, `1. x`, `[a]: b` or `<div>` stay text; cmark reads U+00A0 as
/// whitespace for emphasis and smart quotes, as it does a line start) and later lines by four
/// spaces (a continuation line can then start no block either). The page's link reference
/// definitions follow the runs, so `[text][ref]` in a cell resolves as it does in the page.
struct InlineBatch {
    /// One line of a run: its bytes as parsed, and where each byte is in the page's source.
    struct Line {
        var bytes: ArraySlice<UInt8>
        /// The page source line.
        var line: Int
        /// Byte offset in the source line of `bytes`' first byte.
        var start: Int
        /// For a cell: its unescaped pipes shift the mapping.
        var cell: TableSyntax.Cell?

        func sourceColumn(ofByte index: Int) -> Int {
            let clamped = max(0, min(index, max(bytes.count - 1, 0)))
            return start + (cell?.lineOffset(of: clamped) ?? clamped) - (cell?.offset ?? 0) + 1
        }
    }

    static let firstLinePrefix: [UInt8] = Array("\u{00A0}".utf8)
    static let continuationPrefix: [UInt8] = Array("    ".utf8)

    private var text: [UInt8] = []
    /// For each line of the batch document (index = line - 1): the run line it holds, or nil.
    private var lineMap: [(line: Line, prefix: Int)?] = []
    private(set) var runCount = 0

    /// Adds a run; returns its index (the index of its paragraph in `parse`'s result).
    @discardableResult
    mutating func add(_ lines: [Line]) -> Int {
        for (index, line) in lines.enumerated() {
            let prefix = index == 0 ? Self.firstLinePrefix : Self.continuationPrefix
            text += prefix
            text += line.bytes
            text.append(UInt8(ascii: "\n"))
            lineMap.append((line, prefix.count))
        }
        text.append(UInt8(ascii: "\n"))
        lineMap.append(nil)
        runCount += 1
        return runCount - 1
    }

    /// Parses the runs (with `definitions`, the page's reference definitions) and moves one
    /// paragraph per run into `document`, the no-break space removed; `map` gets where their
    /// inlines and braces are in `source` (the page's map was made before they existed). Nil if
    /// the batch did not yield one paragraph per run (it always should; the caller then leaves
    /// the page alone).
    func parse(into document: Document, smartPunctuation: Bool, definitions: [UInt8], source: SourceText,
               map: inout InlineSourceMap) -> [Node]? {
        let markdown = String(decoding: text + definitions, as: UTF8.self)
        let batch = Document(markdown: markdown, smartPunctuation: smartPunctuation)
        batch.consolidateTextNodes()
        let paragraphs = Array(batch.rootNode.children.prefix(runCount))
        guard paragraphs.count == runCount, paragraphs.allSatisfy({ $0.kind == .paragraph }),
              paragraphs.last.map({ $0.endLine < lineMap.count }) ?? true
        else { return nil }
        for paragraph in paragraphs {
            let (content, origin) = inlineContent(of: paragraph, source: source)
            map.add(paragraph, content: content, origin: origin)
        }
        let moved = document.take(paragraphs, mapSpan: sourceSpan)
        for paragraph in moved { dropLeadingSpace(of: paragraph) }
        return moved
    }

    /// A batch paragraph's text as cmark's inline parser got it (the first line with its no-break
    /// space, later lines without their indentation), and the page-source offset of each byte.
    private func inlineContent(of paragraph: Node, source: SourceText) -> (content: [UInt8], origin: [Int]) {
        var content: [UInt8] = [], origin: [Int] = []
        let first = max(paragraph.startLine, 1), last = min(paragraph.endLine, lineMap.count)
        guard first <= last else { return ([], []) }
        for number in first...last {
            guard let entry = lineMap[number - 1] else { break }
            let line = entry.line
            let offset = { source.offset(line: line.line, column: line.sourceColumn(ofByte: $0)) }
            if number > first {
                content.append(UInt8(ascii: "\n"))
                origin.append(origin.last.map { $0 + 1 } ?? offset(0))
            } else {
                content += Self.firstLinePrefix
                origin += Array(repeating: offset(0), count: Self.firstLinePrefix.count)
            }
            for index in line.bytes.indices {
                content.append(line.bytes[index])
                origin.append(offset(index - line.bytes.startIndex))
            }
        }
        return (content, origin)
    }

    /// The page-source span of a span in the batch document.
    func sourceSpan(_ span: SourceSpan) -> SourceSpan {
        let (startLine, startColumn) = sourcePosition(line: span.startLine, column: span.startColumn)
        let (endLine, endColumn) = sourcePosition(line: span.endLine, column: span.endColumn)
        return SourceSpan(startLine: startLine, startColumn: startColumn, endLine: endLine, endColumn: endColumn)
    }

    private func sourcePosition(line: Int, column: Int) -> (Int, Int) {
        guard line >= 1, line <= lineMap.count, let entry = lineMap[line - 1] else {
            // Past a run's last line (cmark may end a span on the blank line after it).
            let previous = lineMap[..<min(max(line - 1, 0), lineMap.count)].last { $0 != nil }
            guard let last = previous ?? nil else { return (1, 1) }
            return (last.line.line, last.line.sourceColumn(ofByte: last.line.bytes.count - 1))
        }
        return (entry.line.line, entry.line.sourceColumn(ofByte: column - 1 - entry.prefix))
    }

    /// Removes the no-break space that led the run's first line.
    private func dropLeadingSpace(of paragraph: Node) {
        guard let first = paragraph.firstChild, first.kind == .text, let literal = first.literal,
              literal.unicodeScalars.first == "\u{00A0}" else { return }
        let rest = String(literal.unicodeScalars.dropFirst())
        if rest.isEmpty { first.remove() } else { first.literal = rest }
    }
}
