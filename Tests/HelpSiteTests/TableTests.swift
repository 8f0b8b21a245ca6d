import Diagnostics
import Settings
import Testing
@testable import HelpSite

/// GitHub-style pipe tables in help pages: where they may stand, what their cells may hold, and
/// that the other passes (links, values, search text) treat cells like any text.
@Suite struct TableTests {
    let inventory = SiteInventory(pages: ["index.md", "other.md"], draftPages: [], assets: ["images/pic.png"],
                                  directories: ["images"], generatedOutputs: [])

    func render(_ markdown: String, smart: Bool = true, facts: Facts? = nil) -> RenderedBody {
        var renderer = PageRenderer(resolver: LinkResolver(inventory: inventory), smartPunctuation: smart, unsafeHTML: false)
        renderer.facts = facts
        var body = renderer.render(Substring(markdown), page: "index.md", file: "content/index.md", firstLine: 4)
        body.html = withoutTableWrappers(body.html)
        return body
    }

    @Test func aTableScrollsInItsWrapper() {
        let renderer = PageRenderer(resolver: LinkResolver(inventory: inventory), smartPunctuation: true, unsafeHTML: false)
        let html = renderer.render("| a | b |\n| - | - |\n| 1 | 2 |\n", page: "index.md", file: "content/index.md", firstLine: 1).html
        #expect(html == "<div class=\"table-scroll\" tabindex=\"0\">\n" + Self.simpleTable + "</div>\n")
    }

    func messages(_ body: RenderedBody) -> [String] {
        body.diagnostics.sorted().map { "\($0.location.line):\($0.location.column): \($0.severity.rawValue): \($0.message)" }
    }

    static let simpleTable = """
        <table>
        <thead>
        <tr>
        <th>a</th>
        <th>b</th>
        </tr>
        </thead>
        <tbody>
        <tr>
        <td>1</td>
        <td>2</td>
        </tr>
        </tbody>
        </table>

        """

