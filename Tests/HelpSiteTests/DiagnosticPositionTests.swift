import Diagnostics
import Foundation
import Settings
import Testing
@testable import HelpSite

/// Diagnostics point at the source: a link's `[`, a `{{name}}`'s `{{`, raw HTML's `<`, however the
/// text wraps, is indented, follows reference definitions or is changed by smart punctuation and
/// entities (libcmark 0.30's own inline positions are off in all of these). Escaped `\{{` is text.
@Suite struct DiagnosticPositionTests {
    let inventory = SiteInventory(pages: ["index.md", "guide.md"], draftPages: [], assets: ["pic.png"],
                                  directories: [], generatedOutputs: [])

    func render(_ markdown: String, facts: Bool = false, unsafe: Bool = false) -> RenderedBody {
        var renderer = PageRenderer(resolver: LinkResolver(inventory: inventory), smartPunctuation: true, unsafeHTML: unsafe)
        if facts { renderer.facts = Facts(Configuration(baseDirectory: "/")) }
        return renderer.render(Substring(markdown), page: "index.md", file: "content/index.md", firstLine: 4)
    }

    /// "line:column: message" of each diagnostic, in order of place.
    func places(_ markdown: String, facts: Bool = false) -> [String] {
        render(markdown, facts: facts).diagnostics.sorted().map { "\($0.location.line):\($0.location.column): \($0.message)" }
    }

    // MARK: Links

    @Test func wrappedLinkIsReportedAtItsBracket() {
        #expect(places("Some text [a link\nthat wraps](gone.md) here.\n") == ["4:11: link to missing page 'gone.md'"])
        #expect(places("Text ![a picture\nthat\nwraps](gone.png)\n") == ["4:6: missing image or media file 'gone.png'"])
    }

