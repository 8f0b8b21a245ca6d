import Diagnostics
import Testing
@testable import HelpSite

@Suite struct PageRendererTests {
    let inventory = SiteInventory(
        pages: ["index.md", "guide.md", "admin/index.md"], draftPages: [],
        assets: ["media/demo.mp4", "media/clip.webm", "images/pic.png"],
        directories: ["admin", "media", "images"], generatedOutputs: [])

    func render(_ markdown: String, page: String = "index.md", unsafe: Bool = false, firstLine: Int = 4) -> RenderedBody {
        PageRenderer(resolver: LinkResolver(inventory: inventory), smartPunctuation: true, unsafeHTML: unsafe)
            .render(Substring(markdown), page: page, file: "content/\(page)", firstLine: firstLine)
    }

    func messages(_ body: RenderedBody) -> [String] {
        body.diagnostics.sorted().map { "\($0.location.line):\($0.location.column): \($0.severity.rawValue): \($0.message)" }
    }

    // MARK: Headings

    @Test func headingsGetIDsAndPermalinks() {
        let body = render("## Reset your password\n\n## Steps\n\n### Steps\n")
        #expect(body.headings.map(\.id) == ["reset-your-password", "steps", "steps-1"])
        #expect(body.html.contains(##"<h2 id="reset-your-password">Reset your password<a class="heading-anchor" href="#reset-your-password" aria-label="Link to this section">#</a></h2>"##))
        #expect(body.html.contains(##"<h3 id="steps-1">Steps<a class="heading-anchor" href="#steps-1""##))
    }

    @Test func unicodeHeadingsKeepTheirLetters() {
        let body = render("## Passwort zurücksetzen\n\n## パスワードのリセット\n")
        #expect(body.headings.map(\.id) == ["passwort-zurücksetzen", "パスワードのリセット"])
        #expect(body.html.contains(##"<h2 id="パスワードのリセット">"##))
    }

    @Test func customIDOverridesAndIsStripped() {
        let body = render("## Café & crème {#cafe}\n\n## Cafe\n\n## Other {#cafe}\n")
        // The repeated `{#cafe}` is an error; its heading gets the id GitHub gives its text.
        #expect(body.headings.map(\.id) == ["cafe", "cafe-1", "other-cafe"])
        #expect(body.headings.first?.text == "Café & crème")
        #expect(body.html.contains(##"<h2 id="cafe">Café &amp; crème<a"##))
        #expect(!body.html.contains("{#"))
        #expect(messages(body) == ["8:1: error: heading id 'cafe' is already used on line 4"])
    }

    @Test func invalidAndTemplateIDsAreErrors() {
        #expect(messages(render("## A {#has space}\n")) == ["4:1: error: invalid heading id 'has space': use letters, digits, '-', '_', '.' or ':'"])
        #expect(messages(render("## A {#main}\n")) == ["4:1: error: heading id 'main' is used by the page template; choose another"])
        // An automatic id steps around the template's ids.
        #expect(render("## Main\n").headings.first?.id == "main-1")
    }

    @Test func levelOneHeadingInTheBodyIsAWarning() {
        #expect(messages(render("# Title again\n")) == ["4:1: warning: level-1 heading in the body: the page title is the page's only h1, so start sections at '##'"])
    }

    @Test func headingTextIncludesCodeAndLinks() {
        let body = render("## Use `resetlink` with [the guide](guide.md)\n")
        #expect(body.headings.first?.text == "Use resetlink with the guide")
        #expect(body.headings.first?.id == "use-resetlink-with-the-guide")
        #expect(body.html.contains(##"<a href="guide.html">the guide</a>"##))
    }

    // MARK: Callouts

