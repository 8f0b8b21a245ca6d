import Diagnostics
import Foundation
@testable import HelpSite
import Testing

/// A site in English and German (Fixtures/languages): `page.de.md` beside `page.md`, published
/// under `de/`, with its own sidebar, search index, tags, switcher, alternates and strings.
@Suite struct LanguagesSiteTests {
    static func build() async throws -> String {
        let output = try makeTemporaryDirectory() + "/public"
        _ = try await buildFixture("languages", output: output)
        return output
    }

    @Test func translationsArePublishedUnderTheirLanguage() async throws {
        let output = try await Self.build()
        for path in ["index.html", "reset-password.html", "de/index.html", "de/reset-password.html", "de/kontakt.html",
                     "de/admin/people.html", "de/admin/index.html", "search-index.js", "de/search-index.js",
                     "tags/reset.html", "de/tags/zurücksetzen.html", "de/tags/index.html"] {
            #expect(FileManager.default.fileExists(atPath: output + "/" + path), "\(path)")
        }
        // Media are shared: one copy at the root, which German pages link to.
        #expect(!FileManager.default.fileExists(atPath: output + "/de/images/pic.svg"))
        #expect(!FileManager.default.fileExists(atPath: output + "/reset-password.de.html"))
    }

    @Test func germanPageSpeaksGerman() async throws {
        let output = try await Self.build()
        let page = try readText(output + "/de/reset-password.html")
        #expect(page.contains(#"<html lang="de">"#))
        #expect(page.contains(##"<a class="skip-link" href="#main">Zum Inhalt springen</a>"##))
        #expect(page.contains(#"<h2 id="toc-title">Auf dieser Seite</h2>"#))
        #expect(page.contains(#"Erstellt am <time datetime="2026-03-14">14. März 2026</time> von Ana. Zuletzt geändert am <time datetime="2026-12-03">3. Dezember 2026</time>."#))
        #expect(page.contains(#"data-index="../de/search-index.js""#))
        #expect(page.contains(#"data-result-other="{count} Treffer""#))
        // The facts in German, the endpoint asked for the page's language.
        #expect(page.contains(#"<a href="https://intranet.example.org/cgi-bin/resetlink/forgot?lang=de">das Formular</a>"#))
        #expect(page.contains("Der Link gilt 2 Stunden."))
        // A link to a page German lacks (or has only as a draft) leads to the English one; images are
        // shared; a German-only page is linked.
        #expect(page.contains(#"<a href="../glossary.html#sso">das Glossar</a>"#))
        #expect(page.contains(#"src="../images/pic.svg""#))
        #expect(page.contains(#"<a href="kontakt.html">die Kontakte</a>"#))
        // Its own tags.
        #expect(page.contains(#"<a class="tag" rel="tag" href="../de/tags/zur%C3%BCcksetzen.html">zurücksetzen</a>"#))
        let english = try readText(output + "/reset-password.html")
        #expect(english.contains(#"<html lang="en">"#))
        #expect(english.contains(#"Created on <time datetime="2026-03-14">14 March 2026</time> by Ana."#))
        // On a site in several languages the English page's form link asks for English too.
        #expect(english.contains(#"<a href="https://intranet.example.org/cgi-bin/resetlink/forgot?lang=en">the form</a>"#))
        #expect(english.contains("The link works for 2 hours."))
    }

    @Test func alternatesAndSwitcher() async throws {
        let output = try await Self.build()
        let english = try readText(output + "/reset-password.html")
        let alternates = """
            <link rel="alternate" hreflang="en" href="https://docs.example.org/help/reset-password.html">
            <link rel="alternate" hreflang="de" href="https://docs.example.org/help/de/reset-password.html">
            <link rel="alternate" hreflang="x-default" href="https://docs.example.org/help/reset-password.html">
            """
        #expect(english.contains(alternates))
        #expect(try readText(output + "/de/reset-password.html").contains(alternates))
        #expect(english.contains(#"<nav class="languages" aria-label="Languages">"#))
        #expect(english.contains(#"<li><a href="reset-password.html" hreflang="en" lang="en" aria-current="true">English</a></li><li><a href="de/reset-password.html" hreflang="de" lang="de">Deutsch</a></li>"#))
        // No translation: the switcher leads to that language's home, and there are no alternates.
        let glossary = try readText(output + "/glossary.html")
        #expect(glossary.contains(#"<a href="de/index.html" hreflang="de" lang="de">Deutsch</a>"#))
        #expect(!glossary.contains("hreflang=\"x-default\""))
        let kontakt = try readText(output + "/de/kontakt.html")
        #expect(kontakt.contains(#"<a href="../index.html" hreflang="en" lang="en">English</a>"#))
        // Generated pages too: German's listing of a folder it has only some pages of.
        let listing = try readText(output + "/de/admin/index.html")
        #expect(listing.contains(#"<a href="../../admin/index.html" hreflang="en" lang="en">English</a>"#))
    }

