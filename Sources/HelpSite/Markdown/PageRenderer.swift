import Foundation
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

    /// - Parameters:
    ///   - page: the page's content path (`admin/index.md`), for resolving relative links.
    ///   - file: the path shown in diagnostics.
    ///   - firstLine: the file line on which `body` starts.
    func render(_ body: Substring, page: String, file: String, firstLine: Int) -> RenderedBody {
        var run = PageRun(renderer: self, page: page, file: file, lineOffset: firstLine - 1,
                          document: Document(markdown: String(body), smartPunctuation: smartPunctuation))
        return run.render()
    }
}

/// The state of rendering one page.
private struct PageRun {
    let renderer: PageRenderer
    let page: String
    let file: String
    let lineOffset: Int
    let document: Document
    var diagnostics: [Diagnostic] = []
    var fragmentReferences: [FragmentReference] = []
    /// Links whose destination named an unknown value: already reported, not resolved again.
    var unresolvable: [Node] = []

    init(renderer: PageRenderer, page: String, file: String, lineOffset: Int, document: Document) {
        self.renderer = renderer
        self.page = page
        self.file = file
        self.lineOffset = lineOffset
        self.document = document
    }

    mutating func render() -> RenderedBody {
        document.consolidateTextNodes()
        // Collect first, then edit in an order where no step frees a node a later step uses:
        // links, then images (which may contain links), then callouts, then headings.
        var links: [Node] = [], images: [Node] = [], quotes: [Node] = [], headings: [Node] = []
        substituteFacts()
        for node in document.allNodes() {
            switch node.kind {
            case .link: links.append(node)
            case .image: images.append(node)
            case .blockQuote: quotes.append(node)
            case .heading: headings.append(node)
            case .htmlBlock, .htmlInline:
                if !renderer.unsafeHTML {
                    report(.warning, "raw HTML is left out of the page (set site.unsafe_html: true to allow it)", at: node)
                }
            default: break
            }
        }
        for link in links { rewrite(link, kind: .link) }
        // Innermost first: an image's description may hold another image, and a video replaces
        // (and frees) its image or paragraph with everything inside (found by fuzzing).
        for image in images.reversed() { rewriteImage(image) }
        for quote in quotes {
            if case .unknown(let name) = Callout.transform(quote, in: document) {
                let known = Callout.allCases.map { $0.rawValue.uppercased() }.joined(separator: ", ")
                report(.warning, "unknown callout type '[!\(name)]' (known: \(known)); shown as a quotation", at: quote)
            }
        }
        let outline = searchOutline(headings: headings)
        let pageHeadings = assignIDs(headings)
        let sections = outline.map { SearchSection(id: $0.heading.map { pageHeadings[$0].id }, heading: $0.heading.map { pageHeadings[$0].text } ?? "", text: $0.text) }
        let html = document.renderHTML(unsafe: renderer.unsafeHTML)
        return RenderedBody(html: html, headings: pageHeadings, sections: sections, fragmentReferences: fragmentReferences, diagnostics: diagnostics)
    }

    // MARK: Facts from the configuration

