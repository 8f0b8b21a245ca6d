import Foundation
import Testing
@testable import HelpSite

/// The print views (`print.html`, `FOLDER/print.html`): every page once, in the sidebar's order,
/// ids unique across pages, links between its pages in-page, others to the published site.
@Suite struct PrintViewTests {
    /// The basic fixture, built once per test.
    static func built() async throws -> String {
        let output = try makeTemporaryDirectory() + "/public"
        try await buildFixture("basic", output: output)
        return output
    }

    /// Every `id="…"` in the file, in order.
    static func ids(in html: String) -> [String] { values(of: "id", in: html) }

    static func values(of attribute: String, in html: String) -> [String] {
        var found: [String] = []
        var rest = html[...]
        let marker = " \(attribute)=\""
        while let start = rest.range(of: marker) {
            let after = rest[start.upperBound...]
            guard let end = after.firstIndex(of: "\"") else { break }
            found.append(String(after[..<end]))
            rest = after[end...]
        }
        return found
    }

    static func articleIDs(in html: String) -> [String] {
        html.components(separatedBy: "<article class=\"page print-page\" id=\"").dropFirst().map { String($0.prefix { $0 != "\"" }) }
    }

    @Test func theWholeGuideInTheSidebarsOrder() async throws {
        let output = try await Self.built()
        let html = try readText(output + "/print.html")
        // Home, then the guide's index and its pages by weight, then the folder without an index.
        #expect(Self.articleIDs(in: html) == ["/index", "/guide/index", "/guide/second", "/guide/first", "/reference/glossary"])
        // The contents list the same pages in the same order, as in-page links.
        let contents = try #require(html.components(separatedBy: "<nav class=\"print-contents\"").last?.components(separatedBy: "</nav>").first)
        #expect(Self.values(of: "href", in: contents) == ["#/index", "#/guide/index", "#/guide/second", "#/guide/first", "#/reference/glossary"])
        // No draft, and each page's own heading ids are prefixed with the page's.
        #expect(!html.contains("Draft text"))
        #expect(html.contains("<h2 id=\"/guide/first:before-you-start\">"))
        #expect(html.contains("<h2 id=\"/reference/glossary:sso\">"))
    }

    @Test func idsAreUniqueAndEveryInPageLinkHasItsTarget() async throws {
        let output = try await Self.built()
        for view in ["print.html", "guide/print.html"] {
            let html = try readText(output + "/" + view)
            let ids = Self.ids(in: html)
            #expect(Set(ids).count == ids.count, "\(view): repeated ids \(Dictionary(grouping: ids, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted())")
            let targets = Self.values(of: "href", in: html).filter { $0.hasPrefix("#") }.map { SitePath.percentDecode(String($0.dropFirst())) ?? "" }
            #expect(!targets.isEmpty)
            for target in targets where !target.isEmpty {
                #expect(ids.contains(target), "\(view): nothing has id '\(target)'")
            }
        }
    }

    @Test func linksBetweenPrintedPagesStayInThePage() async throws {
        let output = try await Self.built()
        let html = try readText(output + "/print.html")
        // index.md: [guide](guide/) and [first page](guide/first.md#before-you-start).
        #expect(html.contains("<a href=\"#/guide/index\">guide</a>"))
        #expect(html.contains("<a href=\"#/guide/first:before-you-start\">first page</a>"))
        // first.md: a link to another page's heading, and on the same page to `#steps-1`.
        #expect(html.contains("<a href=\"#/guide/second:details\">second page</a>"))
        #expect(html.contains("<a href=\"#/guide/first:steps-1\">steps again</a>"))
        #expect(html.contains("<a href=\"#/reference/glossary\">glossary</a>"))
        // An explicit id and a non-ASCII automatic one (percent-encoded in the link).
        #expect(html.contains("<h2 id=\"/guide/first:cafe\">"))
        #expect(html.contains("href=\"#/guide/first:%E3%83%91%E3%82%B9%E3%83%AF%E3%83%BC%E3%83%89%E3%81%AE%E3%83%AA%E3%82%BB%E3%83%83%E3%83%88\""))
        // Images are written relative to the view, from the root folder.
        #expect(html.contains("src=\"images/pic.svg\""))
    }