    @Test(arguments: Callout.allCases)
    func calloutsBecomeLabelledBoxes(kind: Callout) {
        let body = render("> [!\(kind.rawValue.uppercased())]\n> Keep this in mind.\n")
        #expect(body.html == """
            <div class="callout callout-\(kind.rawValue)" role="note">
            <p class="callout-title">\(kind.label)</p>
            <p>Keep this in mind.</p>
            </div>

            """)
        #expect(body.diagnostics.isEmpty)
    }

    @Test func calloutKeepsLaterBlocksAndLowercaseMarker() {
        let body = render("> [!note]\n>\n> First paragraph.\n>\n> - a list\n")
        #expect(body.html.hasPrefix(##"<div class="callout callout-note" role="note">"##))
        #expect(body.html.contains("<p>First paragraph.</p>"))
        #expect(body.html.contains("<li>a list</li>"))
        #expect(!body.html.contains("[!"))
    }

    @Test func plainQuotesAndUnknownMarkersStayQuotations() {
        #expect(render("> Just a quote.\n").html == "<blockquote>\n<p>Just a quote.</p>\n</blockquote>\n")
        let unknown = render("> [!DANGER]\n> Text\n")
        #expect(unknown.html.hasPrefix("<blockquote>"))
        #expect(messages(unknown) == ["4:1: warning: unknown callout type '[!DANGER]' (known: NOTE, TIP, IMPORTANT, WARNING, CAUTION); shown as a quotation"])
    }

    // MARK: Media

    @Test func videoAloneInAParagraphBecomesAFigureWithDownloadFallback() {
        let body = render("![Walkthrough of the reset](media/demo.mp4)\n")
        #expect(body.html == """
            <figure class="video"><video controls preload="metadata" aria-label="Walkthrough of the reset">\
            <source src="media/demo.mp4" type="video/mp4">Your browser cannot play this video: \
            <a href="media/demo.mp4" download>download demo.mp4</a>.</video><figcaption>Walkthrough of the reset · \
            <a href="media/demo.mp4" download>Download the video (demo.mp4)</a></figcaption></figure>

            """)
    }

    @Test func inlineVideoStaysPhrasingContent() {
        let body = render("See ![clip](../media/clip.webm) here.\n", page: "admin/index.md")
        #expect(body.html.hasPrefix(##"<p>See <video controls preload="metadata" aria-label="clip"><source src="../media/clip.webm" type="video/webm">"##))
        #expect(!body.html.contains("<figure"))
        #expect(!body.html.contains("<img"))
    }

    // Found by fuzzing: the outer video freed its paragraph, inner image and all, before the inner
    // image was rewritten.
    @Test func imagesInsideVideoDescriptionsAreSafe() {
        let body = render("![Outer ![inner](media/clip.webm) picture ![pic](images/pic.png)](media/demo.mp4)\n\n"
                          + "Inline ![a ![b](media/clip.webm)](media/demo.mp4) and ![c ![d](images/pic.png)](images/pic.png).\n")
        #expect(body.html.hasPrefix(#"<figure class="video"><video controls preload="metadata" aria-label="Outer"#))
        #expect(body.html.contains(#"<source src="media/demo.mp4" type="video/mp4">"#))
        #expect(body.html.contains(#"<img src="images/pic.png""#))
        #expect(body.diagnostics.allSatisfy { $0.severity != .error })
    }

    @Test func imagesAreRewrittenAndNeedDescriptions() {
        let body = render("![](images/pic.png)\n\n![Missing](images/gone.png)\n")
        #expect(body.html.contains(##"<img src="images/pic.png" alt="" />"##))
        #expect(messages(body) == [
            "4:1: warning: image has no description: write one between the brackets, for readers who cannot see it",
            "6:1: error: missing image or media file 'images/gone.png'",
        ])
    }

    @Test func missingVideoIsAnErrorAndNotEmbedded() {
        let body = render("![Gone](media/gone.mp4)\n")
        #expect(messages(body) == ["4:1: error: missing image or media file 'media/gone.mp4'"])
        #expect(!body.html.contains("<video"))
    }

    // MARK: Links and safety

    @Test func linksAreRewrittenWithPositions() {
        let body = render("Text [home](index.md) and\n[admin](admin/#top) [same](#here)\n", page: "guide.md")
        #expect(body.html.contains(##"<a href="index.html">home</a>"##))
        #expect(body.html.contains(##"<a href="admin/index.html#top">admin</a>"##))
        #expect(body.fragmentReferences.map { "\($0.location.line):\($0.location.column) \($0.page)#\($0.fragment) \($0.samePage)" }
                == ["5:1 admin/index.md#top false", "5:21 guide.md#here true"])
    }

    @Test func rawHTMLAndScriptURLsAreDroppedInSafeMode() {
        let body = render("<script>alert(1)</script>\n\n[x](javascript:alert(1))\n")
        #expect(!body.html.contains("<script>"))
        #expect(body.html.contains("<!-- raw HTML omitted -->"))
        #expect(body.html.contains(##"<a href="">x</a>"##))
        #expect(messages(body) == [
            "4:1: warning: raw HTML is left out of the page (set site.unsafe_html: true to allow it)",
            "6:1: warning: unsafe URL 'javascript:alert(1)' is removed (set site.unsafe_html: true to allow it)",
        ])
    }

    @Test func unsafeModeKeepsRawHTML() {
        let body = render("<div class=\"x\">raw</div>\n", unsafe: true)
        #expect(body.html == "<div class=\"x\">raw</div>\n")
        #expect(body.diagnostics.isEmpty)
    }

    @Test func smartPunctuation() {
        #expect(render("\"Quoted\" -- it's\n").html == "<p>“Quoted” – it’s</p>\n")
    }

    @Test func tableOfContentsNestsLevelThreeUnderLevelTwo() {
        let contexts = TemplateContexts(site: .init(), baseURL: "https://x.example/", model: SiteModel.empty)
        let toc = contexts.tableOfContents(render("## A\n### A1\n### A2\n#### deep\n## B\n").headings)
        #expect(toc.map(\.text) == ["A", "B"])
        #expect(toc.first?.children.map(\.id) == ["a1", "a2"])
        #expect(toc.last?.children.isEmpty == true)
    }
}

extension SiteModel {
    static let empty = SiteModel(
        pages: [], pageIndex: [:], navigation: NavigationTree(pages: []), tags: TagIndex(pages: []),
        generatedSections: [], aliases: [],
        inventory: SiteInventory(pages: [], draftPages: [], assets: [], directories: [], generatedOutputs: []),
        contentAssets: [], templateAssets: [])
}
