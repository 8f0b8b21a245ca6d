import Testing
@testable import HelpSite

/// Text the table pass parses apart from the page (cells, and paragraph lines split off around a
/// table) keeps what the inline source map gives the rest of the page: escaped braces stay text,
/// and diagnostics point at the source and quote it. Headings next to tables keep GitHub's ids.
@Suite struct TableSourceMapTests {
    let base = DiagnosticPositionTests()

    @Test func escapedBracesInACellStayText() {
        let body = base.render("| a | b |\n| - | - |\n| \\{\\{reset.link_lifetime}} | &#123;{reset.link_lifetime}} |\n", facts: true)
        #expect(body.html.contains("<td>{{reset.link_lifetime}}</td>\n<td>{{reset.link_lifetime}}</td>"), "\(body.html)")
        #expect(body.diagnostics.isEmpty)
    }

    @Test func escapedBracesOnParagraphLinesAboveAndBelowATableStayText() {
        let body = base.render("Write \\{\\{reset.link_lifetime}}\nnot \\{{reset.nope}}\n| a |\n| - |\n| {{reset.link_lifetime}} |\n", facts: true)
        #expect(body.html.hasPrefix("<p>Write {{reset.link_lifetime}}\nnot {{reset.nope}}</p>\n"), "\(body.html)")
        #expect(body.html.contains("<td>60 minutes</td>"))
        #expect(body.diagnostics.isEmpty)
        // Below a table: a line of no cells ends it, and what follows is a paragraph again.
        let below = base.render("| a |\n| - |\n| 1 |\n|\n\\{\\{reset.link_lifetime}} {{reset.nope}}\n", facts: true)
        #expect(below.html.hasSuffix("<p>|\n{{reset.link_lifetime}} {{reset.nope}}</p>\n"), "\(below.html)")
        #expect(below.diagnostics.map { "\($0.location.line):\($0.location.column)" } == ["8:27"])
    }

    @Test func unknownValueInACellIsReportedAtItsSourceColumnAndQuotedAsWritten() {
        let messages = base.places("| a | b |\n| - | - |\n| x \\| y | Say \"hi\" -- &amp; {{reset.\"x\"}} |\n", facts: true)
        #expect(messages.count == 1)
        // Body line 3 is file line 6; `{{` follows the 29 bytes of "| x \| y | Say "hi" -- &amp; ".
        #expect(messages.first?.hasPrefix("6:30: unknown value '{{reset.\"x\"}}' (known: ") == true, "\(messages)")
    }

    @Test func linksOnLaterLinesOfAParagraphSplitAboveATableAreReportedAtTheirBracket() {
        #expect(base.places("Intro\n  see [y](gone.md) and [a\nwrapped](gone2.md)\n| a |\n| - |\n| 1 |\n") == [
            "5:7: link to missing page 'gone.md'",
            "5:24: link to missing page 'gone2.md'",
        ])
    }

    @Test func aTableAboveADashLineKeepsGitHubIdsForThePagesOtherHeadings() {
        // The underline makes the table a setext heading for cmark (and for the plain parse of
        // the ids); the table pass makes it a table and a rule.
        for after in ["", "\n"] {
            let body = base.render("## A -- B\n\n| a |\n| - |\n| 1 |\n---\n\(after)## C -- D\n")
            #expect(body.headings.map(\.id) == ["a----b", "c----d"])
        }
    }

    @Test func aTableAboveADashLineAndABlankLineIsATableAndARule() {
        // cmark ends that heading on the blank line, which is no underline.
        let body = base.render("Text\n\n| a | b |\n| - | - |\n| 1 | 2 |\n---\n\nMore\n")
        let table = "<div class=\"table-scroll\" tabindex=\"0\">\n" + TableTests.simpleTable + "</div>\n"
        #expect(body.html == "<p>Text</p>\n" + table + "<hr />\n<p>More</p>\n", "\(body.html)")
        #expect(body.headings.isEmpty)
    }

    @Test func linkInASetextHeadingAfterReferenceDefinitionsIsReportedAtItsBracket() {
        #expect(base.places("[r]: guide.md\nTitle [x](gone.md)\n---\n") == ["5:7: link to missing page 'gone.md'"])
        #expect(base.places("[r]: guide.md\n[s]: guide.md\nSee [a\nb](gone.md)\n---\n").first == "6:5: link to missing page 'gone.md'")
    }
}
