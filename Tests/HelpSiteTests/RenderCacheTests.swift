import Foundation
import Testing
import Diagnostics
@testable import HelpSite
import Settings

/// `helpsite serve` rebuilds through a render cache; whatever changed, the result must be exactly
/// what a clean build of the same sources writes.
@Suite struct RenderCacheTests {
    /// A copy of a fixture (the basic one by default) with its own Templates/, so both can be edited.
    struct EditableSite {
        let root: String
        var config: String { root + "/resetkit.yaml" }

        init(fixture: String = "basic") throws {
            root = try makeTemporaryDirectory()
            let manager = FileManager.default
            try manager.copyItem(atPath: Paths.fixture(fixture) + "/content", toPath: root + "/content")
            try manager.copyItem(atPath: Paths.packageRoot.appendingPathComponent("Templates").path, toPath: root + "/Templates")
            let original = try readText(Paths.fixtureConfig(fixture))
            try original.replacingOccurrences(of: "../../../../Templates", with: "Templates")
                .write(toFile: config, atomically: true, encoding: .utf8)
        }

        func write(_ path: String, _ text: String) throws {
            try FileManager.default.createDirectory(atPath: SitePath.directory(of: root + "/" + path), withIntermediateDirectories: true)
            try text.write(toFile: root + "/" + path, atomically: true, encoding: .utf8)
        }

        func edit(_ path: String, _ change: (String) -> String) throws {
            let file = root + "/" + path
            let text = try readText(file)
            let changed = change(text)
            #expect(changed != text, "the edit of \(path) changed nothing")
            try changed.write(toFile: file, atomically: true, encoding: .utf8)
        }

        func build(into output: String, cache: RenderCache?) async throws -> BuildReport {
            try await SiteBuild.run(try buildOptions(config: config, output: root + "/" + output), cache: cache)
        }
    }

    /// Builds with the cache, applies `edit`, rebuilds with the cache and compares with a clean build.
    func expectCachedBuildMatchesCleanBuild(fixture: String = "basic", reusing expected: ClosedRange<Int>,
                                            _ edit: (EditableSite) throws -> Void) async throws {
        let site = try EditableSite(fixture: fixture)
        let cache = RenderCache()
        let first = try await site.build(into: "cached", cache: cache)
        #expect(first.reusedPages == 0)
        try edit(site)
        let second = try await site.build(into: "cached", cache: cache)
        #expect(expected.contains(second.reusedPages), "reused \(second.reusedPages) pages")
        _ = try await site.build(into: "clean", cache: nil)
        try expectSameTree(site.root + "/cached", site.root + "/clean")
    }

    /// Same files, same bytes, same folders (none left over).
    func expectSameTree(_ built: String, _ clean: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let cached = try snapshot(built), expected = try snapshot(clean)
        #expect(cached.keys.sorted() == expected.keys.sorted(), sourceLocation: sourceLocation)
        for (path, data) in expected where cached[path] != data {
            Issue.record("\(path) differs from a clean build", sourceLocation: sourceLocation)
        }
        #expect(try folders(built) == folders(clean), sourceLocation: sourceLocation)
    }

