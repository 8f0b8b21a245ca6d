import Foundation
import SeededRandom
import Testing
@testable import HelpSite

@Suite struct LinkResolverTests {
    let resolver = LinkResolver(inventory: SiteInventory(
        pages: ["index.md", "reset-password.md", "admin/index.md", "admin/reset for user.md"],
        draftPages: ["secret.md"],
        assets: ["images/login.svg", "media/walkthrough.mp4"],
        directories: ["admin", "images", "media", "empty"],
        generatedOutputs: ["tags/index.html", "sitemap.xml"]))

    func rewritten(_ destination: String, from page: String = "index.md", kind: LinkResolver.Kind = .link) -> String? {
        if case .rewritten(let url, _, _) = resolver.resolve(destination, from: page, kind: kind) { return url }
        return nil
    }

    func problem(_ destination: String, from page: String = "index.md", kind: LinkResolver.Kind = .link) -> String? {
        if case .problem(_, let message) = resolver.resolve(destination, from: page, kind: kind) { return message }
        return nil
    }

    @Test func pageLinksBecomeOutputURLs() {
        #expect(rewritten("reset-password.md") == "reset-password.html")
        #expect(rewritten("reset-password.md#steps") == "reset-password.html#steps")
        #expect(rewritten("reset-password.md?x=1#steps") == "reset-password.html?x=1#steps")
        #expect(rewritten("../reset-password.md#password-rules", from: "admin/index.md") == "../reset-password.html#password-rules")
        #expect(rewritten("/reset-password.md", from: "admin/index.md") == "../reset-password.html")
        #expect(rewritten("./index.md", from: "admin/reset for user.md") == "index.html")
        #expect(rewritten("reset%20for%20user.md", from: "admin/index.md") == "reset%20for%20user.html")
    }

    @Test func folderLinksOpenTheFolderIndex() {
        #expect(rewritten("admin/") == "admin/index.html")
        #expect(rewritten("admin") == "admin/index.html")
        #expect(rewritten("../", from: "admin/index.md") == "../index.html")
        #expect(problem("empty/") == "link to folder 'empty/', which has no index.md or README.md and no pages to list")
    }

    let migrated = LinkResolver(inventory: SiteInventory(
        pages: ["index.md", "docs/index.md", "r\u{E9}sum\u{E9}.md", "faq:reset.md"], draftPages: [],
        assets: ["faq:files/form.pdf"], directories: ["docs", "guides", "faq:files"],
        generatedOutputs: ["guides/index.html"], readmeIndexes: ["docs/README.md": "docs/index.md"]))

    func migratedURL(_ destination: String, from page: String = "index.md") -> String? {
        if case .rewritten(let url, _, _) = migrated.resolve(destination, from: page, kind: .link) { return url }
        return nil
    }

