import Foundation
import Testing
import Diagnostics
@testable import HelpSite
import Settings
import TestGit

/// Dates and authors taken from git when front matter leaves them out, with real repositories
/// made here: commits at set times, renames, a shallow clone, no repository at all.
@Suite struct GitDatesTests {
    /// A help site inside a git repository, its content folder deeper down and named with a space
    /// and a non-ASCII letter; built into a folder outside the repository.
    struct Site {
        let repository: GitRepository
        let content: String
        let output: String

        static let contentFolder = "help docs/contënt"

        init(repository: GitRepository? = nil, settings: String = "") throws {
            self.repository = try repository ?? GitRepository()
            content = Self.contentFolder
            output = try makeTemporaryDirectory()
            try self.repository.write("resetkit.yaml", """
                site:
                  check_resetlink_links: false
                  templates: \(Paths.packageRoot.appendingPathComponent("Templates").path)
                  content: \(content)
                \(settings)
                """)
        }

        func page(_ path: String, title: String, frontMatter: String = "", body: String = "Text.") throws {
            try repository.write(content + "/" + path, "---\ntitle: \(title)\n\(frontMatter)---\n\(body)\n")
        }

        func build(strict: Bool = false, cache: RenderCache? = nil, into folder: String? = nil) async throws -> BuildReport {
            try await SiteBuild.run(try buildOptions(config: repository.root + "/resetkit.yaml", output: folder ?? output),
                                    strict: strict, cache: cache)
        }

        func html(_ output: String) throws -> String { try readText(self.output + "/" + output) }
    }

    /// The `<time datetime>` values of a page's footer, in order (created, then modified), and its author.
    func footer(_ html: String) -> (dates: [String], author: String?) {
        guard let start = html.range(of: "<footer class=\"page-footer\">"), let end = html.range(of: "</footer>", range: start.upperBound..<html.endIndex) else {
            return ([], nil)
        }
        let footer = html[start.upperBound..<end.lowerBound]
        let dates = footer.matches(of: /datetime="([0-9-]+)"/).map { String($0.output.1) }
        let author = footer.firstMatch(of: /by ([^.<]+)\./).map { String($0.output.1) }
        return (dates, author)
    }

    @Test func datesAndAuthorComeFromTheFirstAndLastCommitsFollowingRenames() async throws {
        let site = try Site()
        try site.page("guide/old-name.md", title: "Renamed")
        try site.page("plain.md", title: "Plain")
        try site.repository.commit("first", author: "Ana Author", date: "2026-01-02T10:00:00Z")
        try site.page("guide/old-name.md", title: "Renamed", body: "Changed.")
        // 23:30 five hours west of Greenwich is the next day in UTC: pages are dated in UTC.
        try site.repository.commit("second", author: "Bo Builder", date: "2026-02-03T23:30:00-05:00")
        try site.repository.git("mv", Site.contentFolder + "/guide/old-name.md", Site.contentFolder + "/guide/new-name.md")
        try site.repository.commit("rename", author: "Cy Mover", date: "2026-03-05T12:00:00Z")

        let report = try await site.build(strict: true)
        #expect(report.warnings.isEmpty)
        let renamed = footer(try site.html("guide/new-name.html"))
        #expect(renamed.dates == ["2026-01-02", "2026-03-05"], "the rename was not followed back to the first commit")
        #expect(renamed.author == "Ana Author")
        let plain = footer(try site.html("plain.html"))
        #expect(plain.dates == ["2026-01-02", "2026-01-02"])
        #expect(plain.author == "Ana Author")
        let sitemap = try site.html("sitemap.xml")
        #expect(sitemap.contains("guide/new-name.html</loc><lastmod>2026-03-05</lastmod>"))
    }

    @Test func aChangeMergedFromABranchIsDatedWhenItWasWritten() async throws {
        let site = try Site()
        try site.page("branch.md", title: "Edited on a branch")
        try site.page("main.md", title: "Edited on main")
        try site.repository.commit("first", date: "2026-01-02T10:00:00Z")
        try site.repository.git("checkout", "-q", "-b", "side")
        try site.page("branch.md", title: "Edited on a branch", body: "Changed on the branch.")
        try site.repository.commit("on the branch", date: "2026-02-03T10:00:00Z")
        try site.repository.git("checkout", "-q", "main")
        try site.page("main.md", title: "Edited on main", body: "Changed on main.")
        try site.repository.commit("on main", date: "2026-03-04T10:00:00Z")
        try site.repository.git("merge", "-q", "--no-ff", "--no-edit", "side", environment: [
            "GIT_AUTHOR_NAME": "Mo Merger", "GIT_AUTHOR_EMAIL": "m@example.com", "GIT_AUTHOR_DATE": "2026-04-05T10:00:00Z",
            "GIT_COMMITTER_NAME": "Mo Merger", "GIT_COMMITTER_EMAIL": "m@example.com", "GIT_COMMITTER_DATE": "2026-04-05T10:00:00Z",
        ])
        _ = try await site.build(strict: true)
        #expect(footer(try site.html("branch.html")).dates == ["2026-01-02", "2026-02-03"])
        #expect(footer(try site.html("main.html")).dates == ["2026-01-02", "2026-03-04"])
    }