    @Test func indentedContinuationLinesKeepTheirIndentation() {
        #expect(places("Text\n   [x](gone.md) and\n      <b>bold</b>\n") == [
            "5:4: link to missing page 'gone.md'",
            "6:7: raw HTML is left out of the page (set site.unsafe_html: true to allow it)",
            "6:14: raw HTML is left out of the page (set site.unsafe_html: true to allow it)",
        ])
        #expect(places("- item\n    more [x](gone.md)\n") == ["5:10: link to missing page 'gone.md'"])
        #expect(places("> quote\n>    [x](gone.md)\n") == ["5:6: link to missing page 'gone.md'"])
    }

    @Test func rawHTMLLinksAreReportedAtTheirAttribute() {
        // With unsafe_html, raw `<a href>` is checked (RawHTMLPass) from the inline HTML's own place.
        let body = render("Text [a\nwrapped](index.md) and\n    <a href=\"gone.md\">x</a>\n", unsafe: true)
        #expect(body.diagnostics.map { "\($0.location.line):\($0.location.column)" } == ["6:8"])
    }

    @Test func linkAfterReferenceDefinitionsIsOnItsOwnLine() {
        #expect(places("[foo]: https://example.org/\n[bar]: <other.md> \"A title\"\n[x](gone.md) and [foo]\n") == ["6:1: link to missing page 'gone.md'"])
    }

    @Test func bracketsThatAreNotLinksDoNotShiftTheCount() {
        let markdown = """
            `[code]` \\[escaped] &#91;entity] [not a link] <http://x.example/[a]> <span title="[">
              [inner [x](gone.md)] ![pic [y](gone2.md)](gone.png) [z][ref] [w](<a b.md> "t [") [v](gone3.md)

            [ref]: gone4.md
            """
        #expect(places(markdown) == [
            "4:70: raw HTML is left out of the page (set site.unsafe_html: true to allow it)",
            "5:10: link to missing page 'gone.md'",
            "5:24: missing image or media file 'gone.png'",
            "5:30: link to missing page 'gone2.md'",
            "5:55: link to missing page 'gone4.md'",
            "5:64: link to missing page 'a b.md'",
            "5:84: link to missing page 'gone3.md'",
        ])
    }

    @Test func linksInHeadingsAndSetextHeadings() {
        #expect(places("## See\n\nIntro\n\n## A [x](gone.md)\n\nSetext [y](gone2.md) and [a\nwrapped](gone3.md)\n---\n").prefix(3) == [
            "8:6: link to missing page 'gone.md'",
            "10:8: link to missing page 'gone2.md'",
            "10:26: link to missing page 'gone3.md'",
        ])
    }

    // MARK: Facts

    @Test func unknownValueIsReportedAtItsSourceColumnAndQuotedAsWritten() {
        let messages = places("Say \"hi\" -- &amp; {{reset.\"x\"}} now\n", facts: true)
        #expect(messages.count == 1)
        #expect(messages.first?.hasPrefix("4:19: unknown value '{{reset.\"x\"}}' (known: ") == true)
        // On a continuation line, after a wrapped link.
        let second = places("[a\nb](guide.md) x\n  then {{reset.nope}}\n", facts: true)
        #expect(second.first?.hasPrefix("6:8: unknown value '{{reset.nope}}'") == true)
    }

    @Test func escapedBracesAreNotSubstituted() {
        let body = render("\\{\\{reset.link_lifetime}}, \\{{reset.link_lifetime}}, &#123;&#123;reset.link_lifetime}} and {{reset.link_lifetime}}\n", facts: true)
        #expect(body.html == "<p>{{reset.link_lifetime}}, {{reset.link_lifetime}}, {{reset.link_lifetime}} and 60 minutes</p>\n")
        #expect(body.diagnostics.isEmpty)
        // An escaped unknown name is text, not an error; an escaped list stays text too.
        #expect(render("\\{{reset.nope}}\n", facts: true).diagnostics.isEmpty)
        #expect(render("\\{\\{reset.contacts}}\n", facts: true).html == "<p>{{reset.contacts}}</p>\n")
        // `{{{x}}}` with the first brace escaped: a brace, then the value.
        #expect(render("\\{{{reset.link_lifetime}}}\n", facts: true).html == "<p>{60 minutes}</p>\n")
    }

    @Test func manyValuesInOneParagraphAreAllSubstituted() {
        let body = render(String(repeating: "{{reset.link_lifetime}} ", count: 2_000) + "{{reset.nope}}\n", facts: true)
        #expect(body.html.components(separatedBy: "60 minutes").count == 2_001)
        #expect(body.diagnostics.map(\.location.column) == [2_000 * 24 + 1])
    }

    // MARK: Raw HTML

    @Test func commentsAreDroppedSilently() {
        let body = render("<!-- markdownlint-disable MD033 -->\n\nText <!-- note --> more.\n\n<!--\nmulti-line\n-->\n")
        #expect(body.diagnostics.isEmpty)
        #expect(body.droppedHTMLWords == 0)
        // A comment followed by markup is still raw HTML.
        #expect(places("<!-- a --><b>bold</b>\n") == ["4:1: raw HTML is left out of the page with the 1 word in it (set site.unsafe_html: true to allow it)"])
    }

    @Test func pageWhoseContentWasRawHTMLSaysSo() {
        let words = (1...40).map { "word\($0)" }.joined(separator: " ")
        let body = render("Intro.\n\n<div class=\"content\">\n<p>\(words)</p>\n</div>\n")
        #expect(body.droppedHTMLWords == 40)
        #expect(places("Intro.\n\n<div class=\"content\">\n<p>\(words)</p>\n</div>\n") == [
            "6:1: raw HTML is left out of the page with the 40 words in it (set site.unsafe_html: true to allow it)",
            "6:1: this page is published nearly empty: safe mode leaves out the raw HTML that holds 40 of its 41 words (set site.unsafe_html: true, or write the content in Markdown)",
        ])
        // Allowed raw HTML loses nothing.
        #expect(render("<div>\(words)</div>\n", unsafe: true).droppedHTMLWords == 0)
    }

    @Test func buildSummaryCountsTheWordsLeftOut() async throws {
        let root = try makeTemporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createDirectory(atPath: root + "/content", withIntermediateDirectories: true)
        let words = (1...30).map { "w\($0)" }.joined(separator: " ")
        try "---\ntitle: Home\n---\n\n<div>\(words)</div>\n".write(toFile: root + "/content/index.md", atomically: true, encoding: .utf8)
        try "---\ntitle: Other\n---\n\n<!-- only a comment -->\nText.\n".write(toFile: root + "/content/other.md", atomically: true, encoding: .utf8)
        try "site:\n  check_resetlink_links: false\n  templates: \(Paths.packageRoot.appendingPathComponent("Templates").path)\n"
            .write(toFile: root + "/resetkit.yaml", atomically: true, encoding: .utf8)
        let report = try await SiteBuild.run(try buildOptions(config: root + "/resetkit.yaml", output: nil))
        #expect(report.warnings.count == 2)
        #expect(report.summary.hasSuffix("; raw HTML left out (site.unsafe_html is off): 30 words on 1 page"))
    }
}
