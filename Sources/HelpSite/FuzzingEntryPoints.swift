import CommonMark
import Settings

/// Entry points for the fuzz targets (fuzz/), visible inside this package only: the front-matter
/// splitter and decoder, and one page through the Markdown pipeline (ids, TOC, link extraction and
/// rewriting), without a site on disk.
package enum HelpSiteFuzzing {
    /// Splits `text` into front matter and body and decodes the front matter; errors are expected.
    package static func frontMatter(_ text: String) -> Int {
        guard let page = try? PageText.split(text, file: "fuzz.md") else { return 0 }
        return (try? FrontMatter(yaml: page.frontMatter, file: "fuzz.md", firstLine: page.frontMatterLine))?.title.utf8.count ?? 1
    }

    /// Renders `markdown` as the body of `guide/page.md` in a small site and checks what must hold
    /// for any input: heading ids are unique and every diagnostic points into the page.
    /// Rendered twice: in safe mode, and with raw HTML published (its links rewritten and checked).
    package static func renderPage(_ markdown: String) {
        let lastLine = 5 + markdown.utf8.count { $0 == UInt8(ascii: "\n") }
        for renderer in [renderer, unsafeRenderer] {
            let body = renderer.render(Substring(markdown), page: "guide/page.md", file: "content/guide/page.md", firstLine: 5)
            let ids = body.headings.map(\.id)
            precondition(Set(ids).count == ids.count, "duplicate heading ids: \(ids)")
            precondition(ids.allSatisfy { !$0.isEmpty && !PageRenderer.templateIDs.contains($0) }, "bad heading id in \(ids)")
            for diagnostic in body.diagnostics {
                precondition(diagnostic.location.file == "content/guide/page.md" && (5...lastLine).contains(diagnostic.location.line)
                             && diagnostic.location.column >= 1, "diagnostic outside the page: \(diagnostic.formatted)")
            }
        }
    }

    /// Every link, image and inline HTML the source map places is placed on its `[`, `!` or `<`
    /// (a map that lost count would put diagnostics on other text).
    package static func checkInlinePositions(_ markdown: String) {
        let document = Document(markdown: markdown, smartPunctuation: true)
        document.consolidateTextNodes()
        let source = SourceText(Substring(markdown))
        let map = InlineSourceMap(document, source: source)
        document.rootNode.forEachDescendant { node in
            guard let offset = map.offsets[node] else { return }
            let expected: Set<UInt8> = switch node.kind {
            case .image: [UInt8(ascii: "!")]
            case .link: [UInt8(ascii: "["), UInt8(ascii: "<")]
            default: [UInt8(ascii: "<")]
            }
            precondition(expected.contains(source.bytes[offset]), "\(node.kind) placed at byte \(offset)")
        }
    }

    private static let unsafeRenderer = PageRenderer(resolver: renderer.resolver, smartPunctuation: true, unsafeHTML: true)

    private static let renderer = PageRenderer(
        resolver: LinkResolver(inventory: SiteInventory(
            pages: ["index.md", "guide/page.md", "guide/other.md"], draftPages: ["guide/draft.md"],
            assets: ["media/clip.mp4", "images/pic.png"], directories: ["guide", "media", "images"],
            generatedOutputs: ["404.html", "tags/index.html"])),
        smartPunctuation: true, unsafeHTML: false, facts: Facts(Configuration(baseDirectory: "/")))
}
