#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Diagnostics
import Settings
import Testing

@Suite struct ConfigurationTests {
    // MARK: Defaults

    @Test func embeddedDefaults() {
        let site = SiteSettings()
        #expect(site.title == "Password help")
        #expect(site.baseURL == "https://intranet.example.com/help/")
        #expect(site.language == "en")
        #expect(site.contentDirectory == "content")
        #expect(site.templatesDirectory == "Templates")
        #expect(site.outputDirectory == "public")
        #expect(site.unsafeHTML == false)
        #expect(site.smartPunctuation == true)
        #expect(site.navigation.isEmpty)
        let configuration = Configuration(baseDirectory: "/repo")
        #expect(configuration.file == nil)
        #expect(configuration.baseDirectory == "/repo")
        #expect(configuration.site == SiteSettings())
    }

    @Test(arguments: ["", "\n\n", "# only a comment\n", "---\n", "~\n", "null\n", "site:\n", "site: {}\n", "site: ~\n"])
    func emptyFilesGiveTheDefaults(text: String) throws {
        let configuration = try Configuration.parse(text, file: "config/resetkit.yaml")
        #expect(configuration.site == SiteSettings())
        #expect(configuration.file == "config/resetkit.yaml")
        #expect(configuration.baseDirectory == "config")
    }

    @Test func emptyValuesKeepTheDefaults() throws {
        let configuration = try Configuration.parse("site:\n  title:\n  nav:\n  unsafe_html: ~\n", file: "resetkit.yaml")
        #expect(configuration.site == SiteSettings())
    }

    // MARK: A full site section

    static let full = """
        # comment
        site:
          title: ResetKit help
          base_url: https://help.example.org/docs
          language: de-CH
          content: docs/content
          templates: theme
          output: /srv/www/help
          unsafe_html: true
          smart_punctuation: false
          nav:
            - index.md
            - "reset-password.md"
            - admin/unlock.md
          ignored_front_matter: [sidebar_label, slug]

        """

