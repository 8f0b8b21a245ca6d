import Settings
import Testing
@testable import HelpSite

/// Heading ids of rendered pages are GitHub's: made from the heading's source text as GitHub
/// renders it (no smart punctuation, no image descriptions, entities decoded), with the documented
/// exceptions only (`{#id}`, the template's ids, headings of only symbols).
@Suite struct HeadingIDTests {
    let inventory = SiteInventory(pages: ["index.md", "guide.md"], draftPages: [], assets: ["images/pic.png"],
                                  directories: ["images"], generatedOutputs: [])

    func render(_ markdown: String) -> RenderedBody {
        PageRenderer(resolver: LinkResolver(inventory: inventory), smartPunctuation: true, unsafeHTML: false)
            .render(Substring(markdown), page: "index.md", file: "content/index.md", firstLine: 1)
    }

    func ids(_ markdown: String) -> [String] { render(markdown).headings.map(\.id) }

    /// Every github-slugger fixture as a heading of one page (its input with Markdown's
    /// punctuation escaped, or the fixture's own Markdown): the ids are GitHub's.
    @Test func githubSluggersFixturesAsOnePage() {
        let fixtures = SluggerFixture.all
        let page = fixtures.map { fixture in
            if let markdown = fixture.markdownOverwrite { return "#" + markdown }
            var escaped = ""
            for character in fixture.input {
                if character.isASCII, character.isPunctuation || character.isSymbol { escaped.append("\\") }
                escaped.append(character)
            }
            return "## " + escaped
        }.joined(separator: "\n\n")
        let headings = render(page).headings
        #expect(headings.count == fixtures.count)
        for (heading, fixture) in zip(headings, fixtures) {
            #expect(heading.id == fixture.expected, "\(fixture.position + 1). \(fixture.name)")
        }
    }

    /// The causes of the 39 differences found on 306 headings, each with GitHub's id (github-slugger
    /// on the text GitHub renders), and what they did to later repeats.
    @Test func idsAreMadeFromTheSourceAsGitHubRendersIt() {
        let page = """
            ## A -- B

            ## Foo--bar

            ## "Quoted" and 'single'

            ## Wait...

            ## ΟΔΟΣ

            ## x²

            ## ½ off

            ## Ⓐ circled

            ## Logo ![alt text](images/pic.png) here

            ## &#x20;a&#x20;

            ## x

            ## Use `--force`

            ## AT&amp;T a&nbsp;b

            ## See [the guide](guide.md) and [Full][ref]

            Multi
            line
            -----

            ## *Emphasis* and **strong**, \\*not emphasis\\*

            [ref]: guide.md
            """
        #expect(ids(page) == [
            "a----b", "foo--bar", "quoted-and-single", "wait", "οδος", "x", "-off", "ⓐ-circled", "logo--here",
            "-a-", "x-1", "use---force", "att-ab", "see-the-guide-and-full", "multiline", "emphasis-and-strong-not-emphasis",
        ])
        // What readers see keeps smart punctuation; only the id is GitHub's.
        #expect(render("## A -- B\n").headings.first?.text == "A – B")
    }

    /// The page shows the value; the id is made from the name, so it does not change with the
    /// configuration (and is the id GitHub gives the same file).
    @Test func valuesShowInTheHeadingButNotInItsID() {
        var renderer = PageRenderer(resolver: LinkResolver(inventory: inventory), smartPunctuation: true, unsafeHTML: false)
        renderer.facts = Facts(Configuration(baseDirectory: "/tmp"))
        let body = renderer.render("## Valid for {{reset.link_lifetime}}\n", page: "index.md", file: "content/index.md", firstLine: 1)
        #expect(body.headings.map(\.id) == ["valid-for-resetlink_lifetime"])
        #expect(body.headings.first.map { $0.text.hasPrefix("Valid for ") && !$0.text.contains("{{") } == true)
    }

    @Test func symbolOnlyHeadingsGetAnIDNoOtherHeadingHas() {
        // GitHub: "", "-1", "section", "-2", "-1-1"; only the symbol-only ones differ.
        #expect(ids("## 🎉\n\n## !!!\n\n## Section\n\n##\n\n## -1\n") == ["section-1", "section-2", "section", "section-3", "-1-1"])
    }

    @Test func anExplicitIDHeadingIsCountedAsGitHubCountsIt() {
        // GitHub shows `{#x}` as text: `foo-x`, so the next `Foo x` is `foo-x-1` there too.
        #expect(ids("## Foo {#x}\n\n## Foo x\n") == ["x", "foo-x-1"])
    }

    @Test func escapedBracesAreTextNotAnID() {
        let body = render("## Foo \\{#bar}\n\n## Foo &#123;#baz}\n\n## Foo {#qux\\}\n")
        #expect(body.headings.map(\.id) == ["foo-bar", "foo-baz", "foo-qux"])
        #expect(body.headings.map(\.text) == ["Foo {#bar}", "Foo {#baz}", "Foo {#qux}"])
        #expect(body.diagnostics.isEmpty)
    }

    @Test func explicitIDsInEveryHeadingForm() {
        // cmark ends a setext heading followed by a blank line on that line, at column 0.
        let body = render("## Closed {#closed} ##\n\nSetext {#setext}\n---\n\nSetext \\{#no}\n---\n\n## Slash \\\\{#yes}\n\n"
                          + "> ## Quoted {#quoted}\n\n- Item\n  setext {#item}\n  ---\n\n  more\n\nLast {#last}\n===")
        #expect(body.headings.map(\.id) == ["closed", "setext", "setext-no", "yes", "quoted", "item", "last"])
        #expect(body.headings.map(\.text) == ["Closed", "Setext", "Setext {#no}", "Slash \\", "Quoted", "Item setext", "Last"])
    }
}