    @Test func eachLanguageHasItsOwnNavigation() async throws {
        let output = try await Self.build()
        let german = try readText(output + "/de/reset-password.html")
        let sidebar = try #require(german.components(separatedBy: "<nav class=\"sidebar\"").last?.components(separatedBy: "</nav>").first)
        #expect(sidebar.contains("Passworthilfe"))
        #expect(sidebar.contains("Kontakt"))
        #expect(!sidebar.contains("Glossary"))
        #expect(!sidebar.contains("Reset your password"))
        let english = try readText(output + "/reset-password.html")
        let englishSidebar = try #require(english.components(separatedBy: "<nav class=\"sidebar\"").last?.components(separatedBy: "</nav>").first)
        #expect(!englishSidebar.contains("Kontakt"))
        #expect(!englishSidebar.contains(">De<"))
        // The pager stays within the language.
        #expect(!german.contains("Glossary"))
        // The English home lists no German folder.
        #expect(!(try readText(output + "/index.html")).contains("de/index.html\">De"))
    }

    @Test func searchIndexPerLanguage() async throws {
        let output = try await Self.build()
        let english = try readText(output + "/search-index.js")
        let german = try readText(output + "/de/search-index.js")
        #expect(english.contains("\"Reset your password\""))
        #expect(!english.contains("Passwort zurücksetzen"))
        #expect(german.contains(#"["Passwort zurücksetzen","Bevor Sie beginnen","de/reset-password.html#bevor-sie-beginnen""#))
        #expect(!german.contains("Glossary"))
    }

