import CommonMark
import Diagnostics

/// A heading of a rendered page.
struct Heading: Sendable, Equatable {
    var level: Int
    var id: String
    var text: String
    var location: SourceLocation
}

/// A part of a page for the search index: the text under one heading (or before the first).
struct SearchSection: Sendable, Equatable {
    /// The heading's id; nil for the page's opening text.
    var id: String?
    var heading: String
    var text: String
}

/// What rendering one page's Markdown produced.
struct RenderedBody: Sendable {
    var html: String
    var headings: [Heading]
    var sections: [SearchSection] = []
    /// Fragments this page links to, checked once all pages' heading ids are known.
    var fragmentReferences: [FragmentReference]
    var diagnostics: [Diagnostic]
    /// Words of raw HTML that safe mode left out (for the build's summary).
    var droppedHTMLWords = 0
    /// Ids that raw HTML gives its elements (`<a id>`, `<a name>`), anchors like headings' ids.
    var rawIDs: Set<PublishedID> = []
}

/// Renders one page's Markdown body: cmark parses it, then links are rewritten and checked against
/// the inventory, videos and callouts are turned into their HTML, and headings get ids.
struct PageRenderer: Sendable {
    /// Ids the page templates give their own elements; headings must not take them.
    static let templateIDs: Set<String> = ["main", "toc-title", "section-pages-title"]

    let resolver: LinkResolver
    let smartPunctuation: Bool
    let unsafeHTML: Bool
    var brokenLinksAreWarnings = false
    /// `{{reset.…}}` values from the configuration.
    var facts: Facts?
    /// The same in each other language (their wording, and their links carry `?lang=`).
    var translatedFacts: [String: Facts] = [:]

    /// The facts in the language of `page`.
    func facts(for page: String) -> Facts? {
        translatedFacts.isEmpty ? facts : translatedFacts[resolver.languages.language(of: page)] ?? facts
    }

    /// - Parameters:
    ///   - page: the page's content path (`admin/index.md`), for resolving relative links.
    ///   - file: the path shown in diagnostics.
    ///   - firstLine: the file line on which `body` starts.
    func render(_ body: Substring, page: String, file: String, firstLine: Int) -> RenderedBody {
        var run = PageRun(renderer: self, page: page, file: file, lineOffset: firstLine - 1, source: SourceText(body),
                          document: Document(markdown: String(body), smartPunctuation: smartPunctuation))
        return run.render()
    }
}

/// The state of rendering one page; each pass is in its own file under Passes/.
struct PageRun {
    let renderer: PageRenderer
    let page: String
    let file: String
    let lineOffset: Int
    let source: SourceText
    let document: Document
    var diagnostics: [Diagnostic] = []
    var fragmentReferences: [FragmentReference] = []
    /// Links whose destination named an unknown value: already reported, not resolved again.
    var unresolvable: Set<Node> = []
    /// Where inline nodes and text braces are in the source, read from a block before any pass
    /// edits it; the table pass adds the paragraphs it parses apart (cells, lines split off around a table).
    var inlineSource = InlineSourceMap()
    /// Words of raw HTML that safe mode left out of the page.
    var droppedHTMLWords = 0
    /// Ids defined in the page's raw HTML.
    var rawIDs: Set<PublishedID> = []

    init(renderer: PageRenderer, page: String, file: String, lineOffset: Int, source: SourceText, document: Document) {
        self.renderer = renderer
        self.page = page
        self.file = file
        self.lineOffset = lineOffset
        self.source = source
        self.document = document
    }

    /// The passes, in the only order that works: tables first (their cells are parsed apart, then
    /// go through every later pass; `finishTables` renders them last), task-list items (their
    /// marker must still be the item's first text), facts (they may make a link's destination),
    /// links and media (an image may hold a link), raw HTML, callouts, the search outline (which
    /// reads the headings before they become HTML), then heading ids. The inline source map reads
    /// a block as cmark made it: a pass that edits inlines has it read the block first, and no
    /// pass after the callouts (which edit a quote's first text) asks where an inline is.
    mutating func render() -> RenderedBody {
        document.consolidateTextNodes()
        inlineSource = InlineSourceMap(source: source)
        let tableCells = buildTables()
        markTaskListItems()
        substituteFacts()
        let nodes = collectNodes()
        rewriteLinksAndMedia(links: nodes.links, images: nodes.images)
        if renderer.unsafeHTML { rewriteRawHTML(nodes.rawHTML) } else { reportLeftOutHTML(nodes.rawHTML) }
        transformCallouts(nodes.quotes)
        let outline = searchOutline(headings: nodes.headings)
        let pageHeadings = assignIDs(nodes.headings)
        let sections = outline.map {
            SearchSection(id: $0.heading.map { pageHeadings[$0].id }, heading: $0.heading.map { pageHeadings[$0].text } ?? "", text: $0.text)
        }
        finishTables(tableCells)
        let html = document.renderHTML(unsafe: renderer.unsafeHTML)
        return RenderedBody(html: html, headings: pageHeadings, sections: sections, fragmentReferences: fragmentReferences, diagnostics: diagnostics,
                            droppedHTMLWords: droppedHTMLWords, rawIDs: rawIDs)
    }

    /// The nodes the passes edit, collected in one walk before any edit.
    func collectNodes() -> (links: [Node], images: [Node], quotes: [Node], headings: [Node], rawHTML: [Node]) {
        var links: [Node] = [], images: [Node] = [], quotes: [Node] = [], headings: [Node] = [], rawHTML: [Node] = []
        document.rootNode.forEachDescendant { node in
            switch node.kind {
            case .link: links.append(node)
            case .image: images.append(node)
            case .blockQuote: quotes.append(node)
            case .heading: headings.append(node)
            case .htmlBlock, .htmlInline: rawHTML.append(node)
            default: break
            }
        }
        return (links, images, quotes, headings, rawHTML)
    }

    /// A node's place in the file: for links, images and inline HTML the map's (cmark's own inline
    /// positions are off, see `InlineSourceMap`), else cmark's.
    mutating func location(of node: Node) -> SourceLocation {
        if let offset = inlineSource.offset(of: node) { return location(ofOffset: offset) }
        return SourceLocation(file: file, line: node.startLine + lineOffset, column: node.startColumn)
    }

    /// The place in the file of a byte offset in the page body.
    func location(ofOffset offset: Int) -> SourceLocation {
        let position = source.position(ofOffset: offset)
        return SourceLocation(file: file, line: position.line + lineOffset, column: position.column)
    }

    mutating func report(_ severity: Diagnostic.Severity, _ message: String, at node: Node) {
        diagnostics.append(Diagnostic(severity, message, at: location(of: node)))
    }
}
