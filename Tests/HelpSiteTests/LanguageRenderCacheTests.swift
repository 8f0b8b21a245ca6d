import Foundation
import Testing
@testable import HelpSite

/// `helpsite serve`'s rebuilds of a site in two languages: adding, removing or editing a
/// translation or a strings file gives exactly what a clean build of the same sources writes.
@Suite struct LanguageRenderCacheTests {
    /// A copy of the languages fixture with its own Templates/ (strings included).
    struct EditableSite {
        let root: String
        var config: String { root + "/resetkit.yaml" }

        init() throws {
            root = try makeTemporaryDirectory()
            try FileManager.default.copyItem(atPath: Paths.fixture("languages") + "/content", toPath: root + "/content")
            try FileManager.default.copyItem(atPath: Paths.packageRoot.appendingPathComponent("Templates").path, toPath: root + "/Templates")
            try readText(Paths.fixtureConfig("languages")).replacingOccurrences(of: "../../../../Templates", with: "Templates")
                .write(toFile: config, atomically: true, encoding: .utf8)
        }

        func write(_ path: String, _ text: String) throws {
            try FileManager.default.createDirectory(atPath: SitePath.directory(of: root + "/" + path), withIntermediateDirectories: true)
            try text.write(toFile: root + "/" + path, atomically: true, encoding: .utf8)
        }

        func edit(_ path: String, _ change: (String) -> String) throws {
            let text = try readText(root + "/" + path)
            let changed = change(text)
            #expect(changed != text, "the edit of \(path) changed nothing")
            try write(path, changed)
        }

        func build(into output: String, cache: RenderCache?) async throws -> BuildReport {
            try await SiteBuild.run(try buildOptions(config: config, output: root + "/" + output), cache: cache)
        }
    }

    /// Builds with a cache, edits, rebuilds with it and compares with a clean build, byte for byte.
    func expectCachedBuildMatchesCleanBuild(reusing expected: ClosedRange<Int>, _ edit: (EditableSite) throws -> Void) async throws {
        let site = try EditableSite()
        let cache = RenderCache()
        _ = try await site.build(into: "cached", cache: cache)
        try edit(site)
        let second = try await site.build(into: "cached", cache: cache)
        #expect(expected.contains(second.reusedPages), "reused \(second.reusedPages) pages")
        _ = try await site.build(into: "clean", cache: nil)
        let cached = try snapshot(site.root + "/cached"), clean = try snapshot(site.root + "/clean")
        #expect(cached.keys.sorted() == clean.keys.sorted())
        for (path, data) in clean where cached[path] != data { Issue.record("\(path) differs from a clean build") }
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
        let site = try EditableSite()
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
