import Foundation
import Testing

/// The `helpsite` executable as CI runs it: exit status, GCC-style diagnostics, annotations.
@Suite struct CommandLineTests {
    let helpsite = Paths.helpsiteExecutable

    @Test func checkOfABrokenSiteExitsNonZeroWithGCCStyleDiagnostics() throws {
        let result = try run(helpsite, ["check"], in: Paths.fixture("broken"), environment: ["GITHUB_ACTIONS": "false"])
        #expect(result.status == 1)
        let lines = result.standardError.split(separator: "\n").map(String.init)
        #expect(lines.contains("content/index.md:5:5: error: link to missing page 'missing-page.md'"))
        #expect(lines.contains("content/unknown-key.md:3:1: error: unknown key 'colour' in front matter (known keys: title, description, tags, author, created, modified, weight, draft, aliases)"))
        #expect(lines.last == "error: build failed with 7 errors and 0 warnings; nothing was written")
        #expect(result.standardOutput.isEmpty)
    }

    @Test func githubActionsGetsAnnotations() throws {
        let result = try run(helpsite, ["check"], in: Paths.fixture("broken"), environment: ["GITHUB_ACTIONS": "true"])
        #expect(result.status == 1)
        #expect(result.standardOutput.contains("::error file=content/index.md,line=5,col=5::link to missing page 'missing-page.md'\n"))
        #expect(result.standardOutput.contains("::error file=content/index.md,line=6,col=6::no heading with id 'not-on-this-page' on this page\n"))
    }

    @Test func buildPrintsASummaryAndHonoursOverrides() throws {
        let output = try makeTemporaryDirectory() + "/site"
        let result = try run(helpsite, ["build", "--config", Paths.fixtureConfig("basic"), "--output", output,
                                        "--base-url", "https://other.example/docs"])
        #expect(result.status == 0)
        #expect(result.standardOutput.hasPrefix("Built 5 pages, 2 tags, 0 warnings in "))
        #expect(result.standardOutput.hasSuffix(" ms into \(output)\n"))
        #expect(try readText(output + "/sitemap.xml").contains("<loc>https://other.example/docs/index.html</loc>"))
    }

    @Test func strictTurnsWarningsIntoFailure() throws {
        let output = try makeTemporaryDirectory() + "/site"
        let lenient = try run(helpsite, ["build", "--output", output], in: Paths.fixture("warnings"))
        #expect(lenient.status == 0)
        #expect(lenient.standardError == "content/index.md:5:1: warning: image has no description: write one between the brackets, for readers who cannot see it\n")
        let strict = try run(helpsite, ["build", "--strict", "--output", output + "-strict"], in: Paths.fixture("warnings"))
        #expect(strict.status == 1)
        #expect(strict.standardError.hasSuffix("error: build failed with 0 errors and 1 warning; nothing was written\n"))
        #expect(!FileManager.default.fileExists(atPath: output + "-strict"))
        let check = try run(helpsite, ["check"], in: Paths.fixture("warnings"))
        #expect(check.status == 1)
    }

    @Test func configurationErrorsNameTheFileAndLine() throws {
        let result = try run(helpsite, ["check"], in: Paths.fixture("bad-config"))
        #expect(result.status == 1)
        #expect(result.standardError == """
            resetkit.yaml:3:3: error: unknown key 'colour' in the site section (known keys: title, base_url, language, languages, content, templates, output, unsafe_html, smart_punctuation, nav, check_resetlink_links, ignored_front_matter)
            resetkit.yaml:4:13: error: site.base_url must be an absolute http:// or https:// URL without a query or fragment, not 'ftp://example.org/'
            error: the configuration has 2 errors

            """)
    }

    @Test func badBaseURLOptionIsRefused() throws {
        let result = try run(helpsite, ["check", "--config", Paths.fixtureConfig("basic"), "--base-url", "intranet/help"])
        #expect(result.status == 1)
        #expect(result.standardError.contains("error: --base-url must be an absolute http:// or https:// URL, not 'intranet/help'"))
    }

    @Test func missingExplicitConfigurationIsAnError() throws {
        let result = try run(helpsite, ["check", "--config", "/nonexistent/resetkit.yaml"])
        #expect(result.status == 1)
        #expect(result.standardError.hasPrefix("/nonexistent/resetkit.yaml: error: cannot read the configuration file\n"))
    }
}
