import Foundation
import Testing
@testable import HelpSite

/// What a real documentation site moved into `content/` has and GitHub, Jekyll or Hugo accept
/// (found building cert-manager's docs with bench/real-docs.sh).
@Suite struct MigratedSiteTests {
    typealias Site = HostileContentTests.Site

    /// Windows editors (Notepad) save UTF-8 with a byte order mark; GitHub, Jekyll and Hugo read the
    /// front matter after it. helpsite said the page did not start with front matter.
    @Test func byteOrderMarkBeforeTheFrontMatterIsIgnored() async throws {
        let site = try Site(["index.md": "\u{FEFF}---\ntitle: Saved by Notepad\n---\n\n## Steps\n\nText.\n"])
        let report = try await site.build()
        #expect(report.warnings.isEmpty)
        let html = try site.output("index.html")
        #expect(html.contains("<h1>Saved by Notepad</h1>"))
        #expect(html.contains("id=\"steps\""))
        #expect(!html.contains("\u{FEFF}"))
    }

    /// `#` alone (a "back to top" link) is valid HTML and goes to the top of the page in every
    /// browser; helpsite reported "no heading with id ''".
    @Test func emptyFragmentIsTheTopOfThePage() async throws {
        let site = try Site([
            "index.md": HostileContentTests.page("Home", "[Back to top](#) and [the other page's top](other.md#)\n"),
            "other.md": HostileContentTests.page("Other", "Text.\n"),
        ])
        let report = try await site.build()
        #expect(report.warnings.map(\.message) == [])
        let html = try site.output("index.html")
        #expect(html.contains("href=\"#\""))
        #expect(html.contains("href=\"other.html#\"") || html.contains("href=\"other.html\""))
    }
}
