import CommonMark
import Diagnostics

extension PageRun {
    /// Links first, then images innermost first: an image's description may hold another image,
    /// and a video replaces its image or paragraph with everything inside.
    mutating func rewriteLinksAndMedia(links: [Node], images: [Node]) {
        for link in links { rewrite(link, kind: .link) }
        let described = images.isEmpty ? [] : describedImages()
        for image in images.reversed() { rewriteImage(image, hasDescription: described.contains(image)) }
    }

    /// The images whose description has some text, found in one walk: asking each image for its
    /// text would cost n² on images nested n deep in each other's descriptions.
    func describedImages() -> Set<Node> {
        var described: Set<Node> = [], open: [Node] = []
        document.rootNode.walk { node, entering in
            switch node.kind {
            case .image where entering: open.append(node)
            case .image:
                open.removeLast()
                if described.contains(node), let outer = open.last { described.insert(outer) }
            case .text, .code:
                if let image = open.last, !(node.literal ?? "").allSatisfy(\.isWhitespace) { described.insert(image) }
            default: break
            }
        }
        return described
    }

    /// Rewrites a link or image destination; returns the new URL, or nil when it was dropped.
    @discardableResult
    mutating func rewrite(_ node: Node, kind: LinkResolver.Kind) -> String? {
        let destination = node.url ?? ""
        if unresolvable.contains(node) { return nil }
        if !renderer.unsafeHTML, LinkResolver.isDangerous(destination) {
            report(.warning, "unsafe URL '\(destination.prefix(40))' is removed (set site.unsafe_html: true to allow it)", at: node)
            return nil
        }
        guard let url = resolveLink(destination, kind: kind, at: .node(node)) else { return nil }
        node.url = url
        return url
    }

    /// Where a link is: a node (placed only if needed, see `InlineSourceMap`) or a known place.
    enum LinkPlace {
        case node(Node)
        case location(SourceLocation)
    }

    /// The URL a destination becomes (its `#fragment` recorded for the check), or nil when it is
    /// broken (reported at `place`).
    mutating func resolveLink(_ destination: String, kind: LinkResolver.Kind, at place: LinkPlace) -> String? {
        switch renderer.resolver.resolve(destination, from: page, kind: kind, writtenInto: printScope?.outputPath) {
        case .unchanged:
            return destination
        case .rewritten(let url, let targetPage, let fragment):
            if let print = printScope {
                // The page's own render checks its links; here they only lead within the view or out of it.
                if kind == .link, let targetPage, print.members.contains(targetPage) {
                    return PrintAnchor.href(page: targetPage, fragment: fragment)
                }
                // Shown files are fitted to each view's folder afterwards (`PrintBody.fitted`).
                if kind == .image { return PrintBody.filePrefix + url }
                // Other links lead to the published site: on paper or in a saved PDF a relative URL leads nowhere.
                if kind == .link, !renderer.baseURL.isEmpty, let path = SitePath.resolve(url, in: SitePath.directory(of: print.outputPath)) {
                    return renderer.baseURL + path
                }
                return url
            }
            if let targetPage, let fragment {
                fragmentReferences.append(FragmentReference(location: location(of: place), page: targetPage, fragment: fragment, samePage: targetPage == page))
            }
            return url
        case .problem(let severity, let message):
            diagnostics.append(Diagnostic(renderer.brokenLinksAreWarnings ? .warning : severity, message, at: location(of: place)))
            return nil
        }
    }

    private mutating func location(of place: LinkPlace) -> SourceLocation {
        switch place {
        case .node(let node): location(of: node)
        case .location(let location): location
        }
    }

    mutating func rewriteImage(_ image: Node, hasDescription: Bool) {
        let isVideo = MediaEmbed.videoType(of: image.url ?? "")
        if !hasDescription {
            report(.warning, "\(isVideo == nil ? "image" : "video") has no description: write one between the brackets, for readers who cannot see it", at: image)
        }
        guard let url = rewrite(image, kind: .image), let type = isVideo else { return }
        // Inner videos are already players without text, so this walk stays linear.
        let alt = image.plainText.trimmingSpaces()
        inlineSource.readBlock(containing: image)
        // A video alone in its paragraph becomes a block figure; `<p>` may not contain one.
        if let paragraph = image.parent, paragraph.kind == .paragraph, paragraph.children == [image] {
            let figure = document.makeCustomBlock(
                onEnter: MediaEmbed.videoHTML(url: url, type: type, title: alt, block: true), onExit: "")
            paragraph.replace(with: figure)
        } else {
            let player = document.makeCustomInline(
                onEnter: MediaEmbed.videoHTML(url: url, type: type, title: alt, block: false))
            image.replace(with: player)
        }
    }
}
