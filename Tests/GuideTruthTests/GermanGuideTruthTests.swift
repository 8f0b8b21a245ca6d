import Foundation
import HelpSite
import Settings
import Testing
import Translations

/// The guide's facts in German pages come from the same configuration as the English ones (and
/// resetlink's), in German words; the endpoint's links ask for German.
@Suite struct GermanGuideTruthTests {
    /// A German page stating every fact, added to a copy of the repository's guide (whose own
    /// German pages, when it has them, are built and checked with it).
    static let page = """
        ---
        title: Fakten
        ---
        Der Link gilt {{reset.link_lifetime}}, ein Link vom Admin {{reset.admin_link_lifetime}}.
        Mindestens {{reset.password.min_length}} Zeichen, höchstens {{reset.throttle_per_hour}} E-Mails pro Stunde.
        [Formular]({{reset.forgot_url}}), [Anmelden]({{reset.login_url}}).

        {{reset.answer}}

        {{reset.directory_accounts}}

        Zurücksetzbar: {{reset.resettable_accounts}}.

        {{reset.contacts}}
        """

    @Test func germanFactsFollowTheConfiguration() async throws {
        let copy = try GuideTruthTests.Copy(reset: """
              link_lifetime_minutes: 30
              admin_link_lifetime_minutes: 2880
              throttle_per_hour: 5
              password: {min_length: 14}
              contacts: {Okta: the Okta admins}
              directory:
                url: ldaps://ldap.example.org
                bind_dn: cn=resetkit,dc=example,dc=org
                secret_file: private/ldap-secret
                base_dn: ou=people,dc=example,dc=org
                providers: [Corporate LDAP]
                sources: [ldap]
            """, languages: "[en, de]")
        try Self.page.write(toFile: copy.folder + "/content/fakten.de.md", atomically: true, encoding: .utf8)
        _ = try await copy.build()
        let page = try String(contentsOfFile: copy.folder + "/public/de/fakten.html", encoding: .utf8)
        let configuration = try Configuration.load(path: copy.config)
        let german = try #require(Translations.builtIn("de"))
        #expect(page.contains("Der Link gilt 30 Minuten, ein Link vom Admin 48 Stunden."))
        #expect(page.contains("Mindestens 14 Zeichen, höchstens 5 E-Mails pro Stunde."))
        #expect(page.contains(#"<a href="https://intranet.example.com/cgi-bin/resetlink/forgot?lang=de">Formular</a>"#))
        #expect(page.contains(#"<a href="https://intranet.example.com/login">Anmelden</a>"#))
        #expect(page.contains(ResetSettings.genericAnswer(german)))
        #expect(page.contains(configuration.reset.directoryAccountsSentence(german)))
        #expect(page.contains("Konten von Corporate LDAP und dem LDAP-Verzeichnis sind die Ausnahme"))
        #expect(page.contains("Zurücksetzbar: lokale Konten und Konten von Corporate LDAP und dem LDAP-Verzeichnis."))
        #expect(page.contains("<li><strong>Okta</strong>: the Okta admins</li>"))
        #expect(page.contains("<li><strong>Alles andere</strong>: your IT service desk</li>"))
        // The English pages are as they were.
        let english = try String(contentsOfFile: copy.folder + "/public/reset-password.html", encoding: .utf8)
        #expect(english.contains("valid for <strong>30 minutes</strong>"))
        #expect(english.contains(#"href="https://intranet.example.com/cgi-bin/resetlink/forgot?lang=en""#))
        #expect(!english.contains("?lang=de"))
    }

    /// resetlink links to `reset-password.md#password-rules` in the person's language: a German
    /// translation must keep that id (`{#password-rules}`), or `helpsite check` fails.
    @Test func aTranslationKeepsTheAnchorsResetlinkUses() async throws {
        let copy = try GuideTruthTests.Copy(reset: "", languages: "[en, de]")
        let file = copy.folder + "/content/reset-password.de.md"
        let original = try String(contentsOfFile: file, encoding: .utf8)
        try original.replacingOccurrences(of: " {#password-rules}", with: "").write(toFile: file, atomically: true, encoding: .utf8)
        do {
            _ = try await copy.build()
            Issue.record("built without the anchor resetlink links to")
        } catch let failure as BuildFailure {
            #expect(failure.diagnostics.map(\.formatted).contains {
                $0.hasSuffix("content/reset-password.de.md: error: resetlink's pages and emails link to 'reset-password.md#password-rules' in this translation too: give its heading the same id, '## … {#password-rules}'")
            }, "\(failure.diagnostics.map(\.formatted))")
        }
        try original.write(toFile: file, atomically: true, encoding: .utf8)
        _ = try await copy.build()
        let page = try String(contentsOfFile: copy.folder + "/public/de/reset-password.html", encoding: .utf8)
        #expect(page.contains("id=\"password-rules\""))
    }
}

extension GermanGuideTruthTests {
    /// resetlink cannot know which pages are translated, so a language without a page it links to
    /// is an error naming the file to write, not a German reader's dead link.
    @Test func aLanguageMustHaveThePagesResetlinkLinksTo() async throws {
        let copy = try GuideTruthTests.Copy(reset: "", languages: "[en, de]")
        try FileManager.default.removeItem(atPath: copy.folder + "/content/link-problems.de.md")
        do {
            _ = try await copy.build()
            Issue.record("built without a page resetlink links German readers to")
        } catch let failure as BuildFailure {
            #expect(failure.diagnostics.map(\.formatted).contains {
                $0.hasSuffix("error: resetlink's pages and emails link readers of 'de' to 'de/link-problems.html': translate 'link-problems.md' as 'link-problems.de.md'")
            }, "\(failure.diagnostics.map(\.formatted))")
        }
    }
}