    @Test func theCommitDayIsTheAuthorsTimeInUTC() async throws {
        let site = try Site()
        try site.page("late.md", title: "Late")
        try site.repository.commit("late", date: "2026-02-03T23:30:00-05:00")
        _ = try await site.build()
        #expect(footer(try site.html("late.html")).dates == ["2026-02-04", "2026-02-04"])
    }

    @Test func frontMatterWinsAndGitFillsInOnlyWhatItLeavesOut() async throws {
        let site = try Site()
        try site.page("stated.md", title: "Stated", frontMatter: "created: 2020-05-01\nmodified: 2021-06-02\nauthor: Dee Writer\n")
        try site.page("author-only.md", title: "Author only", frontMatter: "author: Dee Writer\n")
        // Imported with its old last change: git's later first commit would contradict it.
        try site.page("imported.md", title: "Imported", frontMatter: "modified: 2019-01-01\n")
        try site.repository.commit("add", author: "Ana Author", date: "2026-01-02T10:00:00Z")
        _ = try await site.build()
        let stated = footer(try site.html("stated.html"))
        #expect(stated.dates == ["2020-05-01", "2021-06-02"])
        #expect(stated.author == "Dee Writer")
        let authorOnly = footer(try site.html("author-only.html"))
        #expect(authorOnly.dates == ["2026-01-02", "2026-01-02"])
        #expect(authorOnly.author == "Dee Writer")
        #expect(footer(try site.html("imported.html")).dates == ["2019-01-01"], "a git date contradicting the front matter was shown")
    }

    @Test func uncommittedPagesGetNoDateNotAnotherFilesDate() async throws {
        let site = try Site()
        try site.page("committed.md", title: "Committed")
        try site.page("gone.md", title: "Gone")
        try site.repository.commit("add", date: "2026-01-02T10:00:00Z")
        try site.repository.git("rm", "-q", Site.contentFolder + "/gone.md")
        try site.repository.commit("remove", date: "2026-01-03T10:00:00Z")
        // Written again, not committed: the history of the deleted file is not this page's.
        try site.page("gone.md", title: "Gone")
        try site.page("new.md", title: "New")
        _ = try await site.build(strict: true)
        #expect(footer(try site.html("new.html")).dates.isEmpty)
        #expect(footer(try site.html("gone.html")).dates.isEmpty)
        #expect(footer(try site.html("committed.html")).dates == ["2026-01-02", "2026-01-02"])
    }

    @Test func aShallowCloneSaysSoOnceWithTheFixAndDatesNoPage() async throws {
        let site = try Site()
        for index in 1...3 { try site.page("page-\(index).md", title: "Page \(index)") }
        try site.repository.commit("first", date: "2026-01-02T10:00:00Z")
        try site.page("page-1.md", title: "Page 1", body: "Changed.")
        try site.repository.commit("second", date: "2026-04-05T10:00:00Z")
        let clonePath = try makeTemporaryDirectory() + "/clone"
        try GitRepository.run(["clone", "-q", "--depth", "1", "file://" + site.repository.root, clonePath])
        let clone = try Site(repository: GitRepository(existing: clonePath))

        let report = try await clone.build()
        let messages = report.warnings.map(\.message)
        #expect(messages.count == 1, "\(messages)")
        #expect(messages.first?.contains("shallow") == true)
        #expect(messages.first?.contains("fetch-depth: 0") == true)
        #expect(messages.first?.contains("git fetch --unshallow") == true)
        for index in 1...3 {
            #expect(footer(try clone.html("page-\(index).html")).dates.isEmpty, "a shallow clone dated page \(index)")
        }
        // A warning: --strict fails on it, so CI notices.
        await #expect(throws: BuildFailure.self) { try await clone.build(strict: true) }

        try clone.repository.git("fetch", "-q", "--unshallow")
        let fixed = try await clone.build(strict: true)
        #expect(fixed.warnings.isEmpty)
        #expect(footer(try clone.html("page-1.html")).dates == ["2026-01-02", "2026-04-05"])
    }