    @Test func folderWithoutIndexOpensItsListingAndReadmeIsTheIndex() {
        #expect(migratedURL("guides/") == "guides/index.html")
        #expect(migratedURL("guides") == "guides/index.html")
        #expect(migratedURL("docs/README.md#x") == "docs/index.html#x")
        #expect(migrated.resolve("README.md#x", from: "docs/index.md", kind: .link)
                == .rewritten(url: "index.html#x", fragmentPage: "docs/index.md", fragment: "x"))
    }

    @Test func linksInEitherUnicodeFormGiveTheNFCURL() {
        // Percent-encoded URLs are ASCII, so `==` compares them byte for byte.
        #expect(migratedURL("re\u{301}sume\u{301}.md") == "r%C3%A9sum%C3%A9.html")
        #expect(migratedURL("re%CC%81sume%CC%81.md") == "r%C3%A9sum%C3%A9.html")
        #expect(migratedURL("r%C3%A9sum%C3%A9.md") == "r%C3%A9sum%C3%A9.html")
        #expect(PublishedNames.nfc("re\u{301}").utf8.elementsEqual("r\u{E9}".utf8))
    }

    @Test func colonInTheFirstSegmentIsAPathWhenTheSiteHasIt() {
        #expect(migratedURL("faq:reset.md") == "./faq:reset.html")
        #expect(migratedURL("faq:files/form.pdf") == "./faq:files/form.pdf")
        #expect(migratedURL("../faq:reset.md", from: "docs/index.md") == "../faq:reset.html")
        if case .problem(_, let message) = migrated.resolve("faq:resett.md", from: "index.md", kind: .link) {
            #expect(message == "link to missing page 'faq:resett.md'")
        } else {
            Issue.record("faq:resett.md was not checked")
        }
        for url in ["mailto:a@b.org", "https://x.org/a.md", "slack://open", "zoommtg:join?x=1", "HTTP:x.md", "tel:123"] {
            #expect(migrated.resolve(url, from: "index.md", kind: .link) == .unchanged, "\(url)")
        }
        #expect(SitePath.url(root: "", to: "faq:reset.html") == "./faq:reset.html")
        #expect(SitePath.url(root: "../", to: "faq:reset.html") == "../faq:reset.html")
        #expect(SitePath.url(root: "", to: "a/faq:reset.html") == "a/faq:reset.html")
    }

    @Test func fragmentsAreRecordedForTheTargetPage() {
        #expect(resolver.resolve("admin/index.md#look-up", from: "index.md", kind: .link)
                == .rewritten(url: "admin/index.html#look-up", fragmentPage: "admin/index.md", fragment: "look-up"))
        #expect(resolver.resolve("#steps", from: "reset-password.md", kind: .link)
                == .rewritten(url: "#steps", fragmentPage: "reset-password.md", fragment: "steps"))
        #expect(resolver.resolve("#caf%C3%A9", from: "index.md", kind: .link)
                == .rewritten(url: "#caf%C3%A9", fragmentPage: "index.md", fragment: "café"))
    }

    @Test func assetsAndGeneratedFilesResolve() {
        #expect(rewritten("../images/login.svg", from: "admin/index.md", kind: .image) == "../images/login.svg")
        #expect(rewritten("media/walkthrough.mp4", kind: .image) == "media/walkthrough.mp4")
        #expect(rewritten("../tags/index.html", from: "admin/index.md") == "../tags/index.html")
        #expect(rewritten("reset-password.html#steps") == "reset-password.html#steps")
    }

    @Test func externalLinksAreLeftAlone() {
        for url in ["https://example.org/x.md", "mailto:help@example.org", "tel:+441234", "//cdn.example.org/a.png"] {
            #expect(resolver.resolve(url, from: "index.md", kind: .link) == .unchanged)
        }
    }

    @Test func brokenLinksSayWhatIsWrong() {
        #expect(problem("missing.md") == "link to missing page 'missing.md'")
        #expect(problem("Reset-Password.md") == "link to missing page 'Reset-Password.md' (did you mean 'reset-password.md'? letter case matters on the web server)")
        #expect(problem("secret.md") == "link to draft page 'secret.md', which this build leaves out (build with --drafts to include drafts)")
        #expect(problem("../../etc/passwd", from: "admin/index.md") == "'../../etc/passwd' leads outside the content folder")
        #expect(problem("images/none.png", kind: .image) == "missing image or media file 'images/none.png'")
        #expect(problem("reset-password.md", kind: .image) == "'reset-password.md' is a page, not an image or media file (use a link: [text](reset-password.md))")
        #expect(problem("files/report.pdf") == "link to missing file 'files/report.pdf'")
        #expect(problem("bad%zz.md") == "malformed percent-encoding in 'bad%zz.md'")
    }

    @Test func emptyDestinationIsAWarning() {
        #expect(resolver.resolve("", from: "index.md", kind: .link) == .problem(.warning, "link has no destination"))
    }

    @Test func dangerousSchemes() {
        #expect(LinkResolver.isDangerous("JavaScript:alert(1)"))
        #expect(LinkResolver.isDangerous("vbscript:x"))
        #expect(LinkResolver.isDangerous("data:text/html,<b>"))
        #expect(!LinkResolver.isDangerous("data:image/png;base64,AAAA"))
        #expect(!LinkResolver.isDangerous("https://example.org"))
    }

    @Test func sitePaths() {
        #expect(SitePath.relativeURL(from: "a/b/c.html", to: "a/d.html") == "../d.html")
        #expect(SitePath.relativeURL(from: "index.html", to: "a b/ü.html") == "a%20b/%C3%BC.html")
        #expect(SitePath.relativeURL(from: "a/x.html", to: "a/y.html") == "y.html")
        #expect(SitePath.rootPrefix(from: "a/b/c.html") == "../../")
        #expect(SitePath.resolve("../x", in: "a/b") == "a/x")
        #expect(SitePath.resolve("../../..", in: "a/b") == nil)
        #expect(SitePath.percentDecode("%E3%83%91") == "パ")
        #expect(SitePath.percentDecode("%FF") == nil)
    }

    @Test func percentEncodingKeepsOnlyUnreservedAndSubDelimiters() {
        #expect(SitePath.percentEncode("a b/c%d") == "a%20b%2Fc%25d")
        #expect(SitePath.percentEncodePath("a b/c%d/é.html") == "a%20b/c%25d/%C3%A9.html")
        #expect(SitePath.percentEncodePath("plain/path-1_x~y.html") == "plain/path-1_x~y.html")
        #expect(SitePath.percentEncodePath("/a//b/") == "/a//b/")
        // Against a byte-by-byte reference, on random paths.
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@".utf8)
        func reference(_ text: String, keepSlash: Bool) -> String {
            text.utf8.map { byte in
                allowed.contains(byte) || (keepSlash && byte == UInt8(ascii: "/")) ? String(UnicodeScalar(byte)) : "%" + String(format: "%02X", byte)
            }.joined()
        }
        let pieces = ["a", "Z", "0", "9", "-", ".", "_", "~", "!", "$", "&", "'", "(", ")", "*", "+", ",", ";", "=", ":", "@",
                      "/", " ", "%", "?", "#", "[", "]", "\"", "<", "^", "`", "{", "|", "}", "\u{7F}", "\u{1}", "é", "e\u{301}", "🔑", "パ"]
        var random = SeededRandom(seed: 7)
        for _ in 0..<5_000 {
            let text = (0..<random.below(10)).map { _ in pieces[random.below(pieces.count)] }.joined()
            #expect(SitePath.percentEncodePath(text) == reference(text, keepSlash: true), "\(text)")
            #expect(SitePath.percentEncode(text) == reference(text, keepSlash: false), "\(text)")
        }
    }
}
