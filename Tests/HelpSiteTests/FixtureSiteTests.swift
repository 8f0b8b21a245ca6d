import Diagnostics
import Foundation
import Testing
@testable import HelpSite

/// Whole builds of the small sites under Fixtures/, one per behaviour, asserting on the output.
@Suite struct FixtureSiteTests {
    @Test func brokenSiteReportsEachProblemOnceWithItsPosition() async throws {
        do {
            try await buildFixture("broken", output: nil)
            Issue.record("the broken fixture built")
        } catch let failure as BuildFailure {
            #expect(shortened(failure.diagnostics) == [
                "content/bad-type.md:3:9: error: weight must be a whole number, not 'heavy'",
                "content/bad-yaml.md:4:1: error: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence that starts on line 3)",
                "content/index.md:5:5: error: link to missing page 'missing-page.md'",
                "content/index.md:5:48: error: 'guide.md' has no heading with id 'no-such-section'",
                "content/index.md:6:6: error: no heading with id 'not-on-this-page' on this page",
                "content/index.md:8:1: error: missing image or media file 'images/absent.png'",
                "content/unknown-key.md:3:1: error: unknown key 'colour' in front matter (known keys: title, description, tags, author, created, modified, weight, draft, aliases)",
            ])
            #expect(failure.errorCount == 7)
        }
    }

    @Test func basicSiteHasEveryKindOfPage() async throws {
        let output = try makeTemporaryDirectory() + "/public"
        let report = try await buildFixture("basic", output: output)
        #expect(report.pageCount == 5)
        #expect(report.tagCount == 2)
        #expect(report.warnings.isEmpty)
        let files = try snapshot(output).keys.sorted()
        #expect(files == [
            ".helpsite-output", "404.html", "assets/search.js", "assets/style.css",
            "guide/first.html", "guide/index.html", "guide/second.html",
            "images/pic.svg", "index.html", "legacy/second/index.html", "media/demo.webm", "old/second.html",
            "reference/glossary.html", "reference/index.html", "search-index.js", "sitemap.xml",
            "tags/index.html", "tags/password-reset.html", "tags/start.html",
        ])
    }

    @Test func pageHasSidebarBreadcrumbsTOCFooterAndPager() async throws {
        let output = try makeTemporaryDirectory() + "/public"
        try await buildFixture("basic", output: output)
        let page = try readText(output + "/guide/first.html")
        #expect(page.contains(##"<html lang="en-GB">"##))
        #expect(page.contains("<title>First steps · Basic fixture</title>"))
        #expect(page.contains(##"<link rel="canonical" href="https://docs.example.org/help/guide/first.html">"##))
        #expect(page.contains(##"<link rel="stylesheet" href="../assets/style.css">"##))
        // Sidebar: the guide section is open (second has the lower weight), the current page marked.
        #expect(page.contains("""
            <li class="nav-item open"><a href="../guide/index.html">The guide</a>
            <ul>
            <li class="nav-item"><a href="../guide/second.html">Second steps</a>
            </li>
            <li class="nav-item current"><a href="../guide/first.html" aria-current="page">First steps</a>
            """))
        #expect(page.contains(##"<ol><li><a href="../index.html">Home</a></li><li><a href="../guide/index.html">The guide</a></li><li aria-current="page">First steps</li></ol>"##))
        #expect(page.contains(##"<li><a href="#cafe">Café &amp; crème</a></li>"##))
        #expect(page.contains(##"<p class="page-dates">Created on <time datetime="2026-03-01">1 March 2026</time> by Ana.</p>"##))
        #expect(page.contains(##"<a class="tag" rel="tag" href="../tags/password-reset.html">password reset</a>"##))
        #expect(page.contains(##"<a class="pager-previous" rel="prev" href="../guide/second.html"><span class="pager-label">Previous</span> Second steps</a>"##))
        #expect(page.contains(##"<a class="pager-next" rel="next" href="../reference/glossary.html">"##))
        // Links were rewritten to output URLs.
        #expect(page.contains(##"<a href="second.html#details">second page</a>"##))
        #expect(page.contains(##"<a href="../reference/glossary.html">glossary</a>"##))
    }

    @Test func footerSaysCreatedByAndLastModified() async throws {
        let output = try makeTemporaryDirectory() + "/public"
        try await buildFixture("basic", output: output)
        let home = try readText(output + "/index.html")
        #expect(home.contains(##"Created on <time datetime="2026-01-05">5 January 2026</time> by Fixture Author. Last modified on <time datetime="2026-02-10">10 February 2026</time>."##))
        let second = try readText(output + "/guide/second.html")
        #expect(second.contains(##"<p class="page-dates"> Last modified on <time datetime="2026-04-02">2 April 2026</time>.</p>"##))
    }

    @Test func sectionIndexListsItsPagesAndFoldersWithoutIndexGetOne() async throws {
        let output = try makeTemporaryDirectory() + "/public"
        try await buildFixture("basic", output: output)
        let guide = try readText(output + "/guide/index.html")
        #expect(guide.contains(##"<li><a href="../guide/second.html">Second steps</a></li>"##))
        #expect(guide.contains(##"<li><a href="../guide/first.html">First steps</a><p>Where everyone starts.</p></li>"##))
        let reference = try readText(output + "/reference/index.html")
        #expect(reference.contains("<h1>Reference</h1>"))
        #expect(reference.contains(##"<a href="../reference/glossary.html">Glossary</a>"##))
    }

    @Test func tagPagesAndIndex() async throws {
        let output = try makeTemporaryDirectory() + "/public"
        try await buildFixture("basic", output: output)
        let tag = try readText(output + "/tags/password-reset.html")
        #expect(tag.contains("<h1>Pages tagged “password reset”</h1>"))
        #expect(tag.contains(##"<a href="../guide/first.html">First steps</a>"##))
        #expect(tag.contains(##"<a href="../guide/second.html">Second steps</a>"##))
        #expect(!tag.contains("index.html\">Home</a><p>"))
        let index = try readText(output + "/tags/index.html")
        #expect(index.contains(##"<a class="tag" rel="tag" href="../tags/password-reset.html">password reset</a> <span class="tag-count">2 pages</span>"##))
        #expect(index.contains(##"<a class="tag" rel="tag" href="../tags/start.html">Start</a> <span class="tag-count">2 pages</span>"##))
    }

    @Test func sitemapListsPagesUnderTheBaseURL() async throws {
        let output = try makeTemporaryDirectory() + "/public"
        try await buildFixture("basic", output: output)
        let sitemap = try readText(output + "/sitemap.xml")
        #expect(sitemap.hasPrefix(##"<?xml version="1.0" encoding="UTF-8"?>"##))
        #expect(sitemap.contains("<url><loc>https://docs.example.org/help/index.html</loc><lastmod>2026-02-10</lastmod></url>"))
        #expect(sitemap.contains("<url><loc>https://docs.example.org/help/guide/first.html</loc><lastmod>2026-03-01</lastmod></url>"))
        #expect(sitemap.contains("<loc>https://docs.example.org/help/tags/start.html</loc>"))
        #expect(!sitemap.contains("404.html"))
        #expect(!sitemap.contains("draft"))
        #expect(!sitemap.contains("old/second.html"))
    }

    @Test func notFoundPageUsesTheBaseURLPath() async throws {
        let output = try makeTemporaryDirectory() + "/public"
        try await buildFixture("basic", output: output)
        let page = try readText(output + "/404.html")
        #expect(page.contains(##"<link rel="stylesheet" href="/help/assets/style.css">"##))
        #expect(page.contains(##"<meta name="robots" content="noindex">"##))
        #expect(page.contains(##"<a href="/help/guide/index.html">The guide</a>"##))
        #expect(!page.contains("rel=\"canonical\""))
    }

    @Test func aliasesRedirectToThePage() async throws {
        let output = try makeTemporaryDirectory() + "/public"
        try await buildFixture("basic", output: output)
        let old = try readText(output + "/old/second.html")
        #expect(old.contains(##"<meta http-equiv="refresh" content="0; url=../guide/second.html">"##))
        let legacy = try readText(output + "/legacy/second/index.html")
        #expect(legacy.contains(##"<a href="../../guide/second.html">Second steps</a>"##))
    }

    @Test func draftsAreLeftOutUnlessAskedFor() async throws {
        let output = try makeTemporaryDirectory() + "/public"
        try await buildFixture("basic", output: output)
        #expect(!FileManager.default.fileExists(atPath: output + "/guide/draft.html"))
        let withDrafts = try makeTemporaryDirectory() + "/public"
        let report = try await buildFixture("basic", output: withDrafts, drafts: true)
        #expect(report.pageCount == 6)
        #expect(try readText(withDrafts + "/guide/draft.html").contains("<h1>Not ready</h1>"))
    }

    @Test func calloutsAndVideosReachThePage() async throws {
        let output = try makeTemporaryDirectory() + "/public"
        try await buildFixture("basic", output: output)
        let page = try readText(output + "/guide/first.html")
        #expect(page.contains(##"<div class="callout callout-tip" role="note">"##))
        #expect(page.contains(##"<div class="callout callout-warning" role="note">"##))
        #expect(page.contains("<blockquote>\n<p>A plain quotation.</p>"))
        #expect(page.contains(##"<figure class="video"><video controls preload="metadata" aria-label="Demo of the reset form"><source src="../media/demo.webm" type="video/webm">"##))
        #expect(page.contains(##"<a href="../media/demo.webm" download>Download the video (demo.webm)</a>"##))
    }

    @Test func twoBuildsAreByteIdentical() async throws {
        let first = try makeTemporaryDirectory() + "/public"
        let second = try makeTemporaryDirectory() + "/public"
        try await buildFixture("basic", output: first)
        try await buildFixture("basic", output: second)
        let a = try snapshot(first), b = try snapshot(second)
        #expect(a.keys.sorted() == b.keys.sorted())
        for (path, bytes) in a { #expect(b[path] == bytes, "\(path) differs between builds") }
    }

    @Test func searchIndexHasPagesSectionsAnchorsAndTags() async throws {
        let output = try makeTemporaryDirectory() + "/public"
        try await buildFixture("basic", output: output)
        let index = try readText(output + "/search-index.js")
        #expect(index.hasPrefix("window.helpsiteSearchIndex = [\n"))
        #expect(index.contains(#"["First steps","Before you start","guide/first.html#before-you-start","Read the second page and the glossary.","Start password reset"]"#))
        #expect(index.contains(#"["Glossary","SSO","reference/glossary.html#sso","Single sign-on.",""]"#))
        #expect(!index.contains("Not ready"))   // drafts are not searchable
        let page = try readText(output + "/guide/first.html")
        #expect(page.contains(#"<form class="search" role="search" action="../index.html" data-index="../search-index.js" data-root="../" data-result-one="{count} result" data-result-other="{count} results">"#))
        #expect(page.contains(#"<script src="../assets/search.js" defer></script>"#))
        #expect(FileManager.default.fileExists(atPath: output + "/assets/search.js"))
    }

    @Test func searchIndexEscapesScriptEndings() {
        #expect(SearchIndex.jsonString("a</script>\"b\"\\\n\u{2028}") == #""a\u003c/script>\"b\"\\\n\u2028""#)
    }
}
