import Diagnostics
import Foundation
import Testing
@testable import HelpSite

/// Links that pass the check must also work on a real web server: built sites are served by
/// lighttpd and every href and src of every page is fetched.
@Suite(.serialized) struct LinkPublishingTests {
    typealias Site = HostileContentTests.Site
    static let page = HostileContentTests.page

    /// `résumé` in NFC and in NFD: the same text to Swift's `==`, other bytes on disk and in URLs.
    static let composed = "r\u{E9}sum\u{E9}"
    static let decomposed = "re\u{301}sume\u{301}"

    /// Every link of the built site answers 200 from lighttpd.
    static func expectEveryLinkWorks(_ site: Site, minimum: Int) throws {
        let server = try StaticServer(root: site.root + "/public")
        defer { server.stop() }
        let links = try server.links(inSite: site.root + "/public")
        #expect(links.count >= minimum)
        var fetched: Set<[UInt8]> = []
        for link in links where fetched.insert(Array(link.url.utf8)).inserted {
            #expect(try server.status(link.url) == 200, "\(link.page): href \"\(link.href)\" → \(link.url)")
        }
    }

    /// The names of the files in `folder` as bytes, as the server sees them.
    static func names(in folder: String) -> [[UInt8]] {
        (listFolder(folder) ?? []).map { Array($0.name.utf8) }
    }

    @Test(.enabled(if: StaticServer.executable != nil))
    func unicodeNamesArePublishedInNFCAndLinksWorkFromEitherForm() async throws {
        // An NFD file linked in NFC, and an NFC file (and folder) linked in NFD.
        let site = try Site([
            "index.md": Self.page("Home", "[cv](\(Self.composed).md) and [folder](\(Self.decomposed)-dir/\(Self.decomposed)-page.md)\n\n![pic](\(Self.composed).png)\n"),
            "\(Self.decomposed).md": Self.page("CV", "[home](index.md) [page](\(Self.composed)-dir/\(Self.composed)-page.md#part)\n"),
            "\(Self.composed)-dir/\(Self.composed)-page.md": Self.page("Page", "## Part\n\n[cv](../\(Self.decomposed).md)\n"),
        ])
        try site.write("\(Self.decomposed).png", Data([0x89, 0x50, 0x4E, 0x47]))
        let report = try await site.build()
        #expect(report.warnings.isEmpty)
        let published = Self.names(in: site.root + "/public")
        #expect(published.contains(Array("\(Self.composed).html".utf8)))
        #expect(published.contains(Array("\(Self.composed).png".utf8)))
        #expect(!published.contains(Array("\(Self.decomposed).html".utf8)))
        try Self.expectEveryLinkWorks(site, minimum: 6)
    }

    @Test func namesThatAreOneInNFCAreAnError() async throws {
        // Not one dictionary literal: Swift's `==` makes the two names one key.
        let site = try Site(["index.md": Self.page("Home", "x\n"), "\(Self.composed).md": Self.page("A", "a\n")])
        try site.write("\(Self.decomposed).md", Data(Self.page("B", "b\n").utf8))
        let errors = await site.errors()
        #expect(errors.count == 1)
        #expect(errors.first?.contains("same name in different Unicode forms") == true)
    }

    @Test(.enabled(if: StaticServer.executable != nil))
    func colonInTheFirstSegmentStaysAPath() async throws {
        let site = try Site([
            "index.md": Self.page("Home", "[faq](faq:reset.md) [asset](faq:files/form.txt)\n"),
            "faq:reset.md": Self.page("FAQ", "[home](index.md)\n"),
            "sub/page.md": Self.page("Sub", "[faq](../faq:reset.md)\n"),
        ])
        try site.write("faq:files/form.txt", Data("form".utf8))
        _ = try await site.build()
        let home = try site.output("index.html")
        #expect(home.contains(#"href="./faq:reset.html""#))
        #expect(home.contains(#"href="./faq:files/form.txt""#))
        try Self.expectEveryLinkWorks(site, minimum: 4)
    }

    @Test func brokenLinkWithAColonIsChecked() async {
        let site = try? Site(["index.md": Self.page("Home", "[faq](faq:resett.md) [chat](slack://channel) [call](zoommtg:join)\n"),
                              "faq:reset.md": Self.page("FAQ", "x\n")])
        #expect(await site?.errors() == ["content/index.md:5:1: error: link to missing page 'faq:resett.md'"])
    }