    @Test func fullSiteSectionParsesEveryKey() throws {
        let configuration = try Configuration.parse(Self.full, file: "resetkit.yaml")
        let site = configuration.site
        #expect(site.title == "ResetKit help")
        #expect(site.baseURL == "https://help.example.org/docs/")
        #expect(site.language == "de-CH")
        #expect(site.contentDirectory == "docs/content")
        #expect(site.templatesDirectory == "theme")
        #expect(site.outputDirectory == "/srv/www/help")
        #expect(site.unsafeHTML == true)
        #expect(site.smartPunctuation == false)
        #expect(site.navigation.map(\.path) == ["index.md", "reset-password.md", "admin/unlock.md"])
        #expect(site.ignoredFrontMatterKeys == ["sidebar_label", "slug"])
        #expect(site.navigation.map(\.location) == [
            SourceLocation(file: "resetkit.yaml", line: 12, column: 7),
            SourceLocation(file: "resetkit.yaml", line: 13, column: 7),
            SourceLocation(file: "resetkit.yaml", line: 14, column: 7),
        ])
        #expect(configuration.file == "resetkit.yaml")
        #expect(configuration.baseDirectory == ".")
    }

    @Test func flowStyleAndQuotedValues() throws {
        let text = "site: {title: '2026 guide', base_url: \"http://h.example/\", nav: [a.md, b.md], unsafe_html: no}\n"
        let site = try Configuration.parse(text, file: "r.yaml").site
        #expect(site.title == "2026 guide")
        #expect(site.baseURL == "http://h.example/")
        #expect(site.navigation.map(\.path) == ["a.md", "b.md"])
        #expect(site.navigation.map(\.location.column) == [66, 72])
        #expect(site.unsafeHTML == false)
    }

    @Test func numbersAreAcceptedAsText() throws {
        let site = try Configuration.parse("site:\n  title: 2026\n  nav: [1, 2.0]\n", file: "r.yaml").site
        #expect(site.title == "2026")
        #expect(site.navigation.map(\.path) == ["1", "2.0"])
    }

    @Test func quotedBooleanIsText() throws {
        let site = try Configuration.parse("site:\n  title: 'yes'\n  language: !!str no\n", file: "r.yaml").site
        #expect(site.title == "yes")
        #expect(site.language == "no")
    }

    @Test func yamlBooleanSpellings() throws {
        let site = try Configuration.parse("site:\n  unsafe_html: yes\n  smart_punctuation: Off\n", file: "r.yaml").site
        #expect(site.unsafeHTML == true)
        #expect(site.smartPunctuation == false)
    }

    // MARK: Errors with positions

    @Test func unknownTopLevelKey() {
        #expect(problem("site:\n  title: x\nsitee:\n  title: y\n")
            == "resetkit.yaml:3:1: error: unknown key 'sitee' in the configuration (known keys: site, reset)")
    }

    @Test func unknownKeyInsideSite() {
        #expect(problem("site:\n  title: x\n  base-url: https://x.example/\n")
            == "resetkit.yaml:3:3: error: unknown key 'base-url' in the site section (known keys: \(siteKeys))")
    }

    @Test func unsafeHTMLMustBeABoolean() {
        #expect(problem("site:\n  unsafe_html: maybe\n")
            == "resetkit.yaml:2:16: error: site.unsafe_html must be true or false, not 'maybe'")
        #expect(problem("site:\n  smart_punctuation: 1\n")
            == "resetkit.yaml:2:22: error: site.smart_punctuation must be true or false, not the number 1")
    }

    @Test func titleMustBeText() {
        #expect(problem("site:\n  title: [a, b]\n")
            == "resetkit.yaml:2:10: error: site.title must be text, not a list")
        #expect(problem("site:\n  title:\n    a: b\n")
            == "resetkit.yaml:3:5: error: site.title must be text, not a mapping")
    }

    @Test func navMustBeAListOfText() {
        #expect(problem("site:\n  nav: foo\n")
            == "resetkit.yaml:2:8: error: site.nav must be a list, not 'foo'")
        #expect(problems("site:\n  nav:\n    - a.md\n    - [b.md]\n    - {c: d}\n    - yes\n") == [
            "resetkit.yaml:4:7: error: each entry of site.nav must be text, not a list",
            "resetkit.yaml:5:7: error: each entry of site.nav must be text, not a mapping",
            "resetkit.yaml:6:7: error: each entry of site.nav must be text, not the boolean 'yes' (quote it)",
        ])
    }

    @Test func unquotedBooleanTitleIsRefused() {
        #expect(problem("site:\n  title: yes\n")
            == "resetkit.yaml:2:10: error: site.title must be text, not the boolean 'yes' (quote it)")
        #expect(problem("site:\n  language: no\n")
            == "resetkit.yaml:2:13: error: site.language must be text, not the boolean 'no' (quote it)")
    }

    @Test(arguments: ["ftp://x", "not a url", "https://x.example/help?lang=en", "https://x.example/#top", "https://", "/help/"])
    func badBaseURL(url: String) {
        #expect(problem("site:\n  base_url: '\(url)'\n")
            == "resetkit.yaml:2:13: error: site.base_url must be an absolute http:// or https:// URL without a query or fragment, not '\(url)'")
    }

    @Test func siteMustBeAMapping() {
        #expect(problem("site: foo\n")
            == "resetkit.yaml:1:7: error: the site section must be a mapping of keys to values, not 'foo'")
        #expect(problem("site: [a]\n")
            == "resetkit.yaml:1:7: error: the site section must be a mapping of keys to values, not a list")
    }

    @Test func fileMustBeAMapping() {
        #expect(problem("- site\n")
            == "resetkit.yaml:1:1: error: the configuration must be a mapping of keys to values, not a list")
        #expect(problem("just text\n")
            == "resetkit.yaml:1:1: error: the configuration must be a mapping of keys to values, not 'just text'")
    }

    @Test func yamlSyntaxErrorNamesTheLine() {
        #expect(problem("site:\n  title: [a\n  language: en\n")
            == "resetkit.yaml:3:11: error: invalid YAML: did not find expected ',' or ']' (while parsing a flow sequence that starts on line 2)")
        #expect(problem("site:\n  title: x\n bad: y\n")
            == "resetkit.yaml:3:2: error: invalid YAML: did not find expected key (while parsing a block mapping that starts on line 1)")
        #expect(problem("site:\n\ttitle: x\n")
            == "resetkit.yaml:2:1: error: invalid YAML: found character that cannot start any token (while scanning for the next token that starts on line 2)")
        #expect(problem("site:\n  title: \"open\n")
            == "resetkit.yaml:3:1: error: invalid YAML: found unexpected end of stream (while scanning a quoted scalar that starts on line 2)")
    }

    @Test func secondDocumentIsRefused() {
        #expect(problem("site:\n  title: x\n---\nsite: {}\n")
            == "resetkit.yaml:3:1: error: invalid YAML: but found another document (expected a single document in the stream that starts on line 1)")
    }

    @Test func duplicateKey() {
        let reported = problems("site:\n  title: A\n  language: en\n  title: B\n")
        #expect(reported.count == 1)
        #expect(reported.first?.hasPrefix("resetkit.yaml:") == true)
        #expect(reported.first?.hasSuffix(": error: duplicate key 'title' in the site section (first given on line 2)") == true)
        #expect(problem("site: {}\nsite: {}\n") == "resetkit.yaml:2:1: error: duplicate key 'site' in the configuration (first given on line 1)")
        // In flow style too, the repeat is what is pointed at.
        #expect(problem("site: {title: A, title: B}\n") == "resetkit.yaml:1:18: error: duplicate key 'title' in the site section (first given on line 1)")
    }

    @Test func duplicateKeyPointsAtTheRepeat() {
        // Yams reports the first occurrence (line 2); the repeated key (line 4) is the one to fix.
        let reported = problem("site:\n  title: A\n  language: en\n  title: B\n")
        #expect(reported == "resetkit.yaml:4:3: error: duplicate key 'title' in the site section (first given on line 2)")
    }

    @Test func severalProblemsAreReportedTogetherSorted() throws {
        let text = """
            other: 2
            site:
              zzz: 1
              title: yes
              unsafe_html: maybe
              smart_punctuation: 1
              nav: foo
              language: [a, b]
              base_url: ftp://x
              content: docs
            extra: true

            """
        let error = try #require(throws: DiagnosticsError.self) { try Configuration.parse(text, file: "resetkit.yaml") }
        #expect(error.errorCount == 9)
        #expect(error.diagnostics.map(\.formatted) == [
            "resetkit.yaml:1:1: error: unknown key 'other' in the configuration (known keys: site, reset)",
            "resetkit.yaml:3:3: error: unknown key 'zzz' in the site section (known keys: \(siteKeys))",
            "resetkit.yaml:4:10: error: site.title must be text, not the boolean 'yes' (quote it)",
            "resetkit.yaml:5:16: error: site.unsafe_html must be true or false, not 'maybe'",
            "resetkit.yaml:6:22: error: site.smart_punctuation must be true or false, not the number 1",
            "resetkit.yaml:7:8: error: site.nav must be a list, not 'foo'",
            "resetkit.yaml:8:13: error: site.language must be text, not a list",
            "resetkit.yaml:9:13: error: site.base_url must be an absolute http:// or https:// URL without a query or fragment, not 'ftp://x'",
            "resetkit.yaml:11:1: error: unknown key 'extra' in the configuration (known keys: site, reset)",
        ])
    }

    @Test func errorsNameTheGivenFile() {
        #expect(problem("site:\n  nav: foo\n", file: "/etc/resetkit/site.yaml")
            == "/etc/resetkit/site.yaml:2:8: error: site.nav must be a list, not 'foo'")
    }

    @Test func columnsCountBytes() {
        // SourceLocation columns count bytes; "é" is two bytes, so "[x]" starts at byte 13.
        #expect(problem("site:\n  nav: [é, [x]]\n")
            == "resetkit.yaml:2:13: error: each entry of site.nav must be text, not a list")
    }

    @Test func readerErrorsNameTheLine() {
        let reported = problem("site:\n  title: ok\n  language: a\u{1}b\n")
        #expect(reported.hasSuffix(": error: invalid YAML: control characters are not allowed"))
        #expect(reported.hasPrefix("resetkit.yaml:3:14: "))
    }

    // MARK: Paths

    @Test(arguments: [
        ("resetkit.yaml", "."),
        ("config/resetkit.yaml", "config"),
        ("/srv/site/resetkit.yaml", "/srv/site"),
        ("/resetkit.yaml", "/"),
        ("./resetkit.yaml", "."),
    ])
    func baseDirectoryFromTheFilePath(file: String, directory: String) throws {
        #expect(try Configuration.parse("", file: file).baseDirectory == directory)
    }

    @Test func resolveRelativeAndAbsolutePaths() {
        let configuration = Configuration(baseDirectory: "/srv/site")
        #expect(configuration.resolve("content") == "/srv/site/content")
        #expect(configuration.resolve("a/b.md") == "/srv/site/a/b.md")
        #expect(configuration.resolve("/var/www") == "/var/www")
        #expect(Configuration(baseDirectory: "/srv/site/").resolve("content") == "/srv/site/content")
        #expect(Configuration(baseDirectory: "/").resolve("content") == "/content")
        #expect(Configuration(baseDirectory: ".").resolve("content") == "content")
        #expect(Configuration(baseDirectory: "").resolve("content") == "content")
        #expect(Configuration(baseDirectory: "config").resolve("public") == "config/public")
    }

    @Test func resolveUsesTheParsedFilesDirectory() throws {
        let configuration = try Configuration.parse("site:\n  content: pages\n  output: /tmp/out\n", file: "docs/resetkit.yaml")
        #expect(configuration.resolve(configuration.site.contentDirectory) == "docs/pages")
        #expect(configuration.resolve(configuration.site.outputDirectory) == "/tmp/out")
        #expect(configuration.resolve(configuration.site.templatesDirectory) == "docs/Templates")
    }

    // MARK: Loading files

    func withTemporaryDirectory(_ body: (String) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.path + "/settings-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try body(directory)
    }

    @Test func loadAnExplicitMissingFileThrows() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/missing.yaml"
            let error = try #require(throws: DiagnosticsError.self) { try Configuration.load(path: path) }
            #expect(error.diagnostics.map(\.formatted) == ["\(path): error: cannot read the configuration file"])
            #expect(error.diagnostics.first?.location == SourceLocation(file: path))
        }
    }

    @Test func loadReadsAFile() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/resetkit.yaml"
            try Data("site:\n  title: Loaded\n  content: pages\n".utf8).write(to: URL(fileURLWithPath: path))
            let configuration = try Configuration.load(path: path)
            #expect(configuration.file == path)
            #expect(configuration.baseDirectory == directory)
            #expect(configuration.site.title == "Loaded")
            #expect(configuration.resolve(configuration.site.contentDirectory) == directory + "/pages")
        }
    }

    @Test func loadAnEmptyFileGivesTheDefaults() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/empty.yaml"
            try Data().write(to: URL(fileURLWithPath: path))
            let configuration = try Configuration.load(path: path)
            #expect(configuration.site == SiteSettings())
            #expect(configuration.file == path)
            #expect(configuration.baseDirectory == directory)
        }
    }

    @Test func loadReportsProblemsWithThePath() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/resetkit.yaml"
            try Data("site:\n  nav: foo\n".utf8).write(to: URL(fileURLWithPath: path))
            let error = try #require(throws: DiagnosticsError.self) { try Configuration.load(path: path) }
            #expect(error.diagnostics.map(\.formatted) == ["\(path):2:8: error: site.nav must be a list, not 'foo'"])
        }
    }

    @Test func loadRefusesInvalidUTF8() throws {
        try withTemporaryDirectory { directory in
            let path = directory + "/resetkit.yaml"
            try Data([0x73, 0x69, 0x74, 0x65, 0x3A, 0x20, 0xFF, 0x0A]).write(to: URL(fileURLWithPath: path))
            let error = try #require(throws: DiagnosticsError.self) { try Configuration.load(path: path) }
            #expect(error.diagnostics.map(\.formatted) == ["\(path): error: the configuration file is not valid UTF-8"])
        }
    }

    @Test func loadADirectoryThrows() throws {
        try withTemporaryDirectory { directory in
            let error = try #require(throws: DiagnosticsError.self) { try Configuration.load(path: directory) }
            #expect(error.diagnostics.map(\.formatted) == ["\(directory): error: cannot read the configuration file"])
        }
    }
}