    func folders(_ root: String) throws -> [String] {
        var found: [String] = []
        let enumerator = FileManager.default.enumerator(atPath: root)
        while let path = enumerator?.nextObject() as? String {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isDirectory), isDirectory.boolValue { found.append(path) }
        }
        return found.sorted()
    }

    func inode(_ path: String) throws -> UInt64 {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.systemFileNumber] as? UInt64)
    }

    @Test func editingABodyWritesOnlyThatPage() async throws {
        let site = try EditableSite()
        let cache = RenderCache()
        _ = try await site.build(into: "public", cache: cache)
        let untouched = site.root + "/public/guide/first.html", edited = site.root + "/public/guide/second.html"
        let before = (try inode(untouched), try inode(edited), try inode(site.root + "/public/sitemap.xml"))
        try site.edit("content/guide/second.md") { $0 + "\nA new paragraph.\n" }
        let second = try await site.build(into: "public", cache: cache)
        #expect(second.reusedPages == second.pageCount - 1)
        // The page and, as its text changed, the search index.
        #expect(second.writtenFiles == 2, "wrote \(second.writtenFiles) files")
        #expect(try inode(untouched) == before.0, "an unchanged page was written again")
        #expect(try inode(site.root + "/public/sitemap.xml") == before.2, "the sitemap was written again")
        #expect(try inode(edited) != before.1)
        #expect(try readText(edited).contains("A new paragraph."))
        _ = try await site.build(into: "clean", cache: nil)
        try expectSameTree(site.root + "/public", site.root + "/clean")
    }

    @Test func editingADateRewritesTheSitemap() async throws {
        try await expectCachedBuildMatchesCleanBuild(reusing: 4...4) { site in
            try site.edit("content/guide/second.md") { $0.replacingOccurrences(of: "modified: 2026-04-02", with: "modified: 2026-05-09") }
        }
    }

    @Test func editingAWeightReordersTheSidebar() async throws {
        try await expectCachedBuildMatchesCleanBuild(reusing: 0...0) { site in
            try site.edit("content/guide/second.md") { $0.replacingOccurrences(of: "weight: 1", with: "weight: 9") }
        }
    }

    @Test func addingAnAliasWritesItsRedirect() async throws {
        // Aliases are in the site signature (the inventory knows them): every page again.
        try await expectCachedBuildMatchesCleanBuild(reusing: 0...0) { site in
            try site.edit("content/guide/first.md") { $0.replacingOccurrences(of: "author: Ana", with: "author: Ana\naliases: [start-here.html]") }
        }
    }

    @Test func aBodyEditKeepsTheSiteWideWarnings() async throws {
        let site = try EditableSite()
        // A tag spelled two ways is a warning about the whole site, not about one page's body.
        try site.edit("content/guide/first.md") { $0.replacingOccurrences(of: "tags: [Start, password reset]", with: "tags: [Start, Password Reset]") }
        let cache = RenderCache()
        let first = try await site.build(into: "public", cache: cache)
        let warnings = first.warnings.map(\.formatted)
        #expect(warnings.contains { $0.contains("is spelled") }, "\(warnings)")
        try site.edit("content/guide/second.md") { $0 + "\nA new paragraph.\n" }
        let second = try await site.build(into: "public", cache: cache)
        #expect(second.warnings.map(\.formatted) == warnings)
        #expect(second.reusedPages == second.pageCount - 1)
    }

    @Test func addingAPageInANewFolder() async throws {
        try await expectCachedBuildMatchesCleanBuild(reusing: 0...0) { site in
            try FileManager.default.createDirectory(atPath: site.root + "/content/extra", withIntermediateDirectories: true)
            try "---\ntitle: Extra\n---\n\nMore.\n".write(toFile: site.root + "/content/extra/more.md", atomically: true, encoding: .utf8)
        }
    }

    @Test func removingAFolderRemovesItsOutput() async throws {
        try await expectCachedBuildMatchesCleanBuild(reusing: 0...0) { site in
            // second.md is the only page linking to nothing inside reference/, which has no pages
            // of its own; removing the images folder and its references leaves a smaller site.
            try FileManager.default.removeItem(atPath: site.root + "/content/guide/draft.md")
            try FileManager.default.removeItem(atPath: site.root + "/content/media")
            try site.edit("content/guide/first.md") { text in
                text.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("media/") }.joined(separator: "\n")
            }
        }
    }

    @Test func aFileReplacedByAFolderOfTheSameName() async throws {
        let site = try EditableSite()
        let cache = RenderCache()
        try "notes\n".write(toFile: site.root + "/content/extra", atomically: false, encoding: .utf8)
        _ = try await site.build(into: "public", cache: cache)
        #expect(FileManager.default.fileExists(atPath: site.root + "/public/extra"))
        try FileManager.default.removeItem(atPath: site.root + "/content/extra")
        try FileManager.default.createDirectory(atPath: site.root + "/content/extra", withIntermediateDirectories: false)
        try "---\ntitle: Extra\n---\n\nMore.\n".write(toFile: site.root + "/content/extra/more.md", atomically: false, encoding: .utf8)
        _ = try await site.build(into: "public", cache: cache)
        _ = try await site.build(into: "clean", cache: nil)
        try expectSameTree(site.root + "/public", site.root + "/clean")
        // And back: the folder becomes a file again.
        try FileManager.default.removeItem(atPath: site.root + "/content/extra")
        try "notes again\n".write(toFile: site.root + "/content/extra", atomically: false, encoding: .utf8)
        _ = try await site.build(into: "public", cache: cache)
        try FileManager.default.removeItem(atPath: site.root + "/clean")
        _ = try await site.build(into: "clean", cache: nil)
        try expectSameTree(site.root + "/public", site.root + "/clean")
    }

    @Test func changingAnAssetCopiesIt() async throws {
        try await expectCachedBuildMatchesCleanBuild(reusing: 4...5) { site in
            try site.edit("content/images/pic.svg") { $0.replacingOccurrences(of: "<svg", with: "<svg data-edited=\"yes\"") }
        }
    }

    @Test func aFolderReplacedByAnotherBuildIsRebuiltWhole() async throws {
        let site = try EditableSite()
        let cache = RenderCache()
        _ = try await site.build(into: "public", cache: cache)
        try site.edit("content/guide/second.md") { $0 + "\nA new paragraph.\n" }
        // `helpsite build` into the same folder swaps in a new one behind serve's back.
        _ = try await site.build(into: "public", cache: nil)
        try FileManager.default.removeItem(atPath: site.root + "/public/guide/first.html")
        try site.edit("content/guide/second.md") { $0 + "\nAnother.\n" }
        _ = try await site.build(into: "public", cache: cache)
        _ = try await site.build(into: "clean", cache: nil)
        try expectSameTree(site.root + "/public", site.root + "/clean")
    }

    @Test func aFailedRebuildLeavesThePublishedFolderAsItWas() async throws {
        let site = try EditableSite()
        let cache = RenderCache()
        _ = try await site.build(into: "public", cache: cache)
        let before = try snapshot(site.root + "/public")
        try site.edit("content/guide/second.md") { $0 + "\nA [broken](missing.md) link.\n" }
        await #expect(throws: BuildFailure.self) { try await site.build(into: "public", cache: cache) }
        #expect(try snapshot(site.root + "/public") == before)
        // Fixed again, the next rebuild still matches a clean build.
        try site.edit("content/guide/second.md") { $0.replacingOccurrences(of: "A [broken](missing.md) link.", with: "Fixed.") }
        _ = try await site.build(into: "public", cache: cache)
        _ = try await site.build(into: "clean", cache: nil)
        try expectSameTree(site.root + "/public", site.root + "/clean")
    }

    @Test func unchangedSiteReusesEveryPage() async throws {
        let site = try EditableSite()
        let cache = RenderCache()
        let first = try await site.build(into: "public", cache: cache)
        let second = try await site.build(into: "public", cache: cache)
        #expect(second.reusedPages == first.pageCount)
        #expect(first.pageCount > 3)
    }

    @Test func editingABodyRerendersOnlyThatPage() async throws {
        try await expectCachedBuildMatchesCleanBuild(reusing: 4...4) { site in
            try site.edit("content/guide/second.md") { $0 + "\nA new paragraph.\n" }
        }
    }

    @Test func editingATitleChangesOtherPagesNavigation() async throws {
        try await expectCachedBuildMatchesCleanBuild(reusing: 0...0) { site in
            try site.edit("content/guide/second.md") { $0.replacingOccurrences(of: "title: Second steps", with: "title: Later steps") }
        }
    }

    @Test func editingATagRebuildsTagPages() async throws {
        try await expectCachedBuildMatchesCleanBuild(reusing: 0...0) { site in
            try site.edit("content/guide/second.md") { $0.replacingOccurrences(of: "tags: [password reset]", with: "tags: [password reset, Later]") }
        }
    }

    @Test func editingATemplateRerendersEverything() async throws {
        try await expectCachedBuildMatchesCleanBuild(reusing: 0...0) { site in
            try site.edit("Templates/page.mustache") { $0.replacingOccurrences(of: "<h1>{{title}}</h1>", with: "<h1 class=\"title\">{{title}}</h1>") }
        }
    }

    @Test func removingALinkedHeadingIsStillReported() async throws {
        let site = try EditableSite()
        let cache = RenderCache()
        _ = try await site.build(into: "public", cache: cache)
        try site.edit("content/guide/second.md") { $0.replacingOccurrences(of: "## Details", with: "## Particulars") }
        let options = try buildOptions(config: site.config, output: site.root + "/public")
        do {
            _ = try await SiteBuild.run(options, cache: cache)
            Issue.record("built although first.md links to second.md#details, which is gone")
        } catch {
            let messages = shortened(error.diagnostics)
            #expect(messages.contains { $0.hasPrefix("content/guide/first.md:") && $0.contains("details") }, "\(messages)")
        }
        // The unchanged page's link is checked again after the cache served it.
        try site.edit("content/guide/second.md") { $0.replacingOccurrences(of: "## Particulars", with: "## Details") }
        let fixed = try await site.build(into: "public", cache: cache)
        #expect(fixed.reusedPages > 0)
    }
}

