import CommonMark

/// Where inline nodes and the `{` `}` of text came from in the page's source. libcmark 0.30's
/// inline positions cannot be used for this: a link whose text wraps is put on the line where it
/// ends, continuation lines lose their indentation, and lines of reference definitions before a
/// link are not counted. So each paragraph and heading is read again from the source, as cmark's
/// inline parser reads it (escapes, code spans, entities, autolinks, raw HTML, link destinations),
/// and lined up with the tree in document order: the n-th `[` left after that is the n-th bracket
/// of the tree (a link, an image, or a `[` that stayed text), and likewise for raw HTML and braces.
/// A block where the two disagree (input read differently here) keeps cmark's positions. Linear.
///
/// A block is read only when something asks where one of its inlines is (a diagnostic, a link
/// whose `#fragment` is checked later, a `{{…}}` value): most paragraphs never are, and reading
/// every one cost 6.5 % of a 10,000-page build. The reading needs the block as cmark made it, so
/// a pass that edits a block's inlines (a task marker, a value, a video, raw HTML) calls
/// `readBlock(containing:)` first.
struct InlineSourceMap {
    /// Source byte offsets of links, images, autolinks and inline HTML of the blocks read so far.
    private(set) var offsets: [Node: Int] = [:]
    /// For each text node of the blocks read so far, where each `{` and `}` of its literal is in
    /// the source, in order.
    private var braces: [Node: [Brace]] = [:]
    /// Paragraphs and headings already read (lined up or found not to line up): each once.
    private var readBlocks: Set<Node> = []
    /// The paragraph or heading an inline node is in (nil: none), for the nodes asked about and
    /// the inlines between them and their block: nested images ask once per level, so each node's
    /// way up is walked once, not once per image inside it.
    private var enclosingBlock: [Node: Node?] = [:]
    private let source: SourceText?

    struct Brace: Equatable {
        var offset: Int
        var length: Int
        /// Written `\{` or as an entity: a literal brace, never part of a `{{name}}`.
        var escaped: Bool
    }

    init() { source = nil }

    /// A map that reads the document's blocks as they are asked about.
    init(source: SourceText) { self.source = source }

    /// A map with every paragraph and heading of `document` read now.
    init(_ document: Document, source: SourceText) {
        self.source = source
        var blocks: [Node] = []
        document.rootNode.forEachDescendant { node in
            if node.kind == .paragraph || node.kind == .heading { blocks.append(node) }
        }
        for block in blocks { readBlock(block) }
    }

    /// The source offset of a link, image or inline HTML node; nil for other nodes and where the
    /// block could not be lined up.
    mutating func offset(of node: Node) -> Int? {
        guard node.kind == .link || node.kind == .image || node.kind == .htmlInline else { return nil }
        readBlock(containing: node)
        return offsets[node]
    }

    /// Where each `{` and `}` of a text node's literal is in the source.
    mutating func braces(of text: Node) -> [Brace]? {
        readBlock(containing: text)
        return braces[text]
    }

    /// Reads the paragraph or heading that holds `node` (or is `node`), if not read yet: before
    /// its inlines are edited.
    mutating func readBlock(containing node: Node) {
        var visited: [Node] = []
        var current: Node? = node
        var block: Node?
        while let candidate = current {
            if candidate.kind == .paragraph || candidate.kind == .heading { block = candidate; break }
            if let known = enclosingBlock[candidate] { block = known; break }
            visited.append(candidate)
            current = candidate.parent
        }
        for node in visited { enclosingBlock[node] = block }
        if let block { readBlock(block) }
    }

    private mutating func readBlock(_ block: Node) {
        guard let source, readBlocks.insert(block).inserted else { return }
        add(BlockAlignment(block, source: source))
    }

    /// Maps a paragraph parsed apart from the page (see `InlineBatch`): `content` is its text as
    /// cmark's inline parser got it, `origin` the page-source offset of each of its bytes.
    /// Entries are keyed by node pointer, so they still hold once the paragraph is moved into the page.
    mutating func add(_ paragraph: Node, content: [UInt8], origin: [Int]) {
        readBlocks.insert(paragraph)
        add(BlockAlignment(paragraph, content: content, origin: origin, skipsDefinitions: false))
    }

    private mutating func add(_ alignment: BlockAlignment) {
        var block = alignment
        guard block.run() else { return }
        offsets.merge(block.offsets) { $1 }
        braces.merge(block.braces) { $1 }
    }
}

/// Lines up one leaf block's source with its inline nodes (see `InlineSourceMap`).
private struct BlockAlignment {
    enum Bracket { case text(Node), opener(Node) }

    var syntax: InlineSyntax
    /// Source offset of each content byte.
    let origin: [Int]
    let skipsDefinitions: Bool
    var brackets: [Bracket] = [], nextBracket = 0
    var html: [Node] = [], nextHTML = 0
    var braceOwners: [Node] = [], nextBrace = 0
    var offsets: [Node: Int] = [:]
    var braces: [Node: [InlineSourceMap.Brace]] = [:]