    @Test func smartPunctuationKeepsTheDelimiterRowAndCurlsQuotesInCells() {
        let body = render("| \"a\" | it's |\n|---|:---:|\n| -- | x |\n")
        #expect(body.html == """
            <table>
            <thead>
            <tr>
            <th>“a”</th>
            <th style="text-align: center">it’s</th>
            </tr>
            </thead>
            <tbody>
            <tr>
            <td>–</td>
            <td style="text-align: center">x</td>
            </tr>
            </tbody>
            </table>

            """)
    }

    @Test func tableInAListItem() {
        let body = render("- Item\n\n  | a | b |\n  | - | - |\n  | 1 | 2 |\n- Next\n")
        #expect(body.html == "<ul>\n<li>\n<p>Item</p>\n" + Self.simpleTable + "</li>\n<li>\n<p>Next</p>\n</li>\n</ul>\n")
        // In a tight list the lines before the header stay a tight paragraph (no <p>), as in GFM.
        let tight = render("- Item\n  | a | b |\n  | - | - |\n  | 1 | 2 |\n")
        #expect(tight.html == "<ul>\n<li>Item\n" + Self.simpleTable + "</li>\n</ul>\n")
    }

    @Test func tableInABlockQuoteWithALazyRow() {
        let body = render("> | a | b |\n> | - | - |\n> | 1 | 2 |\n")
        #expect(body.html == "<blockquote>\n" + Self.simpleTable + "</blockquote>\n")
        let nested = render("> > | a | b |\n> > |---|---|\n| 1 | 2 |\n")
        #expect(nested.html == "<blockquote>\n<blockquote>\n" + Self.simpleTable + "</blockquote>\n</blockquote>\n")
    }

    @Test func escapedPipeInInlineCodeStaysInTheCell() {
        let body = render("| Command | Means |\n| --- | --- |\n| `a \\| b` | either \\| or |\n")
        #expect(body.html.contains("<td><code>a | b</code></td>\n<td>either | or</td>"))
    }

    @Test func cellsStayInlineText() {
        let body = render("| h |\n| - |\n| # x |\n| - y |\n| 1. z |\n| > q |\n| [r]: /s |\n")
        for cell in ["# x", "- y", "1. z", "&gt; q", "[r]: /s"] { #expect(body.html.contains("<td>\(cell)</td>")) }
    }

    @Test func linksInCellsAreRewrittenAndBrokenOnesReportedWhereTheyAre() {
        let body = render("Intro\n\n| Page | Link |\n| --- | --- |\n| one | [x](other.md) |\n| two | see [y](missing.md) |\n")
        #expect(body.html.contains(#"<td><a href="other.html">x</a></td>"#))
        // Line 6 of the body is line 9 of the file; the link's `[` is at byte column 13.
        #expect(messages(body).count == 1)
        #expect(messages(body).first?.hasPrefix("9:13: error:") == true, "\(messages(body))")
    }

    @Test func referenceLinksInCellsUseThePagesDefinitions() {
        let body = render("| a |\n| - |\n| [x][ref] and [y] and [z] |\n\n[ref]: other.md\n> [y]: https://example.com/y\n\n- [z]: https://example.com/z\n")
        #expect(body.html.contains(#"<td><a href="other.html">x</a> and <a href="https://example.com/y">y</a> and <a href="https://example.com/z">z</a></td>"#))
        // An undefined reference stays text, as in the page.
        #expect(render("| a |\n| - |\n| [nope] |\n").html.contains("<td>[nope]</td>"))
    }

    @Test func valuesInCellsAreSubstitutedAndUnknownOnesReportedAtTheirColumn() throws {
        let facts = Facts(try Configuration.load(path: Paths.fixtureConfig("basic")))
        let lifetime = try #require(facts.values["reset.link_lifetime"])
        let body = render("| Link | Lasts |\n| - | - |\n| reset | {{reset.link_lifetime}} |\n| x | ok {{reset.nope}} |\n", facts: facts)
        #expect(body.html.contains("<td>\(lifetime)</td>"))
        #expect(messages(body).map { $0.prefix(12) } == ["7:10: error:"])
    }

    @Test func searchTextIncludesCells() {
        let body = render("## Limits\n\n| Setting | Value |\n| --- | --- |\n| lifetime | sixty minutes |\n")
        #expect(body.sections.last?.text == "Setting Value lifetime sixty minutes")
    }

    @Test func paragraphLinesBeforeTheHeaderStayAParagraph() {
        let body = render("Some *text*\n| a | b |\n| - | - |\n| 1 | 2 |\n|\nafter\n")
        #expect(body.html == "<p>Some <em>text</em></p>\n" + Self.simpleTable + "<p>|\nafter</p>\n")
    }

    @Test func pipesWithoutADelimiterRowStayAParagraph() {
        #expect(render("a | b\nc | d\n").html == "<p>a | b\nc | d</p>\n")
        #expect(render("| a | b |\n| --- |\n", smart: false).html == "<p>| a | b |\n| --- |</p>\n")
    }

    @Test func bigTableKeepsEveryRow() {
        let rows = (1...2_000).map { "| r\($0) | [x](other.md) |\n" }.joined()
        let body = render("| a | b |\n| - | - |\n" + rows)
        #expect(body.html.components(separatedBy: "<tr>").count == 2_002)
        #expect(body.diagnostics.isEmpty)
    }
}

@Suite struct TableEdgeTests {
    let base = TableTests()

    @Test func aDashUnderlineAfterATableIsARuleNotAHeading() {
        // cmark alone reads the whole table as a setext heading's text.
        let body = base.render("| a | b |\n| - | - |\n| 1 | 2 |\n---\n")
        #expect(body.html == TableTests.simpleTable + "<hr />\n")
        #expect(body.headings.isEmpty)
        let equals = base.render("| a |\n| - |\n| 1 |\n===\n")
        #expect(equals.html.contains("<td>1</td>\n</tr>\n<tr>\n<td>===</td>"))
    }

    @Test func aDefinitionBeforeTheTableStillDefines() {
        let body = base.render("[a]: other.md\n| x |\n| - |\n| [a] |\n")
        #expect(body.html == "<table>\n<thead>\n<tr>\n<th>x</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<td><a href=\"other.html\">a</a></td>\n</tr>\n</tbody>\n</table>\n")
    }

    @Test func cellWithManyEscapedPipesAndInlinesMapsPositions() {
        let cell = String(repeating: "\\|*a*", count: 3) + " [b](missing.md)"
        let body = base.render("| h |\n| - |\n| \(cell) |\n")
        #expect(body.html.contains("<td>|<em>a</em>|<em>a</em>|<em>a</em> "))
        // `[` is at byte 3 + cell offset of 19 ("\\|*a*" is five bytes, three times, and a space).
        #expect(base.messages(body).first?.hasPrefix("6:19: error:") == true, "\(base.messages(body))")
    }
}

@Suite struct TaskListTests {
    let base = TableTests()

    @Test func markersBecomeDisabledCheckboxesOnlyAtTheStartOfAnItem() {
        let body = base.render("- [ ] \"open\"\n- [X] done\n- not [ ] a task\n- [ ]\n- [x]no space\n\n[ ] not in a list\n")
        #expect(body.html == """
            <ul>
            <li><input disabled="" type="checkbox"> “open”</li>
            <li><input checked="" disabled="" type="checkbox"> done</li>
            <li>not [ ] a task</li>
            <li>[ ]</li>
            <li>[x]no space</li>
            </ul>
            <p>[ ] not in a list</p>

            """)
        #expect(body.sections.first?.text == "“open” done not [ ] a task [ ] [x]no space [ ] not in a list")
    }

    @Test func orderedAndLooseItems() {
        let body = base.render("1. [x] first\n\n2. [ ] second\n")
        #expect(body.html.contains("<li>\n<p><input checked=\"\" disabled=\"\" type=\"checkbox\"> first</p>"))
    }
}

/// Tables in hostile shapes: deep containers, many tables, wide rows. Sized so a quadratic
/// step would show (the suite runs under a time limit); figures are bench/tables.sh's.
@Suite struct HostileTableTests {
    let base = TableTests()

    @Test func tableInsideThousandsOfNestedQuotes() {
        let depth = 3_000
        let prefix = String(repeating: "> ", count: depth)
        let body = base.render(prefix + "| a | b |\n" + prefix + "| - | - |\n| lazy | row |\n")
        #expect(body.html.components(separatedBy: "<blockquote>").count == depth + 1)
        #expect(body.html.contains("<td>lazy</td>\n<td>row</td>"))
    }

    @Test func manySmallTablesAndAWideRow() {
        let tables = String(repeating: "| a | b |\n| - | - |\n| 1 | 2 |\n\n", count: 2_000)
        #expect(base.render(tables).html.components(separatedBy: "<table>").count == 2_001)
        let wide = String(repeating: "| x ", count: 5_000) + "|\n" + String(repeating: "|-", count: 5_000) + "|\n"
        #expect(base.render(wide).html.components(separatedBy: "<th>").count == 5_001)
    }

    @Test func paragraphOfNearMissDelimiterRows() {
        // Every other line looks like a delimiter row whose header has one cell too many.
        let lines = String(repeating: "a | b | c\n-|-\n", count: 5_000)
        let body = base.render(lines)
        #expect(!body.html.contains("<table>"))
    }
}

/// A table through a whole build: the page's output, its search index entry, and a broken link in
/// a cell reported at its line in the file (front matter counted).
@Suite struct TableSiteTests {
    typealias Site = HostileContentTests.Site

    @Test func tableBuildsIntoThePageAndTheSearchIndex() async throws {
        let body = "## Limits\n\n| Setting | Value |\n| --- | ---: |\n| lifetime | [sixty](index.md) minutes |\n"
        let site = try Site(["index.md": HostileContentTests.page("Home", "Text."), "limits.md": HostileContentTests.page("Limits", body)])
        _ = try await site.build()
        let html = try site.output("limits.html")
        #expect(html.contains("<td style=\"text-align: right\"><a href=\"index.html\">sixty</a> minutes</td>"))
        #expect(try site.output("search-index.js").contains("Setting Value lifetime sixty minutes"))
    }

    @Test func brokenLinkInACellIsAnErrorAtItsPlace() async throws {
        let body = "| a | b |\n|---|---|\n| x | [gone](missing.md) |\n"
        let site = try Site(["index.md": HostileContentTests.page("Home", body)])
        let errors = await site.errors()
        // Front matter (3 lines) and a blank line come first: the row is line 7, `[` at column 7.
        #expect(errors.count == 1)
        #expect(errors.first?.hasPrefix("content/index.md:7:7: error:") == true, "\(errors)")
    }
}