    @Test func withoutARepositoryPagesHaveNoDatesAndNothingIsSaid() async throws {
        let root = try makeTemporaryDirectory()
        try "site:\n  check_resetlink_links: false\n  templates: \(Paths.packageRoot.appendingPathComponent("Templates").path)\n"
            .write(toFile: root + "/resetkit.yaml", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: root + "/content", withIntermediateDirectories: true)
        try "---\ntitle: Alone\n---\nText.\n".write(toFile: root + "/content/index.md", atomically: true, encoding: .utf8)
        let report = try await SiteBuild.run(try buildOptions(config: root + "/resetkit.yaml", output: root + "/out"), strict: true)
        #expect(report.warnings.isEmpty)
        #expect(footer(try readText(root + "/out/index.html")).dates.isEmpty)
    }

    @Test func withoutGitInstalledPagesHaveNoDatesAndNothingIsSaid() throws {
        let site = try Site()
        try site.page("index.md", title: "Home")
        try site.repository.commit("first", date: "2026-01-02T10:00:00Z")
        // A repository, but no git on the PATH the command searches.
        let result = try run(Paths.helpsiteExecutable, ["build", "--strict", "--config", site.repository.root + "/resetkit.yaml", "--output", site.output],
                             environment: ["PATH": "/nonexistent"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(!result.standardError.contains("warning"), "\(result.standardError)")
        #expect(footer(try site.html("index.html")).dates.isEmpty)
    }

    @Test func aWorktreeIsDatedByItsBranch() async throws {
        let site = try Site()
        try site.page("index.md", title: "Home")
        try site.repository.commit("first", date: "2026-01-02T10:00:00Z")
        let worktree = try makeTemporaryDirectory() + "/work tree"
        try site.repository.git("worktree", "add", "-q", "-b", "draft", worktree)
        let other = GitRepository(existing: worktree)
        try other.write(Site.contentFolder + "/index.md", "---\ntitle: Home\n---\nChanged on the branch.\n")
        try other.commit("on the branch", date: "2026-06-07T10:00:00Z")
        let built = try Site(repository: other)
        _ = try await built.build(strict: true)
        #expect(footer(try built.html("index.html")).dates == ["2026-01-02", "2026-06-07"])
    }

    @Test func datesFromGitCanBeTurnedOff() async throws {
        let site = try Site(settings: "  dates_from_git: false")
        try site.page("index.md", title: "Home")
        try site.repository.commit("first", date: "2026-01-02T10:00:00Z")
        _ = try await site.build(strict: true)
        #expect(footer(try site.html("index.html")).dates.isEmpty)
    }

    /// serve: a commit changes a page's dates without changing its file; the rebuild renders that
    /// page again (and the sitemap), reuses the others, and writes what a clean build writes.
    @Test func aNewCommitRebuildsExactlyThePagesItDates() async throws {
        let site = try Site()
        for index in 1...3 { try site.page("page-\(index).md", title: "Page \(index)") }
        try site.page("stated.md", title: "Stated", frontMatter: "created: 2020-05-01\nmodified: 2021-06-02\nauthor: Dee Writer\n")
        try site.repository.commit("first", date: "2026-01-02T10:00:00Z")
        // Edited before the first build, committed after it: the file is the same in both builds.
        try site.page("page-2.md", title: "Page 2", body: "Changed.")
        let cache = RenderCache()
        let cached = try makeTemporaryDirectory() + "/cached"
        _ = try await site.build(cache: cache, into: cached)
        #expect(footer(try readText(cached + "/page-2.html")).dates == ["2026-01-02", "2026-01-02"])
        try site.repository.commit("second", date: "2026-04-05T10:00:00Z")

        let rebuilt = try await site.build(cache: cache, into: cached)
        #expect(rebuilt.reusedPages == rebuilt.pageCount - 1, "reused \(rebuilt.reusedPages) of \(rebuilt.pageCount)")
        #expect(footer(try readText(cached + "/page-2.html")).dates == ["2026-01-02", "2026-04-05"])
        let clean = try makeTemporaryDirectory() + "/clean"
        _ = try await site.build(into: clean)
        #expect(try snapshot(cached) == snapshot(clean), "the cached rebuild differs from a clean build")
        // Nothing new: everything reused.
        let again = try await site.build(cache: cache, into: cached)
        #expect(again.reusedPages == again.pageCount)
    }

    // MARK: Edit links

    @Test func editLinksPointAtEachPagesFileEscapedSegmentBySegment() async throws {
        let site = try Site(settings: "  edit_url: https://git.example.com/help/-/edit/main/content/{path}?plain=1")
        try site.page("index.md", title: "Home")
        try site.page("Getting started/first steps é.md", title: "First steps")
        _ = try await site.build(strict: true)
        #expect(try site.html("index.html").contains(#"<a href="https://git.example.com/help/-/edit/main/content/index.md?plain=1">Edit this page</a>"#))
        let nested = try site.html("Getting started/first steps é.html")
        #expect(nested.contains(#"href="https://git.example.com/help/-/edit/main/content/Getting%20started/first%20steps%20%C3%A9.md?plain=1""#))
    }

    @Test func aReadmePublishedAsItsFoldersIndexKeepsItsFileNameAndHistory() async throws {
        let site = try Site(settings: "  edit_url: https://git.example.com/edit/{path}")
        try site.page("index.md", title: "Home", frontMatter: "created: 2020-05-01\nmodified: 2021-06-02\nauthor: Dee Writer\n")
        try site.page("admin/README.md", title: "Admin")
        try site.repository.commit("first", date: "2026-01-02T10:00:00Z")
        _ = try await site.build(strict: true)
        let admin = try site.html("admin/index.html")
        #expect(admin.contains(#"href="https://git.example.com/edit/admin/README.md""#))
        #expect(footer(admin).dates == ["2026-01-02", "2026-01-02"])
    }

    @Test func withoutAnEditURLThereIsNoLink() async throws {
        let site = try Site()
        try site.page("index.md", title: "Home")
        _ = try await site.build()
        #expect(try !site.html("index.html").contains("Edit this page"))
    }

    @Test(arguments: [
        ("ftp://git.example.com/edit/{path}", "must be an absolute http:// or https:// URL"),
        ("/edit/{path}", "must be an absolute http:// or https:// URL"),
        ("https://git.example.com/edit/main/content/", "must contain {path}"),
    ])
    func badEditURLsAreErrorsAtTheirLine(url: String, problem: String) throws {
        let root = try makeTemporaryDirectory()
        try "site:\n  title: Help\n  edit_url: \(url)\n".write(toFile: root + "/resetkit.yaml", atomically: true, encoding: .utf8)
        do {
            _ = try Configuration.load(path: root + "/resetkit.yaml")
            Issue.record("\(url) was accepted")
        } catch {
            let text = error.diagnostics.map(\.formatted).joined(separator: "\n")
            #expect(text.contains("resetkit.yaml:3:13: error: site.edit_url \(problem)"), "\(text)")
        }
    }

    // MARK: Pieces

    @Test func utcDaysMatchTheCalendar() throws {
        // Every day from 1969 to 2100 (leap years, and the century rule in 2100), against ISO parsing;
        // the last second of each day.
        var day = try #require(CalendarDate(iso: "1969-01-01"))
        var offset: Int64 = -365
        while day.year <= 2100 {
            let date = CalendarDate(secondsSince1970: offset * 86_400 + 86_399)
            guard date == day else {
                Issue.record("day \(offset) is \(date.iso), not \(day.iso)")
                return
            }
            day = try #require(next(after: day))
            offset += 1
        }
        #expect(offset > 47_000)
    }

    private func next(after date: CalendarDate) -> CalendarDate? {
        if date.day < CalendarDate.daysIn(month: date.month, year: date.year) {
            return CalendarDate(iso: iso(date.year, date.month, date.day + 1))
        }
        return date.month == 12 ? CalendarDate(iso: iso(date.year + 1, 1, 1)) : CalendarDate(iso: iso(date.year, date.month + 1, 1))
    }

    private func iso(_ year: Int, _ month: Int, _ day: Int) -> String {
        "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
    }

    @Test func aSwapOfTwoNamesInOneCommitKeepsEachHistory() {
        // Newest first: the swap (a ↔ b), then each file's own edit.
        var log: [UInt8] = []
        func commit(_ seconds: Int, _ author: String, _ changes: [String]) {
            log += Array("\u{1}\(seconds) \(author)\u{0}\n".utf8)
            for change in changes { log += Array(change.utf8) + [0] }
        }
        commit(3 * 86_400, "Swapper", ["R100", "c/a.md", "c/b.md", "R100", "c/b.md", "c/a.md"])
        commit(2 * 86_400, "Bea", ["M", "c/b.md"])
        commit(1 * 86_400, "Abe", ["A", "c/a.md", "A", "c/b.md"])
        let history = GitHistory.parse(log, prefix: "c/")
        // Today's a.md was b.md before the swap: edited on day 2, added on day 1.
        #expect(history.files["a.md"] == GitHistory.File(created: CalendarDate(secondsSince1970: 86_400),
                                                         modified: CalendarDate(secondsSince1970: 3 * 86_400), author: "Abe"))
        #expect(history.files["b.md"]?.created == CalendarDate(secondsSince1970: 86_400))
        #expect(history.files.keys.sorted() == ["a.md", "b.md"])
    }
}