    init(_ block: Node, source: SourceText) {
        // The block's content as cmark's inline parser gets it: from the block's first column,
        // then each further line without its indentation and quote markers.
        var content: [UInt8] = [], origin: [Int] = []
        let end = block.endLine < source.lineCount ? source.lineStarts[block.endLine] : source.bytes.count
        var i = source.offset(line: block.startLine, column: block.startColumn)
        var lineStart = false
        while i < end {
            let byte = source.bytes[i]
            if lineStart, byte == 0x20 || byte == 0x09 || byte == UInt8(ascii: ">") { i += 1; continue }
            lineStart = byte == 0x0A
            if byte != 0x0D || source.bytes.count <= i + 1 || source.bytes[i + 1] != 0x0A {
                content.append(byte)
                origin.append(i)
            }
            i += 1
        }
        // Reference definitions may open a paragraph or a setext heading (whose span, like its
        // text, then starts with them); an ATX heading starts with `#`, which no definition does.
        self.init(block, content: content, origin: origin, skipsDefinitions: block.kind == .paragraph || block.kind == .heading)
    }

    init(_ block: Node, content: [UInt8], origin: [Int], skipsDefinitions: Bool) {
        syntax = InlineSyntax(content)
        self.origin = origin
        self.skipsDefinitions = skipsDefinitions
        block.forEachDescendant { node in
            switch node.kind {
            case .link, .image: brackets.append(.opener(node))
            case .htmlInline: html.append(node)
            case .text:
                for byte in (node.literal ?? "").utf8 {
                    if byte == UInt8(ascii: "[") { brackets.append(.text(node)) }
                    if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}") { braceOwners.append(node) }
                }
            default: break
            }
        }
    }

    /// Walks the content; false when it and the tree disagree.
    mutating func run() -> Bool {
        let c = syntax.c
        var i = 0
        if skipsDefinitions {
            while let end = syntax.definitionEnd(i) { i = end }
        }
        // Openers not yet closed, and whether each became a link or image.
        var stack: [Bool] = []
        while i < c.count {
            switch c[i] {
            case UInt8(ascii: "\\"):
                let next = syntax[i + 1]
                guard InlineSyntax.isPunctuation(next) else { i += 1; continue }
                if next == UInt8(ascii: "["), !takeTextBracket() { return false }
                if next == UInt8(ascii: "{") || next == UInt8(ascii: "}"), !takeBrace(at: i, length: 2, escaped: true) { return false }
                i += 2
            case UInt8(ascii: "`"):
                let span = syntax.codeSpanEnd(i)
                i = span.spanEnd ?? span.runEnd
            case UInt8(ascii: "&"):
                guard let entity = syntax.entity(i) else { i += 1; continue }
                switch entity.ascii {
                case UInt8(ascii: "["): if !takeTextBracket() { return false }
                case UInt8(ascii: "{"), UInt8(ascii: "}"): if !takeBrace(at: i, length: entity.end - i, escaped: true) { return false }
                default: break
                }
                i = entity.end
            case UInt8(ascii: "<"):
                if let end = syntax.autolinkEnd(i) {
                    guard takeAutolink(at: i) else { return false }
                    i = end
                } else if let end = syntax.htmlEnd(i) {
                    guard nextHTML < html.count, html[nextHTML].literal == String(decoding: c[i..<end], as: UTF8.self) else { return false }
                    offsets[html[nextHTML]] = origin[i]
                    nextHTML += 1
                    i = end
                } else {
                    i += 1
                }
            case UInt8(ascii: "!") where syntax[i + 1] == UInt8(ascii: "["), UInt8(ascii: "["):
                let image = c[i] == UInt8(ascii: "!")
                guard nextBracket < brackets.count else { return false }
                switch brackets[nextBracket] {
                case .text: stack.append(false)
                case .opener(let node):
                    guard (node.kind == .image) == image else { return false }
                    offsets[node] = origin[i]
                    stack.append(true)
                }
                nextBracket += 1
                i += image ? 2 : 1
            case UInt8(ascii: "]"):
                i += 1
                // A link's destination and title, or its reference label, are not text.
                if stack.popLast() == true { i = syntax.inlineLinkTailEnd(i) ?? syntax.labelEnd(i) ?? i }
            case UInt8(ascii: "{"), UInt8(ascii: "}"):
                if !takeBrace(at: i, length: 1, escaped: false) { return false }
                i += 1
            default:
                i += 1
            }
        }
        return nextBracket == brackets.count && nextHTML == html.count && nextBrace == braceOwners.count
    }

    mutating func takeTextBracket() -> Bool {
        guard nextBracket < brackets.count, case .text = brackets[nextBracket] else { return false }
        nextBracket += 1
        return true
    }

    mutating func takeBrace(at index: Int, length: Int, escaped: Bool) -> Bool {
        guard nextBrace < braceOwners.count else { return false }
        braces[braceOwners[nextBrace], default: []].append(.init(offset: origin[index], length: length, escaped: escaped))
        nextBrace += 1
        return true
    }

    /// An autolink is a link node whose text (the address) is not in the source scan: skip its brackets and braces.
    mutating func takeAutolink(at index: Int) -> Bool {
        guard nextBracket < brackets.count, case .opener(let link) = brackets[nextBracket], link.kind == .link else { return false }
        offsets[link] = origin[index]
        nextBracket += 1
        while nextBracket < brackets.count, case .text(let node) = brackets[nextBracket], node.parent == link { nextBracket += 1 }
        while nextBrace < braceOwners.count, braceOwners[nextBrace].parent == link { nextBrace += 1 }
        return true
    }
}
