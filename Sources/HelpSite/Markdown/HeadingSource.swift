import CommonMark

/// What GitHub sees of a page's headings. Ids are made from a heading's text as GitHub renders it:
/// without smart punctuation (`A -- B` is `a----b` there), before `{{…}}` values (so an id does
/// not change with the configuration), and without image descriptions (an `<img>`'s alt is not
/// text). The page's tree has smart punctuation and values applied, so the ids come from the
/// source, parsed again as GitHub would.
extension PageRun {
    /// The GitHub text of each of `headings` (the page's, in any order); nil for one the plain
    /// parse does not have. The two parses are matched by where each heading starts, not by
    /// count: the table pass removes a setext heading whose text was a table, which the plain
    /// parse still has, and that one must not cost every other heading its GitHub id.
    /// A heading's text is its text content in GitHub's HTML: text and code, breaks as newlines
    /// (which the slug drops), raw HTML tags left out but the text between them kept, images left
    /// out (an `<img>`'s description is an attribute).
    func githubHeadingTexts(for headings: [Node]) -> [String?] {
        guard !headings.isEmpty else { return [] }
        // One more parse of the page, linear like the first (cmark's own speed); reference
        // definitions anywhere on the page still apply, as they would on GitHub.
        let plain = Document(markdown: String(decoding: source.bytes, as: UTF8.self))
        var texts: [HeadingStart: String] = [:]
        texts.reserveCapacity(headings.count)
        var heading: String?
        var imageDepth = 0
        plain.rootNode.walk { node, entering in
            switch node.kind {
            case .heading:
                if entering { heading = "" } else { texts[HeadingStart(node)] = heading ?? ""; heading = nil }
            case .image:
                imageDepth += entering ? 1 : -1
            case .text, .code:
                if imageDepth == 0 { heading? += node.literal ?? "" }
            case .softBreak, .lineBreak:
                if imageDepth == 0 { heading? += "\n" }
            default:
                break
            }
        }
        return headings.map { texts[HeadingStart($0)] }
    }

    /// Whether the heading's source ends with `{#…}` whose braces are not escaped: `\{#bar}` or
    /// `&#123;#bar}` is text, not an explicit id (cmark's tree has the same literal for all three).
    func endsWithIDBraces(_ heading: Node) -> Bool {
        // An ATX heading is one line; a setext heading's text ends on the line above its underline.
        let endLine = Self.lastLine(of: heading)
        let isATX = endLine <= heading.startLine
        var line = source.line(isATX ? heading.startLine : endLine - 1)
        line.trimTrailingBlanks()
        if isATX, line.last == UInt8(ascii: "#") {
            // An ATX closing sequence: `#`s after a space or tab.
            var closing = line
            while closing.last == UInt8(ascii: "#") { closing.removeLast() }
            if closing.last == UInt8(ascii: " ") || closing.last == UInt8(ascii: "\t") {
                line = closing
                line.trimTrailingBlanks()
            }
        }
        guard line.last == UInt8(ascii: "}"), !line.isEscaped(at: line.endIndex - 1) else { return false }
        var index = line.endIndex - 2
        while index > line.startIndex {
            if line[index] == UInt8(ascii: "#"), line[index - 1] == UInt8(ascii: "{") {
                return !line.isEscaped(at: index - 1)
            }
            index -= 1
        }
        return false
    }
}

/// Where a heading starts in the page: the same in both parses (no two headings start at one place).
private struct HeadingStart: Hashable {
    var line: Int
    var column: Int

    init(_ heading: Node) {
        line = heading.startLine
        column = heading.startColumn
    }
}

extension ArraySlice<UInt8> {
    mutating func trimTrailingBlanks() {
        while let last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") { removeLast() }
    }

    /// Whether an odd number of backslashes stands right before `index`.
    func isEscaped(at index: Int) -> Bool {
        var backslashes = 0
        var before = index - 1
        while before >= startIndex, self[before] == UInt8(ascii: "\\") {
            backslashes += 1
            before -= 1
        }
        return backslashes % 2 == 1
    }
}
