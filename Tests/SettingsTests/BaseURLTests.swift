import Settings
import Testing

@Suite struct BaseURLTests {
    @Test(arguments: [
        ("https://x.example", "https://x.example/"),
        ("https://x.example/", "https://x.example/"),
        ("http://x.example/help", "http://x.example/help/"),
        ("https://x.example:8443/a/b/", "https://x.example:8443/a/b/"),
        ("HTTPS://X.example/Help", "HTTPS://X.example/Help/"),
    ])
    func acceptsAbsoluteHTTPURLs(text: String, normalized: String) {
        #expect(SiteSettings.normalizedBaseURL(text) == normalized)
    }

    @Test(arguments: [
        "", "ftp://x", "not a url", "x.example/help", "/help/", "//x.example/", "https://", "https:///help",
        "https://x.example/?q=1", "https://x.example/a#top", "https://x.example/a b", "https://x.example/\"",
        "https://x.example/<script>", "mailto:a@b.example", "javascript://x.example/",
    ])
    func refusesEverythingElse(text: String) {
        #expect(SiteSettings.normalizedBaseURL(text) == nil)
    }

    @Test func baseURLWithoutTrailingSlashGetsOne() throws {
        let site = try Configuration.parse("site:\n  base_url: https://help.example.org/docs\n", file: "r.yaml").site
        #expect(site.baseURL == "https://help.example.org/docs/")
    }

    @Test func refusesControlCharacters() {
        #expect(SiteSettings.normalizedBaseURL("https://x.example/a\tb") == nil)
        #expect(SiteSettings.normalizedBaseURL("https://x.example/\n") == nil)
        #expect(SiteSettings.normalizedBaseURL("https://x.example/\u{7F}") == nil)
    }
}