    /// Replaces `{{reset.…}}` in text and link destinations (not in code), before links are
    /// resolved; a paragraph that is only `{{reset.contacts}}` becomes the list of contacts.
    mutating func substituteFacts() {
        guard let facts = renderer.facts else { return }
        for node in document.allNodes() {
            switch node.kind {
            case .paragraph:
                guard node.plainText.trimmingSpaces() == "{{\(Facts.listName)}}", node.children.count == 1 else { continue }
                let items = facts.contacts.map { "<li><strong>\(escapeHTML($0.provider))</strong>: \(escapeHTML($0.contact))</li>" }
                let list = document.makeCustomBlock(onEnter: "<ul class=\"contacts\">\n" + items.joined(separator: "\n") + "\n</ul>", onExit: "")
                if node.replace(with: list) { node.free() } else { list.free() }
            case .text:
                guard let literal = node.literal, Facts.mayHavePlaceholder(literal) else { continue }
                let (text, unknown) = facts.substitute(literal)
                for (name, offset) in unknown {
                    diagnostics.append(.error("unknown value '{{\(name)}}' (known: \(facts.names.joined(separator: ", ")))",
                                              at: SourceLocation(file: file, line: node.startLine + lineOffset, column: node.startColumn + offset)))
                }
                node.literal = text
            case .link, .image:
                guard let url = node.url, Facts.mayHavePlaceholder(url) else { continue }
                let (text, unknown) = facts.substitute(url)
                for (name, _) in unknown {
                    report(.error, "unknown value '{{\(name)}}' in a link (known: \(facts.names.joined(separator: ", ")))", at: node)
                }
                if !unknown.isEmpty { unresolvable.append(node) }
                node.url = text
            default:
                continue
            }
        }
    }

    func location(of node: Node) -> SourceLocation {
        SourceLocation(file: file, line: node.startLine + lineOffset, column: node.startColumn)
    }

    mutating func report(_ severity: Diagnostic.Severity, _ message: String, at node: Node) {
        diagnostics.append(Diagnostic(severity, message, at: location(of: node)))
    }

    // MARK: Links and images

    /// Rewrites a link or image destination; returns the new URL, or nil when it was dropped.
    @discardableResult
    mutating func rewrite(_ node: Node, kind: LinkResolver.Kind) -> String? {
        let destination = node.url ?? ""
        if unresolvable.contains(node) { return nil }
        if !renderer.unsafeHTML, LinkResolver.isDangerous(destination) {
            report(.warning, "unsafe URL '\(destination.prefix(40))' is removed (set site.unsafe_html: true to allow it)", at: node)
            return nil
        }
        switch renderer.resolver.resolve(destination, from: page, kind: kind) {
        case .unchanged:
            return destination
        case .rewritten(let url, let targetPage, let fragment):
            node.url = url
            if let targetPage, let fragment {
                fragmentReferences.append(FragmentReference(location: location(of: node), page: targetPage,
                                                            fragment: fragment, samePage: targetPage == page))
            }
            return url
        case .problem(let severity, let message):
            report(renderer.brokenLinksAreWarnings ? .warning : severity, message, at: node)
            return nil
        }
    }

    mutating func rewriteImage(_ image: Node) {
        let alt = image.plainText.trimmingSpaces()
        let isVideo = MediaEmbed.videoType(of: image.url ?? "")
        if alt.isEmpty {
            report(.warning, "\(isVideo == nil ? "image" : "video") has no description: write one between the brackets, for readers who cannot see it", at: image)
        }
        guard let url = rewrite(image, kind: .image), let type = isVideo else { return }
        // A video alone in its paragraph becomes a block figure; `<p>` may not contain one.
        if let paragraph = image.parent, paragraph.kind == .paragraph, paragraph.children == [image] {
            let figure = document.makeCustomBlock(
                onEnter: MediaEmbed.videoHTML(url: url, type: type, title: alt, block: true), onExit: "")
            if paragraph.replace(with: figure) { paragraph.free() } else { figure.free() }
        } else {
            let player = document.makeCustomInline(
                onEnter: MediaEmbed.videoHTML(url: url, type: type, title: alt, block: false))
            if image.replace(with: player) { image.free() } else { player.free() }
        }
    }

    // MARK: Search

