import CommonMark
import Diagnostics

extension PageRun {
    /// With `site.unsafe_html`, raw HTML is published: its `href`s and `src`s are rewritten and
    /// checked like Markdown links, and its `id`s (and `<a name>`s) are anchors other links may name.
    mutating func rewriteRawHTML(_ nodes: [Node]) {
        for node in nodes { rewriteRawHTML(node) }
    }

    /// Raw HTML safe mode leaves out: each piece is a warning, except comments (dropped silently);
    /// a page whose text was mostly raw HTML, published nearly empty, gets a warning of its own.
    mutating func reportLeftOutHTML(_ rawHTML: [Node]) {
        var first: Node?
        for node in rawHTML {
            let html = node.literal ?? ""
            guard !RawHTMLText.isOnlyComments(html) else { continue }
            let words = RawHTMLText.wordCount(html)
            droppedHTMLWords += words
            if first == nil { first = node }
            report(.warning, "raw HTML is left out of the page\(words > 0 ? " with the \(words) word\(words == 1 ? "" : "s") in it" : "") (set site.unsafe_html: true to allow it)", at: node)
        }
        guard let first, droppedHTMLWords >= Self.nearlyEmptyWords else { return }
        let kept = RawHTMLText.wordCount(document.rootNode.plainText, isHTML: false)
        if kept < droppedHTMLWords {
            report(.warning, "this page is published nearly empty: safe mode leaves out the raw HTML that holds \(droppedHTMLWords) of its \(droppedHTMLWords + kept) words (set site.unsafe_html: true, or write the content in Markdown)", at: first)
        }
    }

    /// Fewer words left out than this is a detail, not a page's content.
    static let nearlyEmptyWords = 10

    private mutating func rewriteRawHTML(_ node: Node) {
        guard let literal = node.literal, literal.utf8.contains(UInt8(ascii: "<")) else { return }
        let html = Array(literal.utf8)
        var lines = RawHTMLLines(html)
        var edits: [(range: Range<Int>, value: String)] = []
        for attribute in RawHTMLScanner.attributes(in: html) where !attribute.value.isEmpty {
            if attribute.name == "id" || (attribute.name == "name" && attribute.tag == "a") {
                // Published as written (raw HTML is the author's); the check compares its bytes.
                rawIDs.insert(PublishedID(attribute.value))
                if printScope != nil {
                    edits.append((attribute.range, "\"" + escapeHTML(PrintAnchor.id(page: page, fragment: attribute.value)) + "\""))
                }
                continue
            }
            guard let kind = Self.linkKind(tag: attribute.tag, attribute: attribute.name),
                  let url = resolveLink(attribute.value, kind: kind, at: .location(location(ofByte: attribute.nameOffset, in: &lines, of: node))),
                  !PublishedNames.sameBytes(url, attribute.value) else { continue }
            edits.append((attribute.range, "\"" + escapeHTML(url) + "\""))
        }
        guard !edits.isEmpty else { return }
        inlineSource.readBlock(containing: node)
        var out: [UInt8] = []
        var copied = 0
        for edit in edits {
            out += html[copied..<edit.range.lowerBound]
            out += Array(edit.value.utf8)
            copied = edit.range.upperBound
        }
        out += html[copied...]
        node.literal = String(decoding: out, as: UTF8.self)
    }

    /// `href` is a link; `src` a picture or media file, except an iframe's (a page); `poster` a
    /// picture. Anything else (`srcset`, `data-*`) is not checked.
    static func linkKind(tag: String, attribute: String) -> LinkResolver.Kind? {
        switch attribute {
        case "href": .link
        case "src": tag == "iframe" ? .link : .image
        case "poster": .image
        default: nil
        }
    }

    /// The file position of byte `offset` of a raw HTML node's literal. The literal's lines are the
    /// ends of source lines (a container's `>` or indentation is cut off), except where inline HTML
    /// starts mid-line.
    mutating func location(ofByte offset: Int, in lines: inout RawHTMLLines, of node: Node) -> SourceLocation {
        let index = lines.lineIndex(of: offset)
        // The node's own place from `location(of:)` (cmark's inline positions are off, see InlineSourceMap).
        let start = location(of: node)
        let line = start.line - lineOffset + index
        var column = start.column + offset
        if index > 0 || node.kind == .htmlBlock {
            let indent = lines.indent(ofLine: index) { literalLine in
                let sourceLine = source.line(line)
                return sourceLine.count >= literalLine.count && sourceLine.suffix(literalLine.count).elementsEqual(literalLine)
                    ? sourceLine.count - literalLine.count : 0
            }
            column = indent + offset - lines.start(ofLine: index) + 1
        }
        return SourceLocation(file: file, line: line + lineOffset, column: column)
    }
}

/// The lines of one raw HTML literal, found once: a generated table of thousands of links on one
/// line would otherwise be scanned again for each link.
struct RawHTMLLines {
    let text: SourceText
    /// Per line, how far the source line is indented before the literal's text; worked out once.
    private var indents: [Int: Int] = [:]

    init(_ html: [UInt8]) { text = SourceText(Substring(decoding: html, as: UTF8.self)) }

    /// The 0-based index of the line holding byte `offset`.
    func lineIndex(of offset: Int) -> Int { text.position(ofOffset: offset).line - 1 }

    func start(ofLine index: Int) -> Int { text.lineStarts[index] }

    mutating func indent(ofLine index: Int, measure: (ArraySlice<UInt8>) -> Int) -> Int {
        if let known = indents[index] { return known }
        let indent = measure(text.line(index + 1))
        indents[index] = indent
        return indent
    }
}