    @Test(.enabled(if: StaticServer.executable != nil))
    func readmeIsTheFolderIndexAndFoldersWithoutOneOpenTheirListing() async throws {
        let site = try Site([
            "index.md": Self.page("Home", "[docs](docs/) [readme](docs/README.md) [guides](guides/) [both](both/) [both readme](both/README.md)\n"),
            "docs/README.md": Self.page("Docs", "## Start\n\n[home](../index.md) [me](README.md#start) [page](page.md)\n"),
            "docs/page.md": Self.page("Docs page", "[docs](./) [readme](README.md)\n"),
            "guides/one.md": Self.page("One", "[guides](../guides) [home](../)\n"),
            "both/index.md": Self.page("Both", "[readme](README.md)\n"),
            "both/README.md": Self.page("Both readme", "[index](index.md)\n"),
        ])
        let report = try await site.build()
        #expect(report.warnings.isEmpty)
        let home = try site.output("index.html")
        for href in ["docs/index.html", "guides/index.html", "both/index.html", "both/README.html"] {
            #expect(home.contains("href=\"\(href)\""), "\(href)")
        }
        #expect(!FileManager.default.fileExists(atPath: site.root + "/public/docs/README.html"))
        try Self.expectEveryLinkWorks(site, minimum: 12)
    }

    @Test func diagnosticsOfAReadmeNameTheReadme() async {
        let site = try? Site(["index.md": Self.page("Home", "x\n"), "docs/README.md": Self.page("Docs", "[gone](gone.md)\n")])
        #expect(await site?.errors() == ["content/docs/README.md:5:1: error: link to missing page 'gone.md'"])
    }

    @Test func folderWithoutPagesIsStillAnError() async throws {
        let site = try Site(["index.md": Self.page("Home", "[pictures](images/)\n")])
        try site.write("images/a.png", Data([1]))
        #expect(await site.errors() == ["content/index.md:5:1: error: link to folder 'images/', which has no index.md or README.md and no pages to list"])
    }

    /// A site whose configuration allows raw HTML.
    static func unsafeSite(_ files: [String: String]) throws -> Site {
        let site = try Site(files)
        let config = try readText(site.root + "/resetkit.yaml")
        try (config + "\n  unsafe_html: true\n").write(toFile: site.root + "/resetkit.yaml", atomically: true, encoding: .utf8)
        return site
    }

    @Test(.enabled(if: StaticServer.executable != nil))
    func rawHTMLLinksAreRewrittenAndItsIdsAreAnchors() async throws {
        let site = try Self.unsafeSite([
            "index.md": Self.page("Home", """
                <div class="box">
                  <A HREF='other.md#kept' title="x">other</A> <img src="img/p.png" alt="p">
                </div>

                Inline <a href="other.md?x=1&amp;y=2#h3-id">link</a> and [md](#top-anchor).

                <a id="top-anchor"></a>

                """),
            "other.md": Self.page("Other", "<h3 id=\"h3-id\">Raw heading</h3>\n\n<p><a name=\"kept\"></a></p>\n\n[back](index.md#top-anchor)\n"),
        ])
        try site.write("img/p.png", Data([1]))
        let report = try await site.build()
        #expect(report.warnings.isEmpty)
        let home = try site.output("index.html")
        #expect(home.contains(#"<A HREF="other.html#kept" title="x">"#))
        #expect(home.contains(#"<img src="img/p.png" alt="p">"#))
        #expect(home.contains(#"<a href="other.html?x=1&amp;y=2#h3-id">"#))
        try Self.expectEveryLinkWorks(site, minimum: 4)
    }

    @Test func brokenRawHTMLLinksAreReportedWhereTheyAre() async throws {
        let site = try Self.unsafeSite([
            "index.md": Self.page("Home", """
                Some text.

                > <p>
                >   <a class="x"
                >      href="gone.md">gone</a></p>

                - item <img
                  src="nope.png" alt="n">

                <a href="#nowhere">x</a> <!-- <a href="commented.md"> -->
                <script>var a = '<a href="in-script.md">';</script>
                """),
        ])
        #expect(await site.errors() == [
            "content/index.md:9:8: error: link to missing page 'gone.md'",
            "content/index.md:12:3: error: missing image or media file 'nope.png'",
            "content/index.md:14:4: error: no heading with id 'nowhere' on this page",
        ])
    }
}
