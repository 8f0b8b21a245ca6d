import Foundation
import Testing
@testable import HelpSite

/// One entry of github-slugger's fixtures (Fixtures/github-slugger/README.md): GitHub's own id for
/// a heading, in a list whose repeats are numbered across entries.
struct SluggerFixture: Decodable, Sendable, CustomTestStringConvertible {
    var name: String
    var input: String
    /// The Markdown github-slugger's generator wrote instead of `# input` (entity spaces).
    var markdownOverwrite: String?
    var expected: String
    var position = 0

    enum CodingKeys: String, CodingKey { case name, input, markdownOverwrite, expected }

    var testDescription: String { "\(position + 1). \(name)" }

    static let all: [SluggerFixture] = {
        let path = Paths.fixture("github-slugger/fixtures.json")
        guard let data = FileManager.default.contents(atPath: path),
              var fixtures = try? JSONDecoder().decode([SluggerFixture].self, from: data) else { return [] }
        for index in fixtures.indices { fixtures[index].position = index }
        return fixtures
    }()
}

@Suite struct HeadingSluggerTests {
    @Test func allFixturesAreLoaded() {
        #expect(SluggerFixture.all.count == 78)
    }

    /// Each fixture after all those before it, as github-slugger's own test runs them.
    @Test(arguments: SluggerFixture.all)
    func matchesGitHubOnGithubSluggersFixtures(_ fixture: SluggerFixture) {
        var slugger = HeadingSlugger()
        var id: String?
        for earlier in SluggerFixture.all[...fixture.position] { id = slugger.uniqueID(for: earlier.input) }
        #expect(id == fixture.expected)
    }

    @Test(arguments: [
        ("Reset your password", "reset-your-password"),
        ("What if the link has expired?", "what-if-the-link-has-expired"),
        ("Admin > People", "admin--people"),
        ("SSO & LDAP (Okta, Azure AD)", "sso--ldap-okta-azure-ad"),
        ("snake_case and kebab-case", "snake_case-and-kebab-case"),
        ("Version 2.0", "version-20"),
        ("Café crème", "café-crème"),
        ("Über Passwörter", "über-passwörter"),
        ("パスワードのリセット", "パスワードのリセット"),
        ("Сброс пароля", "сброс-пароля"),
        ("إعادة تعيين", "إعادة-تعيين"),
        // GitHub keeps spaces at the ends (`&#x20;` survives cmark's trimming).
        ("  Trimmed  ", "--trimmed--"),
        // What github-slugger 2.0.0 gives (node, run on these strings), which helpsite once did not:
        ("A -- B", "a----b"),
        ("ΟΔΟΣ", "οδος"),              // a final sigma is ς, as JavaScript lower-cases it
        ("ΑΣ'Σ", "ασς"),               // not final when a letter follows after case-ignorable ones
        ("ΑΣ1", "ας1"),
        ("ΣΑΣ ΣΑΣ.", "σας-σας"),
        ("x²", "x"),                   // Other_Number is dropped
        ("½ off", "-off"),
        ("Ⓐ circled", "ⓐ-circled"),     // circled letters are Alphabetic: kept
        ("İstanbul", "i̇stanbul"),
        ("\u{1C89}x", "x"),             // assigned in Unicode 16: not in github-slugger's Unicode 13
    ])
    func githubSlugs(heading: String, expected: String) {
        var slugger = HeadingSlugger()
        #expect(slugger.uniqueID(for: heading) == expected)
    }

    @Test func symbolOnlyHeadingsHaveNoIDButAreCountedAsOnGitHub() {
        var slugger = HeadingSlugger()
        #expect(slugger.uniqueID(for: "🎉🎉") == nil)   // GitHub: ""
        #expect(slugger.uniqueID(for: "!!!") == nil)    // GitHub: "-1"
        #expect(slugger.uniqueID(for: "-1") == "-1-1")
    }

    @Test func duplicatesAreNumberedInOrder() {
        var slugger = HeadingSlugger()
        #expect(slugger.uniqueID(for: "Steps") == "steps")
        #expect(slugger.uniqueID(for: "Steps") == "steps-1")
        #expect(slugger.uniqueID(for: "steps") == "steps-2")
        // A heading whose own slug is a numbered one does not collide either.
        #expect(slugger.uniqueID(for: "Steps 1") == "steps-1-1")
    }

    @Test func reservedIDsAreAvoided() {
        var slugger = HeadingSlugger(reserved: ["steps", "main"])
        #expect(slugger.uniqueID(for: "Steps") == "steps-1")
        #expect(slugger.uniqueID(for: "Main") == "main-1")
    }

    @Test func fallbackIDsAvoidEveryOtherID() {
        var taken: Set<String> = ["section", "section-2"]
        var counter = 0
        #expect(HeadingSlugger.fallbackID(taken: &taken, counter: &counter) == "section-1")
        #expect(HeadingSlugger.fallbackID(taken: &taken, counter: &counter) == "section-3")
    }

    /// The ASCII fast path's idea of cased and case-ignorable characters is Unicode's.
    @Test func asciiCasePropertiesAreUnicodes() {
        for value in UInt8(0)..<128 {
            let scalar = Unicode.Scalar(value)
            #expect(HeadingSlugger.asciiCaseIgnorable.contains(scalar) == scalar.properties.isCaseIgnorable, "\(value)")
            #expect((scalar >= "A" && scalar <= "Z" || scalar >= "a" && scalar <= "z") == scalar.properties.isCased, "\(value)")
        }
        #expect(HeadingSlugger.slug("AΣ.") == "aς")
        #expect(HeadingSlugger.slug("AΣ.b") == "aσb")
    }

    /// Σ followed by a long run of case-ignorable characters, many times: each run is read once.
    @Test func finalSigmaStaysLinear() {
        let text = String(repeating: "Σ" + String(repeating: "'", count: 1_000), count: 200) + "Σ"
        #expect(HeadingSlugger.slug(text) == String(repeating: "σ", count: 200) + "ς")
    }
}