    @Test func aFoldersViewLinksToPagesOutsideItOnThePublishedSite() async throws {
        let output = try await Self.built()
        let html = try readText(output + "/guide/print.html")
        #expect(Self.articleIDs(in: html) == ["/guide/index", "/guide/second", "/guide/first"])
        #expect(html.contains("<a href=\"https://docs.example.org/help/reference/glossary.html\">glossary</a>"))
        #expect(html.contains("<a href=\"https://docs.example.org/help/index.html\">home</a>"))
        #expect(html.contains("<a href=\"#/guide/second:details\">second page</a>"))
        #expect(html.contains("src=\"../images/pic.svg\""))
        #expect(html.contains("<source src=\"../media/demo.webm\" type=\"video/webm\">"))
        #expect(html.contains("<a href=\"../media/demo.webm\" download>Download the video (demo.webm)</a>"))
        let whole = try readText(output + "/print.html")
        #expect(!html.contains(PrintBody.filePrefix) && !whole.contains(PrintBody.filePrefix))
        #expect(html.contains("href=\"../print.html\""), "a folder's view leads to the whole guide's")
        // The folder without an index page gets its view too.
        #expect(Self.articleIDs(in: try readText(output + "/reference/print.html")) == ["/reference/glossary"])
    }

    @Test func pagesLinkToTheirPrintViews() async throws {
        let output = try await Self.built()
        let first = try readText(output + "/guide/first.html")
        #expect(first.contains("<a href=\"print.html\">Print this section</a> · <a href=\"../print.html\">Print this guide</a>"))
        let home = try readText(output + "/index.html")
        #expect(home.contains("<a href=\"print.html\">Print this guide</a>"))
        #expect(!home.contains("Print this section"))
        // The page's own ids are unchanged by the print views.
        #expect(first.contains("<h2 id=\"before-you-start\">"))
    }

    @Test func aPageNamedPrintClashesWithTheView() async throws {
        let root = try makeTemporaryDirectory()
        try FileManager.default.createDirectory(atPath: root + "/content", withIntermediateDirectories: true)
        try "---\ntitle: Home\n---\n\nHi.\n".write(toFile: root + "/content/index.md", atomically: true, encoding: .utf8)
        try "---\ntitle: Print\n---\n\nHi.\n".write(toFile: root + "/content/print.md", atomically: true, encoding: .utf8)
        try "site:\n  templates: \(Paths.packageRoot.path)/Templates\n  check_resetlink_links: false\n"
            .write(toFile: root + "/resetkit.yaml", atomically: true, encoding: .utf8)
        let options = try buildOptions(config: root + "/resetkit.yaml", output: nil)
        do {
            _ = try await SiteBuild.run(options)
            Issue.record("a page whose output is print.html built")
        } catch {
            #expect(error.diagnostics.map(\.formatted).contains { $0.contains("'print.html' would be written twice") }, "\(error.diagnostics)")
        }
    }

    @Test func anchorsOfAnyPageNameReadBack() {
        for page in ["index.md", "admin/index.md", "a:b.md", "100%.md", "a%3Ab.md", "ü/ß.md"] {
            for fragment in [nil, "tasks", "x:y", "a&b"] as [String?] {
                let href = PrintAnchor.href(page: page, fragment: fragment)
                let parsed = PrintAnchor.parse(href)
                #expect(parsed?.page == page && parsed?.fragment == fragment, "\(href)")
            }
        }
        // A page's id has no `:`, so it never equals another page's heading id.
        #expect(PrintAnchor.id(page: "a:b.md") != PrintAnchor.id(page: "a.md", fragment: "b"))
    }

    @Test func fittingToAFolderRewritesOnlyWhatPrintRenderingWrote() {
        let whole = PrintScope(outputPath: "print.html", pages: ["index.md", "admin/index.md", "admin/x.md"], title: "Guide", folder: "")
        let admin = PrintScope(outputPath: "admin/print.html", pages: ["admin/index.md", "admin/x.md"], title: "Admin", folder: "admin", guidePath: "print.html")
        let body = "<p><a href=\"#/index:top\">home</a> <a href=\"#/admin/x:a&amp;b\">x</a> <img src=\"%%print%%/images/a.png\" alt=\"a\"></p>\n"
            + "<pre><code>href=&quot;#/index&quot; src=&quot;%%print%%/</code></pre>\n"
        let fitted = PrintBody.fitted(body, to: admin, whole: whole, baseURL: "https://example.org/help/")
        #expect(fitted == "<p><a href=\"https://example.org/help/index.html#top\">home</a> <a href=\"#/admin/x:a&amp;b\">x</a> <img src=\"../images/a.png\" alt=\"a\"></p>\n"
            + "<pre><code>href=&quot;#/index&quot; src=&quot;%%print%%/</code></pre>\n")
        #expect(PrintBody.fitted(body, to: whole, whole: whole, baseURL: "https://example.org/help/").contains("<img src=\"images/a.png\""))
    }

    @Test func twoBuildsAreByteIdentical() async throws {
        let first = try await Self.built(), second = try await Self.built()
        for view in ["print.html", "guide/print.html", "reference/print.html"] {
            #expect(try Data(contentsOf: URL(fileURLWithPath: first + "/" + view)) == Data(contentsOf: URL(fileURLWithPath: second + "/" + view)))
        }
    }
}
