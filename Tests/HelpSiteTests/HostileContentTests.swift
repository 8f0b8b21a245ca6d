import Diagnostics
import Foundation
import Testing
@testable import HelpSite

/// Content nobody here wrote: each case either builds correctly or fails with a clear file:line
/// error, in bounded time (the whole suite runs under a time limit; the cases are sized so a
/// quadratic algorithm would blow it).
@Suite struct HostileContentTests {
    /// A site in a temporary folder with the repository's templates.
    struct Site {
        let root: String
        init(_ files: [String: String]) throws {
            try self.init(at: try makeTemporaryDirectory(), files)
        }

        init(at root: String, _ files: [String: String]) throws {
            self.root = root
            try FileManager.default.createDirectory(atPath: root + "/content", withIntermediateDirectories: true)
            try """
                site:
                  check_resetlink_links: false
                  templates: \(Paths.packageRoot.appendingPathComponent("Templates").path)
                """.write(toFile: root + "/resetkit.yaml", atomically: true, encoding: .utf8)
            for (path, text) in files { try write(path, Data(text.utf8)) }
        }

        func write(_ path: String, _ data: Data) throws {
            let url = URL(fileURLWithPath: root + "/content/" + path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try data.write(to: url)
        }

        func build() async throws(BuildFailure) -> BuildReport {
            let options: BuildOptions
            do { options = try buildOptions(config: root + "/resetkit.yaml", output: root + "/public") } catch {
                throw BuildFailure(diagnostics: [.error("\(error)", at: SourceLocation(file: "resetkit.yaml"))])
            }
            return try await SiteBuild.run(options)
        }

        func output(_ path: String) throws -> String { try readText(root + "/public/" + path) }

        /// The build's error messages, `content/…:line:column: error: …`.
        func errors() async -> [String] {
            do {
                _ = try await build()
                return []
            } catch {
                return shortened(error.diagnostics.filter { $0.severity == .error })
            }
        }
    }

    static func page(_ title: String, _ body: String) -> String { "---\ntitle: \(title)\n---\n\n\(body)" }

    @Test func tenMegabytePageBuilds() async throws {
        let paragraph = "Forgotten passwords are reset from the login page with a link sent by email. " + String(repeating: "word ", count: 180) + "\n\n"
        var body = "", paragraphs = 0
        while body.utf8.count < 10_000_000 {
            if paragraphs % 400 == 0 { body += "## Part\n\n" }
            body += paragraph
            paragraphs += 1
        }
        let site = try Site(["index.md": Self.page("Home", "[Big](big.md)"), "big.md": Self.page("Big", body)])
        let report = try await site.build()
        #expect(report.pageCount == 2)
        let html = try site.output("big.html")
        #expect(html.utf8.count > 10_000_000)
        #expect(html.contains("id=\"part-24\""))
    }

    @Test func tenThousandHeadingsWithTheSameTextGetDistinctIDs() async throws {
        let body = String(repeating: "## Steps\n\nText.\n\n", count: 10_000) + "[last](#steps-9999) [first](#steps)\n"
        let site = try Site(["index.md": Self.page("Home", body)])
        _ = try await site.build()
        let html = try site.output("index.html")
        #expect(html.contains("<h2 id=\"steps\">"))
        #expect(html.contains("<h2 id=\"steps-9999\">"))
        #expect(!html.contains("id=\"steps-10000\""))
    }

    @Test func linkCycleBetweenPagesBuilds() async throws {
        let site = try Site([
            "index.md": Self.page("Home", "[A](a.md)"),
            "a.md": Self.page("A", "## Here\n\n[B](b.md#there)"),
            "b.md": Self.page("B", "## There\n\n[A](a.md#here) [home](index.md) [me](b.md)"),
        ])
        _ = try await site.build()
        #expect(try site.output("a.html").contains("href=\"b.html#there\""))
        #expect(try site.output("b.html").contains("href=\"a.html#here\""))
    }

    @Test func emojiAndRightToLeftTitlesBuild() async throws {
        let site = try Site([
            "index.md": Self.page("Home", "[e](emoji.md) [r](rtl.md)"),
            "emoji.md": "---\ntitle: \"🔑🔒\"\ntags: [\"🔑\"]\n---\n\n## 🔑\n\n## 🔑\n",
            "rtl.md": "---\ntitle: \"إعادة تعيين كلمة المرور\"\ntags: [\"כניסה\"]\n---\n\n## إعادة تعيين\n",
        ])
        _ = try await site.build()
        let emoji = try site.output("emoji.html")
        #expect(emoji.contains("<h1>🔑🔒</h1>"))
        #expect(emoji.contains("<h2 id=\"section\">🔑") && emoji.contains("<h2 id=\"section-1\">🔑"))
        let rtl = try site.output("rtl.html")
        #expect(rtl.contains("<h1>إعادة تعيين كلمة المرور</h1>"))
        // Tag pages get a usable file name whatever the script.
        let tagPages = try FileManager.default.contentsOfDirectory(atPath: site.root + "/public/tags")
        #expect(tagPages.count >= 3)
    }

