import Diagnostics
import Settings
import Testing

/// `site.languages`: the languages the site publishes, always with the default one.
@Suite struct LanguagesTests {
    @Test func defaultsToTheSiteLanguage() throws {
        #expect(SiteSettings().languages == ["en"])
        let configuration = try Configuration.parse("site:\n  language: de\n", file: "resetkit.yaml")
        #expect(configuration.site.languages == ["de"])
        #expect(configuration.site.explicitLanguages == nil)
    }

    @Test func listedInOrder() throws {
        let configuration = try Configuration.parse("site:\n  language: de\n  languages: [en, de, pt-BR]\n", file: "resetkit.yaml")
        #expect(configuration.site.language == "de")
        #expect(configuration.site.languages == ["en", "de", "pt-BR"])
    }

    @Test func mustContainTheDefaultLanguage() {
        #expect(problem("site:\n  languages: [de, fr]\n")
            == "resetkit.yaml:2:14: error: site.languages must contain site.language ('en'), the default language")
        // The order of the keys does not matter.
        #expect(problem("site:\n  languages: [de, fr]\n  language: de\n") == "0 problems: []")
    }

    @Test func codesAreChecked() {
        #expect(problem("site:\n  languages: [en, de_DE]\n")
            == "resetkit.yaml:2:19: error: 'de_DE' in site.languages is not a language code such as en, de or pt-BR")
        #expect(problem("site:\n  languages: [en, ../x]\n").contains("'../x' in site.languages is not a language code"))
        #expect(problem("site:\n  languages: [en, de, DE]\n") == "resetkit.yaml:2:23: error: 'DE' is listed twice in site.languages")
        #expect(problem("site:\n  languages: []\n") == "resetkit.yaml:2:14: error: site.languages must list at least the default language")
        #expect(problem("site:\n  languages: en\n") == "resetkit.yaml:2:14: error: site.languages must be a list, not 'en'")
        // The default language names a strings file too.
        #expect(problem("site:\n  language: ../x\n") == "resetkit.yaml:2:13: error: site.language '../x' is not a language code such as en, de or pt-BR")
    }

    @Test func languageCodes() {
        for code in ["en", "de", "pt-BR", "zh-Hant", "gsw", "es-419"] { #expect(SiteSettings.isLanguageCode(code), "\(code)") }
        for code in ["", "e", "english", "de_DE", "de-", "-de", "d3", "de/x", "de..", "de-toolongsubtag"] {
            #expect(!SiteSettings.isLanguageCode(code), "\(code)")
        }
    }
}
