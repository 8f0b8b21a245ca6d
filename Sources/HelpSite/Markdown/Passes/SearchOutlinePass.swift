import CommonMark
import Diagnostics

extension PageRun {
    /// The text of the page by section (the top-level blocks under each heading), shortened, for
    /// the search index. `heading` is the index into `headings`.
    func searchOutline(headings: [Node]) -> [(heading: Int?, text: String)] {
        // `length` is the text's length in characters where it is at least the limit, and an
        // upper bound of it below (counting characters walks the whole text, so it is done only
        // where the limit is in sight).
        var outline: [(heading: Int?, text: String, length: Int)] = [(nil, "", 0)]
        // By node, not `firstIndex(of:)` per heading: a page may have 10,000 headings.
        let headingIndex = Dictionary(headings.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        for block in document.rootNode.children {
            if block.kind == .heading, let index = headingIndex[block] {
                outline.append((index, "", 0))
                continue
            }
            let last = outline[outline.count - 1]
            guard last.length < Self.searchTextLength else { continue }
            let text = SearchIndex.collapsingWhitespace(Self.readableText(block), atLeast: Self.searchTextLength + Self.collapseMargin)
            guard !text.isEmpty else { continue }
            var combined = last.text.isEmpty ? text : last.text + " " + text
            var length = last.length + (last.text.isEmpty ? 0 : 1) + text.utf8.count
            if length >= Self.searchTextLength { length = combined.count }
            if length > Self.searchTextLength {
                combined = String(combined.prefix(Self.searchTextLength))
                length = Self.searchTextLength
            }
            outline[outline.count - 1].text = combined
            outline[outline.count - 1].length = length
        }
        if outline.first?.text.isEmpty == true, outline.count > 1 { outline.removeFirst() }
        return outline.map { ($0.heading, $0.text) }
    }

    /// A block's text with its parts (list items, paragraphs of a quote) kept apart by spaces.
    /// One iterative walk: pages nest quotes and lists as deep as they like.
    /// UTF-8 bytes: appending a `String` per node cost more than the walk.
    static func readableText(_ node: Node) -> [UInt8] {
        var text: [UInt8] = []
        let space = UInt8(ascii: " ")
        node.forEachDescendant { node in
            switch node.kind {
            case .text, .code: node.appendLiteral(to: &text)
            case .softBreak, .lineBreak: text.append(space)
            case .codeBlock:
                text.append(space)
                node.appendLiteral(to: &text)
                text.append(space)
            case .paragraph, .heading, .item, .htmlBlock, .thematicBreak: text.append(space)
            default: break
            }
        }
        return text
    }

    /// Enough text to find a section by a word in it, while keeping the index small.
    static let searchTextLength = 240
    /// A block's collapsed ASCII text may stop this far past `searchTextLength` characters: the
    /// section's text is cut to that length anyway, and whatever came before it (`last.length`
    /// may overstate it) still leaves more than the limit, so the cut and the length come out
    /// as they would from the whole text.
    static let collapseMargin = 16
}
