import Diagnostics
import Testing
@testable import HelpSite

@Suite struct FrontMatterTests {
    func decode(_ page: String) throws -> (FrontMatter, PageText) {
        let text = try PageText.split(page, file: "content/p.md")
        return (try FrontMatter(yaml: text.frontMatter, file: "content/p.md", firstLine: text.frontMatterLine), text)
    }

    /// The diagnostics a page's front matter produces, as `line:column: message`.
    func problems(_ page: String) -> [String] {
        do {
            _ = try decode(page)
            return []
        } catch let error as DiagnosticsError {
            return error.diagnostics.map { "\($0.location.line):\($0.location.column): \($0.message)" }
        } catch let error as Diagnostic {
            return ["\(error.location.line):\(error.location.column): \(error.message)"]
        } catch {
            return ["\(error)"]
        }
    }

    @Test func everyFieldIsDecoded() throws {
        let (matter, text) = try decode("""
            ---
            title: Reset your password
            description: "How to reset it."
            tags: [password, password reset]
            author: People Operations
            created: 2026-03-01
            modified: 2026-11-20
            weight: 10
            draft: false
            aliases: [old/reset.html]
            ---

            Body line.
            """)
        #expect(matter.title == "Reset your password")
        #expect(matter.description == "How to reset it.")
        #expect(matter.tags == ["password", "password reset"])
        #expect(matter.author == "People Operations")
        #expect(matter.created?.iso == "2026-03-01")
        #expect(matter.modified?.longEnglish == "20 November 2026")
        #expect(matter.weight == 10)
        #expect(matter.draft == false)
        #expect(matter.aliases.map(\.path) == ["old/reset.html"])
        #expect(matter.aliases.first?.location.line == 10)
        #expect(text.bodyLine == 12)
        #expect(text.body == "\nBody line.")
    }

    @Test func windowsLineEndingsAndTrailingSpacesAreAccepted() throws {
        let (matter, text) = try decode("---  \r\ntitle: CRLF\r\n---\r\nBody\r\n")
        #expect(matter.title == "CRLF")
        #expect(text.bodyLine == 4)
    }

    @Test func missingTitleIsAnErrorAtTheMapping() {
        #expect(problems("---\ndescription: no title\n---\n") == ["2:1: front matter has no title (add `title: …`)"])
    }

    @Test func unknownKeyNamesTheKeyAndItsLine() {
        let found = problems("---\ntitle: T\ncolour: blue\n---\n")
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("3:1: unknown key 'colour' in front matter") == true)
    }

    /// A migrated site's pages carry keys for their old tool; `site.ignored_front_matter` accepts
    /// those (and only those), a typo next to them is still an error.
    @Test func ignoredKeysAreAcceptedAndOthersStillFail() throws {
        let page = "---\ntitle: T\nsidebar_label: Short\nslug: /t\n---\n"
        #expect(problems(page).count == 2)
        let text = try PageText.split(page, file: "content/p.md")
        let matter = try FrontMatter(yaml: text.frontMatter, file: "content/p.md", firstLine: 2, ignoring: ["sidebar_label", "slug"])
        #expect(matter.title == "T")
        #expect(throws: DiagnosticsError.self) {
            try FrontMatter(yaml: "title: T\nslgu: /t\n", file: "content/p.md", firstLine: 2, ignoring: ["slug"])
        }
    }

    @Test func wrongTypesAreReportedTogether() {
        #expect(problems("""
            ---
            title: T
            weight: heavy
            tags: password
            draft: maybe
            created: 03/01/2026
            ---
            """) == [
                "3:9: weight must be a whole number, not 'heavy'",
                "4:7: tags must be a list, not 'password'",
                "5:8: draft must be true or false, not 'maybe'",
                "6:10: created must be a date written YYYY-MM-DD, not '03/01/2026'",
            ])
    }

    @Test func booleanTitleMustBeQuoted() {
        #expect(problems("---\ntitle: yes\n---\n") == ["2:8: title must be text, not the boolean 'yes' (quote it)"])
    }

    @Test func impossibleDatesAndReversedDatesAreRejected() {
        #expect(problems("---\ntitle: T\ncreated: 2026-02-30\n---\n") == ["3:10: created must be a date written YYYY-MM-DD, not '2026-02-30'"])
        #expect(problems("---\ntitle: T\ncreated: 2026-05-01\nmodified: 2026-04-01\n---\n") == ["4:11: modified (2026-04-01) is before created (2026-05-01)"])
    }

    @Test func yamlSyntaxErrorHasItsLine() {
        let found = problems("---\ntitle: T\ntags: [a, b\n---\n")
        #expect(found.count == 1)
        #expect(found.first?.contains("invalid YAML") == true)
        #expect(found.first?.contains("starts on line 3") == true)
    }

    @Test func duplicateKeyIsAnError() {
        let found = problems("---\ntitle: A\ntitle: B\n---\n")
        #expect(found.count == 1)
        #expect(found.first?.contains("duplicate key 'title'") == true)
    }

    @Test func pagesWithoutOrWithUnclosedFrontMatterAreRejected() {
        #expect(problems("# Just Markdown\n") == ["1:1: a page must start with front matter between '---' lines (with at least a title)"])
        #expect(problems("---\ntitle: T\n\nBody without a closing line\n") == ["1:1: front matter is not closed: add a line with '---' after it"])
        #expect(problems("---\n---\nBody\n") == ["1:1: front matter is empty: a page needs at least a title"])
    }

    @Test func calendarDates() {
        #expect(CalendarDate(iso: "2024-02-29") != nil)
        #expect(CalendarDate(iso: "2026-02-29") == nil)
        #expect(CalendarDate(iso: "2026-1-05") == nil)
        #expect(CalendarDate(iso: "２０２６-01-05") == nil)
        #expect(CalendarDate(iso: "2000-02-29") != nil)
        #expect(CalendarDate(iso: "1900-02-29") == nil)
        for malformed in ["2026-13-01", "2026-00-10", "2026-01-00", "2026-04-31", "2026/01/05", "2026-01-05 ", " 2026-01-05",
                          "+026-01-05", "2026-0a-05", "20260-1-05", "2026--1-05", "2026-01-5\u{301}", ""] {
            #expect(CalendarDate(iso: malformed) == nil, "\(malformed)")
        }
        let date = CalendarDate(iso: "0987-06-07")
        #expect(date?.year == 987 && date?.month == 6 && date?.day == 7)
        #expect(CalendarDate(iso: "2026-12-31")?.longEnglish == "31 December 2026")
        #expect(CalendarDate(iso: "2026-01-05")?.iso == "2026-01-05")
    }
}