    @Test func invalidUTF8IsAnErrorAtItsLine() async throws {
        let site = try Site(["index.md": Self.page("Home", "fine")])
        try site.write("bad.md", Data("---\ntitle: Bad\n---\n\nline four\n".utf8) + Data([0x66, 0xC3, 0x28, 0x0A]))
        let errors = await site.errors()
        #expect(errors.contains { $0.hasPrefix("content/bad.md:6:") && $0.contains("not valid UTF-8") }, "\(errors)")
        #expect(!FileManager.default.fileExists(atPath: site.root + "/public"), "a failed build wrote output")
    }

    @Test func symbolicLinkLoopIsAnErrorNamingTheFolder() async throws {
        let site = try Site(["index.md": Self.page("Home", "fine"), "guide/a.md": Self.page("A", "text")])
        try FileManager.default.createSymbolicLink(atPath: site.root + "/content/guide/again", withDestinationPath: site.root + "/content/guide")
        let errors = await site.errors()
        #expect(errors.contains { $0.contains("content/guide/again") && $0.contains("symbolic link loop") }, "\(errors)")
    }

    @Test func pathologicalMarkdownRendersInBoundedTime() throws {
        let body = String(repeating: "> ", count: 5_000) + "deep\n\n" + String(repeating: "[", count: 20_000) + "x"
            + String(repeating: "]", count: 20_000) + "\n\n" + String(repeating: "*_", count: 20_000) + "x\n\n"
            + (0..<300).map { String(repeating: "  ", count: $0) + "- item\n" }.joined()
        let site = try Site(["index.md": Self.page("Home", body)])
        let status = try runBuild(site, limit: 60)
        #expect(status == 0)
        #expect(try site.output("index.html").contains("deep"))
    }

    /// The search text's walk recursed on depth and overflowed a worker thread's stack (SIGSEGV,
    /// no message) at about 15,000 levels; libcmark itself handles this in milliseconds.
    @Test func hundredThousandNestedQuotesBuild() throws {
        let site = try Site(["index.md": Self.page("Home", String(repeating: "> ", count: 100_000) + "innermost\n")])
        let status = try runBuild(site, limit: 120)
        #expect(status == 0, "the build died or failed (status \(String(describing: status)))")
        #expect(try site.output("index.html").contains("innermost"))
        #expect(try site.output("search-index.js").contains("innermost"))
    }

    /// Each image asked for its own description's text: n² for images nested n deep (30,000 took
    /// minutes in a debug build; now seconds).
    @Test func imagesNestedThirtyThousandDeepBuildInBoundedTime() throws {
        let n = 30_000
        let body = String(repeating: "![", count: n) + "a" + String(repeating: "](i.png)", count: n) + "\n"
        let site = try Site(["index.md": Self.page("Home", body)])
        try site.write("i.png", Data([0x89, 0x50, 0x4E, 0x47]))
        let status = try runBuild(site, limit: 60)
        #expect(status == 0)
        #expect(try site.output("index.html").contains("alt=\"a\""))
    }

    /// The "did you mean" hint of a broken anchor sorted and slugged every id of the target page
    /// for each broken link: 6,860 headings × 14,092 broken anchors took 305 s. Now one index a page.
    @Test func manyBrokenAnchorsOnAPageOfManyHeadingsAreCheckedInBoundedTime() throws {
        let body = (0..<6_860).map { "## Section \($0) of the guide\n\nText.\n\n" }.joined()
            + (0..<14_092).map { "[x](#section-\($0)-of-the-gude) " }.joined() + "\n"
        let site = try Site(["index.md": Self.page("Home", body)])
        let status = try runBuild(site, limit: 60, arguments: ["--links", "warn"])
        #expect(status == 0)
    }

    /// `{{…}}` values were found with `range(of:)` from each match and placed with a count from the
    /// text's start: n² for n values in one paragraph (a debug build: 53 s for 200,000, now 4 s).
    @Test func threeHundredThousandValuesInOneParagraphAreSubstitutedInBoundedTime() throws {
        let body = Array(repeating: "{{reset.link_lifetime}}", count: 300_000).joined(separator: " ") + "\n"
        let site = try Site(["index.md": Self.page("Home", body)])
        let status = try runBuild(site, limit: 60)
        #expect(status == 0)
        let html = try site.output("index.html")
        #expect(!html.contains("{{"))
    }

    /// Builds `site` with the real executable, killed if it runs past `limit` seconds: a cap far
    /// above the actual time that catches quadratic behaviour, in a separate process so a crash
    /// does not take the test run with it and busy tests here cannot make it look slow.
    /// Returns the exit status, or nil when it was killed or died of a signal.
    func runBuild(_ site: Site, limit: TimeInterval, arguments: [String] = []) throws -> Int32? {
        let build = Process()
        build.executableURL = URL(fileURLWithPath: Paths.helpsiteExecutable)
        build.arguments = ["build", "--config", site.root + "/resetkit.yaml", "--quiet"] + arguments
        build.standardOutput = FileHandle.nullDevice
        build.standardError = FileHandle.nullDevice
        try build.run()
        let deadline = Date().addingTimeInterval(limit)
        while build.isRunning && Date() < deadline { usleep(20_000) }
        let finished = !build.isRunning
        if !finished { build.terminate() }
        build.waitUntilExit()
        #expect(finished, "the build ran for over \(Int(limit)) s")
        return finished && build.terminationReason == .exit ? build.terminationStatus : nil
    }
}