@Suite struct RenderCacheRepoTests {
    @Test func repositorySiteIsReusedWhenUnchanged() async throws {
        let output = try makeTemporaryDirectory() + "/public"
        let options = try buildOptions(config: Paths.packageRoot.appendingPathComponent("resetkit.yaml").path, output: output)
        let cache = RenderCache()
        let first = try await SiteBuild.run(options, cache: cache)
        let again = try buildOptions(config: Paths.packageRoot.appendingPathComponent("resetkit.yaml").path, output: output)
        let second = try await SiteBuild.run(again, cache: cache)
        #expect(second.reusedPages == first.pageCount)
    }
}

@Suite struct SourceCacheTests {
    @Test func unchangedFilesAreNotReadAgain() throws {
        let path = try makeTemporaryDirectory() + "/page.md"
        try "one".write(toFile: path, atomically: false, encoding: .utf8)
        let cache = SourceCache(settledSeconds: 0)
        #expect(try cache.text(at: path, display: "page.md") == "one")
        #expect(try cache.text(at: path, display: "page.md") == "one")
        #expect(cache.readCount == 1)
    }

    @Test func aRewriteThatKeepsSizeAndModificationTimeIsStillSeen() throws {
        let path = try makeTemporaryDirectory() + "/page.md"
        try "one".write(toFile: path, atomically: false, encoding: .utf8)
        let modified = try #require(FileManager.default.attributesOfItem(atPath: path)[.modificationDate] as? Date)
        let cache = SourceCache()
        #expect(try cache.text(at: path, display: "page.md") == "one")
        // Same inode, same size, the old modification time put back, all within a clock tick:
        // only the rule that a just-changed file is not kept can notice.
        try "two".write(toFile: path, atomically: false, encoding: .utf8)
        try FileManager.default.setAttributes([.modificationDate: modified], ofItemAtPath: path)
        #expect(try cache.text(at: path, display: "page.md") == "two")
        #expect(cache.readCount == 2)
    }

    @Test func aMissingFileIsAnError() throws {
        let cache = SourceCache()
        #expect(throws: Diagnostic.self) { try cache.text(at: "/nonexistent/page.md", display: "page.md") }
    }
}
