import Diagnostics
import Foundation
import Testing
@testable import HelpSite
import Settings

@Suite struct NavigationTests {
    func entry(_ source: String, _ title: String, _ weight: Int? = nil) -> NavigationTree.Entry {
        .init(source: source, title: title, weight: weight)
    }

    @Test func weightThenTitleWithFoldersAsSections() {
        let tree = NavigationTree(pages: [
            entry("index.md", "Home"),
            entry("b.md", "Bravo", 2), entry("a.md", "Alpha"), entry("c.md", "charlie", 2),
            entry("admin/index.md", "Admin", 1), entry("admin/x.md", "X"),
            entry("ref/glossary.md", "Glossary"),
        ])
        #expect(tree.items.map(\.title) == ["Home", "Admin", "Bravo", "charlie", "Alpha", "Ref"])
        #expect(tree.order == ["index.md", "admin/index.md", "admin/x.md", "b.md", "c.md", "a.md", "ref/glossary.md"])
        #expect(tree.neighbours(of: "admin/x.md") == ("admin/index.md", "b.md"))
        #expect(tree.neighbours(of: "index.md") == (nil, "admin/index.md"))
        #expect(tree.breadcrumbs(for: "admin/x.md").map(\.title) == ["Home", "Admin"])
        #expect(tree.breadcrumbs(for: "admin/index.md").map(\.title) == ["Home"])
        #expect(tree.breadcrumbs(for: "ref/glossary.md").map(\.outputPath) == ["index.html", "ref/index.html"])
        #expect(tree.sections["ref"]?.page == nil)
    }

    @Test func siteWithoutAHomePageGetsAGeneratedOne() {
        let tree = NavigationTree(pages: [entry("a.md", "A"), entry("sub/b.md", "B")])
        #expect(tree.items.map(\.outputPath) == ["index.html", "a.html", "sub/index.html"])
        #expect(tree.items.first?.page == nil)
        #expect(tree.breadcrumbs(for: "sub/b.md").map(\.outputPath) == ["index.html", "sub/index.html"])
    }

    @Test func explicitNavOrderComesFirst() async throws {
        let output = try makeTemporaryDirectory() + "/public"
        try await buildFixture("nav", output: output)
        let home = try readText(output + "/index.html")
        let order = ["index.html\" aria-current=\"page\">Home", "zebra.html\">Zebra", "admin/index.html\">Admin", "apple.html\">Apple", "mango.html\">Mango"]
        let positions = order.compactMap { home.range(of: $0)?.lowerBound }
        #expect(positions.count == order.count)
        #expect(positions == positions.sorted())
        let adminPage = try readText(output + "/admin/two.html")
        #expect(try #require(adminPage.range(of: "two.html\" aria-current=\"page\">Two")).lowerBound
                < #require(adminPage.range(of: "one.html\">One")).lowerBound)
    }

    @Test func navEntryThatIsNotAPageIsAnErrorAtItsLine() async throws {
        var options = try buildOptions(config: Paths.fixtureConfig("nav"), output: nil)
        options.configuration.site.navigation.append(.init(path: "gone.md", location: SourceLocation(file: "resetkit.yaml", line: 9, column: 7)))
        do {
            _ = try await SiteBuild.run(options)
            Issue.record("built with a nav entry that is not a page")
        } catch {
            #expect(error.diagnostics.map(\.formatted) == ["resetkit.yaml:9:7: error: site.nav lists 'gone.md', which is not a published page under \(SiteFolders.display(Paths.fixture("nav") + "/content"))/"])
        }
    }

    @Test func largeFoldersLinkToTheirListingInsteadOfListingEveryPage() throws {
        let pages = (0..<40).map { entry("big/p\($0).md", "Page \($0)") } + [entry("index.md", "Home")]
        let tree = NavigationTree(pages: pages)
        let model = SiteModel(pages: [], pageIndex: [:], navigation: tree, tags: TagIndex(pages: []), generatedSections: ["big"],
                              aliases: [], inventory: SiteModel.empty.inventory, contentAssets: [], templateAssets: [])
        let contexts = TemplateContexts(site: SiteSettings(), baseURL: "https://x.example/", model: model)
        let sidebar = contexts.sidebar(tree.items, position: .init(page: "big/p3.md", folder: "big"), root: "../")
        let big = try #require(sidebar.last)
        #expect(big.open)
        #expect(big.children.isEmpty)
        let more = try #require(big.more)
        #expect(more.count == 40)
        #expect(more.url == "../big/index.html")
    }
}

@Suite struct TemplateLoadingTests {
    @Test func syntaxErrorsAndMissingTemplatesAreReported() throws {
        let folder = try makeTemporaryDirectory()
        try Data("<p>{{#open}}never closed</p>\n".utf8).write(to: URL(fileURLWithPath: folder + "/page.mustache"))
        do {
            _ = try TemplateSet.load(directory: folder, display: "Templates")
            Issue.record("loaded broken templates")
        } catch {
            let lines = error.diagnostics.map(\.formatted)
            #expect(lines.contains("Templates/page.mustache:1:4: error: section 'open' is never closed"))
            for name in ["section", "tag", "tags", "404", "alias"] {
                #expect(lines.contains("Templates: error: missing template '\(name).mustache'"))
            }
        }
    }

    @Test func repositoryTemplatesLoadWithTheirAssets() throws {
        let templates = try TemplateSet.load(directory: Paths.packageRoot.appendingPathComponent("Templates").path, display: "Templates")
        #expect(templates.assets == ["search.js", "style.css"])
        for name in TemplateSet.required { #expect(templates.library[name] != nil) }
    }
}

/// A translation's pages are a folder of their own (`de/`) somewhere in the reading order; the
/// pager of a page next to that folder leads past it, to the nearest page in its own language.
@Suite struct LanguageNeighboursTests {
    @Test func thePagerStepsOverAnotherLanguagesFolder() throws {
        let entries = [("index.md", 0), ("a.md", 1), ("de/index.md", 2), ("de/a.md", 1), ("b.md", 3)]
            .map { NavigationTree.Entry(source: $0.0, title: $0.0, weight: $0.1) }
        let tree = NavigationTree(pages: entries, explicitOrder: [])
        let english = tree.order.filter { !$0.hasPrefix("de/") }
        // The German folder stands between English pages, or the test proves nothing.
        let german = try #require(tree.order.firstIndex(of: "de/index.md"))
        #expect(try #require(tree.order.firstIndex(of: "a.md")) < german && german < (try #require(tree.order.firstIndex(of: "b.md"))))
        for (index, page) in english.enumerated() {
            let (previous, next) = tree.neighbours(of: page) { !$0.hasPrefix("de/") }
            #expect(previous == (index > 0 ? english[index - 1] : nil), "\(page)")
            #expect(next == (index + 1 < english.count ? english[index + 1] : nil), "\(page)")
        }
        #expect(tree.neighbours(of: "de/index.md") { $0.hasPrefix("de/") } == (nil, "de/a.md"))
    }
}