    /// The text of the page by section (the top-level blocks under each heading), shortened, for
    /// the search index. `heading` is the index into `headings`.
    func searchOutline(headings: [Node]) -> [(heading: Int?, text: String)] {
        // `length` is the text's length in characters where it is at least the limit, and an
        // upper bound of it below (counting characters walks the whole text, so it is done only
        // where the limit is in sight).
        var outline: [(heading: Int?, text: String, length: Int)] = [(nil, "", 0)]
        for block in document.rootNode.children {
            if block.kind == .heading, let index = headings.firstIndex(of: block) {
                outline.append((index, "", 0))
                continue
            }
            let last = outline[outline.count - 1]
            guard last.length < Self.searchTextLength else { continue }
            let text = SearchIndex.collapsingWhitespace(Self.readableText(block))
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
    static func readableText(_ node: Node) -> String {
        switch node.kind {
        case .list, .item, .blockQuote, .customBlock, .document:
            return node.children.map(readableText).joined(separator: " ")
        case .codeBlock:
            return node.literal ?? ""
        default:
            return node.plainText
        }
    }

    /// Enough text to find a section by a word in it, while keeping the index small.
    static let searchTextLength = 240

    // MARK: Headings

    mutating func assignIDs(_ nodes: [Node]) -> [Heading] {
        var explicit: [Int: String] = [:]
        var firstUse: [String: SourceLocation] = [:]
        for (index, node) in nodes.enumerated() {
            guard let id = takeExplicitID(from: node) else { continue }
            if PageRenderer.templateIDs.contains(id) {
                report(.error, "heading id '\(id)' is used by the page template; choose another", at: node)
            } else if let first = firstUse[id] {
                report(.error, "heading id '\(id)' is already used on line \(first.line)", at: node)
            } else {
                firstUse[id] = location(of: node)
                explicit[index] = id
            }
        }
        var slugger = HeadingSlugger(reserved: Set(explicit.values).union(PageRenderer.templateIDs))
        var headings: [Heading] = []
        for (index, node) in nodes.enumerated() {
            let text = node.plainText.trimmingSpaces()
            let id = explicit[index] ?? slugger.uniqueID(for: text)
            let level = node.headingLevel
            if level == 1 {
                report(.warning, "level-1 heading in the body: the page title is the page's only h1, so start sections at '##'", at: node)
            }
            headings.append(Heading(level: level, id: id, text: text, location: location(of: node)))
            replace(node, level: level, id: id, text: text)
        }
        return headings
    }

    /// Strips a trailing `{#custom-id}` from the heading's text and returns the id.
    mutating func takeExplicitID(from heading: Node) -> String? {
        guard let last = heading.lastChild, last.kind == .text, let literal = last.literal else { return nil }
        let trimmed = literal.trimmingSpaces()
        guard trimmed.hasSuffix("}"), let open = trimmed.range(of: "{#", options: .backwards) else { return nil }
        let id = String(trimmed[open.upperBound..<trimmed.index(before: trimmed.endIndex)])
        guard !id.isEmpty, id.unicodeScalars.allSatisfy(Self.isIDCharacter) else {
            report(.error, "invalid heading id '\(id)': use letters, digits, '-', '_', '.' or ':'", at: heading)
            return nil
        }
        var before = Substring(trimmed[..<open.lowerBound])
        while let character = before.last, character.isWhitespace { before.removeLast() }
        if before.isEmpty { last.remove() } else { last.literal = String(before) }
        return id
    }

    static func isIDCharacter(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "-" || scalar == "_" || scalar == "." || scalar == ":"
            || scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    /// Replaces the heading with the same heading carrying its id and a permalink.
    func replace(_ heading: Node, level: Int, id: String, text: String) {
        let rendered = heading.renderHTML(unsafe: renderer.unsafeHTML)
        let open = "<h\(level)>", close = "</h\(level)>\n"
        let inner = rendered.hasPrefix(open) && rendered.hasSuffix(close)
            ? String(rendered.dropFirst(open.count).dropLast(close.count)) : rendered
        let escapedID = escapeHTML(id)
        let html = "<h\(level) id=\"\(escapedID)\">\(inner)"
            + "<a class=\"heading-anchor\" href=\"#\(SitePath.percentEncode(id))\" aria-label=\"Link to this section\">#</a></h\(level)>"
        let block = document.makeCustomBlock(onEnter: html, onExit: "")
        if heading.replace(with: block) { heading.free() } else { block.free() }
    }
}
