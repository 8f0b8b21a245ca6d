import Foundation
import Testing
@testable import HelpSite

/// `helpsite serve`'s rebuilds of a site in two languages: adding, removing or editing a
/// translation or a strings file gives exactly what a clean build of the same sources writes.
@Suite struct LanguageRenderCacheTests {
    typealias EditableSite = RenderCacheTests.EditableSite

    func expectCachedBuildMatchesCleanBuild(reusing expected: ClosedRange<Int>, _ edit: (EditableSite) throws -> Void) async throws {
        try await RenderCacheTests().expectCachedBuildMatchesCleanBuild(fixture: "languages", reusing: expected, edit)
    }

    @Test func editingATranslationRerendersOnlyIt() async throws {
        try await expectCachedBuildMatchesCleanBuild(reusing: 8...8) { site in
            try site.edit("content/reset-password.de.md") { $0.replacingOccurrences(of: "Der Link gilt", with: "Der Link ist gültig für") }
        }
    }

    @Test func addingATranslation() async throws {
        try await expectCachedBuildMatchesCleanBuild(reusing: 0...9) { site in
            try site.write("content/glossary.de.md", "---\ntitle: Glossar\ntags: [zurücksetzen]\n---\n## SSO\n\nEinmalanmeldung.\n")
        }
    }

    @Test func removingATranslation() async throws {
        try await expectCachedBuildMatchesCleanBuild(reusing: 0...8) { site in
            try FileManager.default.removeItem(atPath: site.root + "/content/admin/people.de.md")
        }
    }

    @Test func removingTheLastPageOfALanguageFolder() async throws {
        try await expectCachedBuildMatchesCleanBuild(reusing: 0...8) { site in
            try FileManager.default.removeItem(atPath: site.root + "/content/kontakt.de.md")
            try site.edit("content/reset-password.de.md") { $0.replacingOccurrences(of: " und [die Kontakte](kontakt.md)", with: "") }
        }
    }

    /// The English pages (5 of 9) are kept; the German ones are rendered again.
    @Test func editingTheGermanStrings() async throws {
        try await expectCachedBuildMatchesCleanBuild(reusing: 5...5) { site in
            try site.edit("Templates/strings/de.yaml") { $0.replacingOccurrences(of: "previous: Zurück", with: "previous: Vorherige Seite") }
        }
    }

    /// Without German in site.languages, `x.de.md` is an ordinary page `x.de.md`: a cached parse
    /// must not keep its German content path.
    /// The language's name is on every page (the switcher): all are rendered again.
    @Test func renamingALanguage() async throws {
        try await expectCachedBuildMatchesCleanBuild(reusing: 0...0) { site in
            try site.edit("Templates/strings/de.yaml") { $0.replacingOccurrences(of: "language: Deutsch", with: "language: Deutsch (Schweiz)") }
        }
    }

    @Test func removingALanguage() async throws {
        try await expectCachedBuildMatchesCleanBuild(reusing: 0...9) { site in
            try site.edit("resetkit.yaml") { $0.replacingOccurrences(of: "languages: [en, de]", with: "languages: [en]") }
            for file in ["kontakt.de.md", "reset-password.de.md"] { try FileManager.default.removeItem(atPath: site.root + "/content/" + file) }
        }
    }

    @Test func addingALanguageBack() async throws {
        let site = try EditableSite(fixture: "languages")
        let cache = RenderCache()
        try site.edit("resetkit.yaml") { $0.replacingOccurrences(of: "languages: [en, de]", with: "languages: [en]") }
        try FileManager.default.removeItem(atPath: site.root + "/content/kontakt.de.md")
        try FileManager.default.removeItem(atPath: site.root + "/content/reset-password.de.md")
        _ = try await site.build(into: "cached", cache: cache)
        #expect(FileManager.default.fileExists(atPath: site.root + "/cached/admin/people.de.html"))
        try site.edit("resetkit.yaml") { $0.replacingOccurrences(of: "languages: [en]", with: "languages: [en, de]") }
        _ = try await site.build(into: "cached", cache: cache)
        _ = try await site.build(into: "clean", cache: nil)
        #expect(try snapshot(site.root + "/cached") == snapshot(site.root + "/clean"))
        #expect(FileManager.default.fileExists(atPath: site.root + "/cached/de/admin/people.html"))
    }
}
