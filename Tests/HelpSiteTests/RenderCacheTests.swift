import Foundation
import Testing
@testable import HelpSite
import Settings

/// `helpsite serve` rebuilds through a render cache; whatever changed, the result must be exactly
/// what a clean build of the same sources writes.
@Suite struct RenderCacheTests {
    /// A copy of the basic fixture with its own Templates/, so both can be edited.
    struct EditableSite {
        let root: String
        var config: String { root + "/resetkit.yaml" }

        init() throws {
            root = try makeTemporaryDirectory()
            let manager = FileManager.default
            try manager.copyItem(atPath: Paths.fixture("basic") + "/content", toPath: root + "/content")
            try manager.copyItem(atPath: Paths.packageRoot.appendingPathComponent("Templates").path, toPath: root + "/Templates")
            let original = try readText(Paths.fixtureConfig("basic"))
            try original.replacingOccurrences(of: "../../../../Templates", with: "Templates")
                .write(toFile: config, atomically: true, encoding: .utf8)
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
    func expectCachedBuildMatchesCleanBuild(reusing expected: ClosedRange<Int>, _ edit: (EditableSite) throws -> Void) async throws {
        let site = try EditableSite()
        let cache = RenderCache()
        let first = try await site.build(into: "cached", cache: cache)
        #expect(first.reusedPages == 0)
        try edit(site)
        let second = try await site.build(into: "cached", cache: cache)
        #expect(expected.contains(second.reusedPages), "reused \(second.reusedPages) pages")
        _ = try await site.build(into: "clean", cache: nil)
        let cached = try snapshot(site.root + "/cached"), clean = try snapshot(site.root + "/clean")
        #expect(cached.keys.sorted() == clean.keys.sorted())
        for (path, data) in clean where cached[path] != data {
            Issue.record("\(path) differs from a clean build")
        }
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
