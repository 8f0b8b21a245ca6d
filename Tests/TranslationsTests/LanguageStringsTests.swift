import Foundation
import Settings
import TemplateEngine
import Testing
import Translations

/// Strings built in code: placeholders, plurals, dates, the facts' wording, the built-in fallback.
@Suite struct LanguageStringsTests {
    @Test func textFillsPlaceholdersWithoutEscaping() throws {
        let strings = try translations([("en", minimal("English", "greet: Hello {{name}} & welcome\nnote_html: <b>{{name}}</b>\n"))]).defaults
        #expect(strings.text("greet", ["name": "<Ann>"]) == "Hello <Ann> & welcome")
        #expect(strings.html("greet", ["name": "<Ann>"]) == "Hello &lt;Ann&gt; &amp; welcome")
        #expect(strings.html("note_html", ["name": "<Ann>"]) == "<b>&lt;Ann&gt;</b>")
        #expect(strings.text("nothing") == "[nothing]")
        #expect(strings.has("greet") && !strings.has("nothing"))
    }

    @Test func pluralsFollowTheLanguage() throws {
        let plural = "n:\n  one: \"{{count}} page\"\n  other: \"{{count}} pages of {{what}}\"\n"
        let loaded = try translations([("en", minimal("English", plural)), ("fr", minimal("Français", plural)), ("ja", minimal("日本語", plural))])
        #expect(loaded["en"].plural("n", count: 1) == "1 page")
        #expect(loaded["en"].plural("n", count: 0, ["what": "x"]) == "0 pages of x")
        #expect(loaded["en"].plural("n", count: 2, ["what": "x"]) == "2 pages of x")
        #expect(loaded["fr"].plural("n", count: 0) == "0 page")
        #expect(loaded["ja"].plural("n", count: 1, ["what": "x"]) == "1 pages of x")
    }

    @Test func datesInEachLanguage() throws {
        let loaded = try Translations.load(languages: ["en", "de"], defaultLanguage: "en", templatesDirectory: nil)
        #expect(loaded["en"].date(year: 2026, month: 12, day: 3) == "3 December 2026")
        #expect(loaded["de"].date(year: 2026, month: 3, day: 14) == "14. März 2026")
        // A language that is not configured gets the default language's strings.
        #expect(loaded["fr"].date(year: 2026, month: 1, day: 1) == "1 January 2026")
    }

    @Test func builtInFilesLoadAndAgree() throws {
        let loaded = try Translations.load(languages: ["en", "de"], defaultLanguage: "en", templatesDirectory: nil)
        #expect(loaded["de"].file == "(built-in)/strings/de.yaml")
        #expect(Translations.builtIn("de")?.name == "Deutsch")
        #expect(Translations.builtIn("xx") == nil)
        // Compiled in from the repository's files, byte for byte (BuiltInTemplatesTests checks the rest).
        #expect(loaded.signature.contains(try repositoryStrings("de")))
    }

