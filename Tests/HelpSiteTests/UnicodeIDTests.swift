import Diagnostics
import Foundation
import Testing
@testable import HelpSite

/// Heading ids, `#fragment`s and tag pages are published in NFC, as file names are: a browser
/// matches a fragment to an `id` code point by code point, so the published bytes must agree
/// whichever form the author typed (Swift's `==` calls the two forms equal and hid this).
@Suite struct UnicodeIDTests {
    typealias Site = HostileContentTests.Site
    static let page = HostileContentTests.page
    static let composed = LinkPublishingTests.composed
    static let decomposed = LinkPublishingTests.decomposed

    /// The `id="…"` values of an HTML file, as bytes.
    static func ids(in html: String) -> Set<[UInt8]> {
        Set(html.matches(of: /id="([^"]*)"/).map { Array(String($0.output.1).utf8) })
    }

    /// The fragments of `html`'s hrefs to `file` (`""` for the same page), percent-decoded as the
    /// browser decodes them, as bytes.
    static func fragments(in html: String, to file: String) -> [[UInt8]] {
        html.matches(of: /href="([^"#]*)#([^"]+)"/).compactMap { match in
            guard String(match.output.1) == file, let fragment = SitePath.percentDecode(String(match.output.2)) else { return nil }
            return Array(fragment.utf8)
        }
    }

    @Test func idsAndFragmentsAgreeByteForByteFromEitherForm() async throws {
        let site = try Site([
            // An NFD heading linked in NFC, an NFC heading linked in NFD, and an NFD `{#id}`.
            "index.md": Self.page("Home", """
                [a](nfd.md#\(Self.composed)) [b](nfc.md#\(Self.decomposed)) [c](nfd.md#\(Self.composed)-x)

                ## \(Self.decomposed) here

                [same page](#\(Self.composed)-here)
                """),
            "nfd.md": Self.page("NFD", "## \(Self.decomposed)\n\n## Other {#\(Self.decomposed)-x}\n"),
            "nfc.md": Self.page("NFC", "## \(Self.composed)\n"),
        ])
        let report = try await site.build()
        #expect(report.warnings.isEmpty)
        let home = try site.output("index.html")
        // On the same page, headings' own permalinks and the template's links are checked too.
        for (file, count) in [("nfd.html", 2), ("nfc.html", 1), ("", 3)] {
            let ids = Self.ids(in: file.isEmpty ? home : try site.output(file))
            let fragments = Self.fragments(in: home, to: file)
            #expect(fragments.count >= count, "\(file)")
            for fragment in fragments {
                #expect(ids.contains(fragment), "\(file): #\(String(decoding: fragment, as: UTF8.self)) names no id byte for byte")
                #expect(fragment.elementsEqual(PublishedNames.nfc(String(decoding: fragment, as: UTF8.self)).utf8), "not NFC")
            }
        }
    }

    @Test func aRawHTMLIDInAnotherFormIsReportedNotPassed() async throws {
        // Raw HTML is published as written: its NFD id is not what the NFC fragment names.
        let site = try LinkPublishingTests.unsafeSite([
            "index.md": Self.page("Home", "<a id=\"\(Self.decomposed)\"></a>\n\n[x](#\(Self.composed)) [y](#\(Self.decomposed))\n"),
        ])
        let errors = await site.errors()
        #expect(errors.count == 2, "\(errors)")
        #expect(errors.allSatisfy { $0.contains("written in another Unicode form") }, "\(errors)")
    }

    @Test func aRawHTMLIDInNFCIsFound() async throws {
        let site = try LinkPublishingTests.unsafeSite([
            "index.md": Self.page("Home", "<a id=\"\(Self.composed)\"></a>\n\n[x](#\(Self.composed)) [y](#\(Self.decomposed))\n"),
        ])
        #expect(await site.errors() == [])
    }

    @Test func anNFCFragmentFindsTheNFCIDBesideAnNFDOne() {
        // As a Set<String> these two ids were one, and which survived depended on the order.
        let ids: [String: Set<PublishedID>] = ["index.md": [PublishedID(Self.decomposed), PublishedID(Self.composed)]]
        let reference = FragmentReference(location: SourceLocation(file: "content/index.md", line: 1, column: 1), page: "index.md",
                                          fragment: Self.composed, samePage: true)
        #expect(FragmentCheck.problems([reference], ids: ids).isEmpty)
        #expect(FragmentCheck.problems([reference], ids: ["index.md": [PublishedID(Self.decomposed)]]).count == 1)
    }

    @Test func tagsThatDifferOnlyByFormAreOneTagWithAnNFCPage() {
        // `≠` decomposes to `=` and a combining mark, which github-slugger keeps.
        let pages = [
            TagIndex.Page(source: "a.md", title: "A", tags: [Self.decomposed, "=\u{338}"], file: "content/a.md"),
            TagIndex.Page(source: "b.md", title: "B", tags: [Self.composed, "\u{2260}"], file: "content/b.md"),
        ]
        let index = TagIndex(pages: pages)
        #expect(index.tags.count == 2)
        for tag in index.tags {
            #expect(tag.pages == ["a.md", "b.md"])
            #expect(tag.outputPath.utf8.elementsEqual(PublishedNames.nfc(tag.outputPath).utf8), "\(tag.outputPath) is not NFC")
        }
        #expect(Set(index.tags.map { Array($0.outputPath.utf8) }) == [Array("tags/\(Self.composed).html".utf8), Array("tags/tag-2260.html".utf8)])
    }
}
