import Diagnostics
import Testing
import Translations

/// The check across languages: same keys everywhere, reported at the file and line to fix.
@Suite struct KeyCheckTests {
    @Test func repositoryFilesAgree() throws {
        let loaded = try Translations.load(languages: ["en", "de"], defaultLanguage: "en", templatesDirectory: repositoryTemplates,
                                           display: "Templates")
        #expect(loaded["de"].file == "Templates/strings/de.yaml")
        #expect(loaded["de"].name == "Deutsch")
        #expect(loaded.defaults.name == "English")
    }

    @Test func missingKeyIsReportedInTheTranslationAtItsSection() {
        let en = minimal("English", "guide:\n  next: Next\n  previous: Previous\n")
        let de = minimal("Deutsch", "guide:\n  next: Weiter\n")
        #expect(problems([("en", en), ("de", de)]) == [
            "Templates/strings/de.yaml:5:1: error: missing key 'guide.previous' (Templates/strings/en.yaml:7 has it)",
        ])
        // A whole section missing: reported on the first line.
        #expect(problems([("en", en), ("de", minimal("Deutsch"))]) == [
            "Templates/strings/de.yaml:1:1: error: missing key 'guide.next' (Templates/strings/en.yaml:6 has it)",
            "Templates/strings/de.yaml:1:1: error: missing key 'guide.previous' (Templates/strings/en.yaml:7 has it)",
        ])
    }

    @Test func extraKeyIsReportedAtItsLine() {
        let en = minimal("English", "guide:\n  next: Next\n")
        let de = minimal("Deutsch", "guide:\n  next: Weiter\n  nxet: Weiter\n")
        #expect(problems([("en", en), ("de", de)]) == [
            "Templates/strings/de.yaml:7:3: error: key 'guide.nxet' is not in Templates/strings/en.yaml, the default language's strings: remove it or add it there",
        ])
    }

    @Test func kindsMustAgree() {
        let en = minimal("English", "n:\n  one: a\n  other: b\nt: text\n")
        let de = minimal("Deutsch", "n: text\nt:\n  one: a\n  other: b\n")
        #expect(problems([("en", en), ("de", de)]) == [
            "Templates/strings/de.yaml:5:1: error: 'n' is a text here but a plural ({one: …, other: …}) in Templates/strings/en.yaml:5",
            "Templates/strings/de.yaml:6:1: error: 't' is a plural ({one: …, other: …}) here but a text in Templates/strings/en.yaml:8",
        ])
    }

    @Test func dateWordsAreRequiredAndChecked() {
        #expect(problems([("en", "language: English\n")]) == [
            "Templates/strings/en.yaml:1:1: error: missing key 'dates.format': a date pattern with {day}, {month} and {year}, such as \"{day} {month} {year}\"",
            "Templates/strings/en.yaml:1:1: error: missing key 'dates.months': a list of the 12 month names",
        ])
        #expect(problems([("en", minimal("English", months: "[a, b]"))]) == [
            "Templates/strings/en.yaml:3:3: error: 'dates.months' must be a list of the 12 month names",
        ])
        #expect(problems([("en", minimal("English")), ("de", minimal("Deutsch", format: "\"{day}. {month}\""))]) == [
            "Templates/strings/de.yaml:4:3: error: 'dates.format' must be a date pattern with {day}, {month} and {year}, such as \"{day} {month} {year}\"",
        ])
    }

    @Test func stringsMustBeTemplateFragments() {
        #expect(problems([("en", minimal("English", "guide:\n  bad: Hello {{#name}}\n"))]) == [
            "Templates/strings/en.yaml:6:3: error: the string 'guide.bad' is not a valid Mustache fragment: section 'name' is never closed",
        ])
    }

    @Test func pluralsNeedOther() {
        #expect(problems([("en", minimal("English", "n:\n  one: a\n  few: b\n"))]) == [
            "Templates/strings/en.yaml:6:3: error: the plural 'n' needs an 'other' form (used for every count no other form covers)",
        ])
    }

    @Test func emptySectionsAreAllowed() throws {
        // Sections another part fills later (`print:`), with nothing under them yet.
        #expect(problems([("en", minimal("English", "print:\nmail:\n")), ("de", minimal("Deutsch", "print:\n"))]).isEmpty)
    }

    @Test func yamlErrorsHaveTheirPlace() {
        #expect(problems([("en", minimal("English", "guide: [\n"))]).first?.hasPrefix("Templates/strings/en.yaml:") == true)
    }
}