    @Test func folderWithoutAFileFallsBackToTheBuiltInOne() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("strings-\(getpid())-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder + "/strings", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try repositoryStrings("en").replacingOccurrences(of: "skip_link: Skip to the content", with: "skip_link: Skip ahead")
            .write(toFile: folder + "/strings/en.yaml", atomically: true, encoding: .utf8)
        let loaded = try Translations.load(languages: ["en", "de"], defaultLanguage: "en", templatesDirectory: folder, display: "site")
        #expect(loaded["en"].text("guide.skip_link") == "Skip ahead")
        #expect(loaded["en"].file == "site/strings/en.yaml")
        #expect(loaded["de"].text("guide.skip_link") == "Zum Inhalt springen")
        // A key the site adds that the built-in German lacks: the error says to write the file.
        try (repositoryStrings("en") + "extra:\n  key: x\n").write(toFile: folder + "/strings/en.yaml", atomically: true, encoding: .utf8)
        #expect(throws: (any Error).self) {
            try Translations.load(languages: ["en", "de"], defaultLanguage: "en", templatesDirectory: folder, display: "site")
        }
        do {
            _ = try Translations.load(languages: ["en", "de"], defaultLanguage: "en", templatesDirectory: folder, display: "site")
        } catch {
            #expect(error.diagnostics.map(\.formatted) == [
                "(built-in)/strings/de.yaml:1:1: error: missing key 'extra.key' (site/strings/en.yaml:\(try repositoryStrings("en").split(separator: "\n", omittingEmptySubsequences: false).count + 1) has it)"
                    + " (the built-in strings have no such key: write your own strings/de.yaml in the templates folder)",
            ])
        }
        // A language with no file anywhere.
        do {
            _ = try Translations.load(languages: ["en", "xx"], defaultLanguage: "en", templatesDirectory: folder, display: "site")
            Issue.record("loaded without strings for xx")
        } catch {
            #expect(error.diagnostics.map(\.formatted) == [
                "site/strings/xx.yaml: error: no strings for the language 'xx': write site/strings/xx.yaml (copy strings/en.yaml and translate it)",
            ])
        }
    }

    @Test func factsWordingInEnglishIsUnchanged() {
        #expect(ResetSettings.durationText(minutes: 1) == "1 minute")
        #expect(ResetSettings.durationText(minutes: 60) == "60 minutes")
        #expect(ResetSettings.durationText(minutes: 90) == "90 minutes")
        #expect(ResetSettings.durationText(minutes: 120) == "2 hours")
        #expect(ResetSettings.durationText(minutes: 1440) == "24 hours")
        #expect(ResetSettings.genericAnswer() == "If an account uses this address, we have sent an email with the next steps. "
            + "It should arrive within a few minutes; check your spam folder too.")
        #expect(ResetSettings.managedElsewhereSentence() == "The password of an SSO or directory-synced account cannot be set, changed or reset "
            + "on this site, not by you and not by an administrator here.")
        var reset = ResetSettings()
        #expect(reset.resettableAccountsText() == "local accounts")
        #expect(reset.directoryExceptionText() == "")
        #expect(reset.directoryAccountsSentence() == ResetSettings.managedElsewhereSentence())
        var directory = DirectorySettings(url: "ldaps://x", bindDN: "cn=a", secretFile: "/s", baseDN: "dc=x", filter: "(uid={username})", kind: .rfc3062)
        directory.providers = ["Corporate LDAP"]
        directory.sources = ["ldap"]
        reset.directory = directory
        #expect(reset.resettableAccountsText() == "local accounts and accounts of Corporate LDAP and the LDAP directory")
        #expect(reset.directoryExceptionText() == " (except accounts of Corporate LDAP and the LDAP directory: their password can be reset here, "
            + "and the new one is written to that directory)")
        #expect(reset.directoryAccountsSentence().hasPrefix("Accounts of Corporate LDAP and the LDAP directory are the exception: "))
    }

    @Test func factsWordingInGerman() throws {
        let german = try #require(Translations.builtIn("de"))
        #expect(ResetSettings.durationText(minutes: 60, german) == "60 Minuten")
        #expect(ResetSettings.durationText(minutes: 1, german) == "1 Minute")
        #expect(ResetSettings.durationText(minutes: 120, german) == "2 Stunden")
        var reset = ResetSettings()
        #expect(reset.resettableAccountsText(german) == "lokale Konten")
        var directory = DirectorySettings(url: "ldaps://x", bindDN: "cn=a", secretFile: "/s", baseDN: "dc=x", filter: "(uid={username})", kind: .rfc3062)
        directory.providers = ["A", "B"]
        directory.sources = ["ldap"]
        reset.directory = directory
        #expect(reset.resettableAccountsText(german) == "lokale Konten und Konten von A, B und dem LDAP-Verzeichnis")
    }
}