    @Test func sitemapListsAlternates() async throws {
        let output = try await Self.build()
        let sitemap = try readText(output + "/sitemap.xml")
        #expect(sitemap.contains(#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">"#))
        #expect(sitemap.contains("""
              <url><loc>https://docs.example.org/help/de/reset-password.html</loc><lastmod>2026-12-03</lastmod>
                <xhtml:link rel="alternate" hreflang="en" href="https://docs.example.org/help/reset-password.html"/>
                <xhtml:link rel="alternate" hreflang="de" href="https://docs.example.org/help/de/reset-password.html"/>
                <xhtml:link rel="alternate" hreflang="x-default" href="https://docs.example.org/help/reset-password.html"/>
              </url>
            """))
        #expect(sitemap.contains("  <url><loc>https://docs.example.org/help/glossary.html</loc></url>\n"))
        #expect(sitemap.contains("<loc>https://docs.example.org/help/de/kontakt.html</loc></url>"))
    }

    /// A German page's broken link is reported at its own file and line, like any other.
    @Test func brokenLinksInTranslationsAreReported() async throws {
        let root = try makeTemporaryDirectory()
        try FileManager.default.copyItem(atPath: Paths.fixture("languages"), toPath: root + "/site")
        let config = try readText(root + "/site/resetkit.yaml")
            .replacingOccurrences(of: "templates: ../../../../Templates", with: "templates: " + Paths.packageRoot.appendingPathComponent("Templates").path)
        try config.write(toFile: root + "/site/resetkit.yaml", atomically: true, encoding: .utf8)
        try "---\ntitle: Kaputt\n---\nSiehe [nichts](nirgends.md).\n".write(toFile: root + "/site/content/kaputt.de.md", atomically: true, encoding: .utf8)
        do {
            _ = try await SiteBuild.run(try buildOptions(config: root + "/site/resetkit.yaml", output: root + "/public"))
            Issue.record("built with a broken link")
        } catch let error as BuildFailure {
            #expect(error.diagnostics.map(\.formatted).contains { $0.hasSuffix("content/kaputt.de.md:4:7: error: link to missing page 'nirgends.md'") },
                    "\(error.diagnostics.map(\.formatted))")
        }
    }

    @Test func aTranslationAndAFolderPageOfTheSameName() async throws {
        let root = try makeTemporaryDirectory()
        try FileManager.default.copyItem(atPath: Paths.fixture("languages"), toPath: root + "/site")
        let config = try readText(root + "/site/resetkit.yaml")
            .replacingOccurrences(of: "templates: ../../../../Templates", with: "templates: " + Paths.packageRoot.appendingPathComponent("Templates").path)
        try config.write(toFile: root + "/site/resetkit.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: root + "/site/content/de", withIntermediateDirectories: true)
        try "---\ntitle: X\n---\n".write(toFile: root + "/site/content/de/kontakt.md", atomically: true, encoding: .utf8)
        do {
            _ = try await SiteBuild.run(try buildOptions(config: root + "/site/resetkit.yaml", output: root + "/public"))
            Issue.record("built two pages into one")
        } catch let error as BuildFailure {
            #expect(error.diagnostics.map(\.formatted).contains { $0.hasSuffix("content/kontakt.de.md: error: 'kontakt.de.md' and 'de/kontakt.md' are both the page de/kontakt.md; keep one") },
                    "\(error.diagnostics.map(\.formatted))")
        }
    }

    @Test func twoBuildsAreIdentical() async throws {
        let first = try await Self.build(), second = try await Self.build()
        #expect(try snapshot(first) == snapshot(second))
    }

    /// A key the German strings lack, or a tag naming no string: errors at the file and line to fix.
    @Test func stringProblemsNameTheirFileAndLine() async throws {
        let site = try RenderCacheTests.EditableSite(fixture: "languages")
        // The first `previous:` is the guide's (admin has one too).
        try site.edit("Templates/strings/de.yaml") { text in
            text.range(of: "  previous: Zurück\n").map { text.replacingCharacters(in: $0, with: "") } ?? text
        }
        try site.edit("Templates/section.mustache") { $0.replacingOccurrences(of: "{{t.guide.section_empty}}", with: "{{t.guide.section_emtpy}}") }
        let guideLine = try readText(site.root + "/Templates/strings/de.yaml").split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0 == "guide:" }.map { $0 + 1 } ?? 0
        let englishLine = try readText(site.root + "/Templates/strings/en.yaml").split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0 == "  previous: Previous" }.map { $0 + 1 } ?? 0
        do {
            _ = try await site.build(into: "public", cache: nil)
            Issue.record("built with a missing string")
        } catch let failure as BuildFailure {
            let lines = failure.diagnostics.map(\.formatted).map { String($0.dropFirst(site.root.count + 1)) }
            #expect(lines == ["Templates/strings/de.yaml:\(guideLine):1: error: missing key 'guide.previous' (\(site.root)/Templates/strings/en.yaml:\(englishLine) has it)"])
        }
        // With the key back, the unknown tag is reported at the template's line and column.
        try site.edit("Templates/strings/de.yaml") { text in
            text.range(of: "  next: Weiter\n").map { text.replacingCharacters(in: $0, with: "  next: Weiter\n  previous: Zurück\n") } ?? text
        }
        do {
            _ = try await site.build(into: "public", cache: nil)
            Issue.record("built with an unknown string")
        } catch let failure as BuildFailure {
            let lines = failure.diagnostics.map(\.formatted).map { String($0.dropFirst(site.root.count + 1)) }
            #expect(lines == ["Templates/section.mustache:15:4: error: no string 'guide.section_emtpy' for language 'de' in \(site.root)/Templates/strings/de.yaml (did you mean 't.guide.section_empty'?)",
                              "Templates/section.mustache:15:4: error: no string 'guide.section_emtpy' for language 'en' in \(site.root)/Templates/strings/en.yaml (did you mean 't.guide.section_empty'?)"])
        }
    }
}
