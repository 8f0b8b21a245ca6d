import Foundation
import Diagnostics
import HelpSite
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import HelpSiteServer

/// `helpsite serve` as a user runs it: a real process, real HTTP, real edits on disk.
@Suite struct ServeTests {
    @Test func editedPageIsServedWithinTwoSecondsAndOpenPagesAreToldToReload() throws {
        let server = try ServeProcess()
        try server.waitUntilServing()
        let before = try server.get("several-accounts.html")
        #expect(before.status == 200)
        #expect(!before.body.contains("A paragraph written during the test."))
        let tag = try #require(before.body.firstMatch(of: /<script src="\/__helpsite\/reload.js" data-version="(\d+)"><\/script>\n<\/body>/))
        let version = String(tag.output.1)

        // An open page's long poll, waiting for the next build.
        let reload = Background { try server.get("__helpsite/wait?version=\(version)") }
        usleep(100_000)
        let page = try server.read("content/several-accounts.md")
        try server.write("content/several-accounts.md", page + "\nA paragraph written during the test.\n")

        let elapsed = try server.poll("several-accounts.html", timeout: .seconds(2)) { status, body in
            status == 200 && body.contains("<p>A paragraph written during the test.</p>")
        }
        #expect(elapsed != nil, "the edit was not served within 2 seconds")
        let answer = try reload.value()
        #expect(answer.status == 200)
        #expect(Int(answer.body.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0 > Int(version) ?? .max)
        // Incremental: only the edited page was rendered again, and written with the search index
        // and the whole guide's print view (the page is at the top, in no folder's view).
        #expect(server.waitForOutput(containing: "content/several-accounts.md changed: Built 16 pages"))
        #expect(server.waitForOutput(containing: "(15 of 16 pages unchanged, 3 files written)"))
        #expect(try server.stop() == 0)
    }

    @Test func buildErrorIsShownInThePageWithItsPlaceUntilFixed() throws {
        let server = try ServeProcess()
        try server.waitUntilServing()
        let index = try server.read("content/index.md")
        try server.write("content/index.md", index.replacingOccurrences(of: "weight: 0", with: "weight: heavy"))

        var shown = ""
        let elapsed = try server.poll("several-accounts.html", timeout: .seconds(2)) { status, body in
            shown = body
            return status == 500
        }
        #expect(elapsed != nil, "no error page within 2 seconds")
        #expect(shown.contains("<h1>Build failed</h1>"))
        #expect(shown.contains(#/<code>content/index\.md:8:\d+: error: [^<]*weight/#))
        #expect(shown.contains("/__helpsite/reload.js"), "the error page reloads itself once fixed")
        #expect(!shown.contains("Several accounts share one email address"), "a stale page was served")
        #expect(server.waitForOutput(containing: "content/index.md:8:"))

        try server.write("content/index.md", index)
        let fixed = try server.poll("several-accounts.html", timeout: .seconds(2)) { status, body in
            status == 200 && body.contains("Several accounts share one email address")
        }
        #expect(fixed != nil)
        #expect(try server.stop() == 0)
    }

    @Test func configurationAndTemplateEditsRebuild() throws {
        let server = try ServeProcess()
        try server.waitUntilServing()
        let config = try server.read("resetkit.yaml")
        try server.write("resetkit.yaml", config.replacingOccurrences(of: "link_lifetime_minutes: 60", with: "link_lifetime_minutes: 45"))
        let lifetime = try server.poll("reset-password.html", timeout: .seconds(2)) { _, body in body.contains("45 minutes") }
        #expect(lifetime != nil, "the guide did not pick up the configuration change")

        let template = try server.read("Templates/page.mustache")
        try server.write("Templates/page.mustache", template.replacingOccurrences(of: "<h1>{{title}}</h1>", with: "<h1 class=\"edited\">{{title}}</h1>"))
        let edited = try server.poll("index.html", timeout: .seconds(2)) { _, body in body.contains("<h1 class=\"edited\">") }
        #expect(edited != nil, "the template edit was not picked up")
        #expect(try server.stop(signal: SIGTERM) == 0)
    }

    @Test func aNewFolderAndAnAtomicSaveAreNoticed() throws {
        let server = try ServeProcess()
        try server.waitUntilServing()
        #expect(server.waitForOutput(containing: "Built 16 pages"), "the first build did not finish")
        // The folder and its page come at once; the folder is watched only from the look that finds
        // it, so the page must not fall in between.
        try FileManager.default.createDirectory(atPath: server.site + "/content/new-section", withIntermediateDirectories: false)
        try server.write("content/new-section/first.md", "---\ntitle: First of its section\n---\nBody.\n")
        let added = try server.poll("new-section/first.html", timeout: .seconds(2)) { status, body in
            status == 200 && body.contains("First of its section")
        }
        #expect(added != nil, "the page in a new folder was not served within 2 seconds")
        // An editor's atomic save: a temporary file renamed over the page.
        let page = try server.read("content/new-section/first.md")
        try (page + "\nSaved atomically.\n").write(toFile: server.site + "/content/new-section/first.md", atomically: true, encoding: .utf8)
        let saved = try server.poll("new-section/first.html", timeout: .seconds(2)) { _, body in body.contains("Saved atomically.") }
        #expect(saved != nil, "the atomic save was not served within 2 seconds")
        #expect(try server.stop() == 0)
    }

    @Test func anEditOfALinkedPagesTargetIsNoticed() throws {
        let server = try ServeProcess()
        let outside = server.site + "/outside"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: false)
        try "---\ntitle: Linked page\n---\nFirst text.\n".write(toFile: outside + "/linked.md", atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: server.site + "/content/linked.md", withDestinationPath: outside + "/linked.md")
        try server.waitUntilServing()
        #expect(server.waitForOutput(containing: "Built 17 pages"), "the first build did not finish: \(server.printed)")
        try "---\ntitle: Linked page\n---\nEdited through the link's target.\n".write(toFile: outside + "/linked.md", atomically: false, encoding: .utf8)
        let edited = try server.poll("linked.html", timeout: .seconds(2)) { _, body in body.contains("Edited through the link") }
        #expect(edited != nil, "the edit of the target was not served within 2 seconds: \(server.printed)")
        #expect(try server.stop() == 0)
    }

    @Test func aContentFolderNamedAnewInTheConfigurationIsWatched() throws {
        let server = try ServeProcess()
        try server.waitUntilServing()
        #expect(server.waitForOutput(containing: "Built 16 pages"), "the first build did not finish")
        try FileManager.default.copyItem(atPath: server.site + "/content", toPath: server.site + "/moved")
        let config = try server.read("resetkit.yaml")
        try server.write("resetkit.yaml", config.replacingOccurrences(of: "  content: content\n", with: "  content: moved\n"))
        #expect(server.waitForOutput(containing: "resetkit.yaml changed: Built 16 pages"), "\(server.printed)")
        // Edits in the folder the configuration names now are built; the old folder is no source.
        let page = try server.read("moved/several-accounts.md")
        try server.write("moved/several-accounts.md", page + "\nWritten in the moved folder.\n")
        let moved = try server.poll("several-accounts.html", timeout: .seconds(2)) { _, body in body.contains("Written in the moved folder.") }
        #expect(moved != nil, "an edit in the newly configured folder was not served within 2 seconds: \(server.printed)")
        #expect(try server.stop() == 0)
    }

    @Test func withPollEditsAreFoundByLooking() throws {
        let server = try ServeProcess(arguments: ["--poll"])
        try server.waitUntilServing()
        // An edit before the first build is part of it, and no rebuild would name it.
        #expect(server.waitForOutput(containing: "Built 16 pages"), "the first build did not finish")
        #expect(server.printed.contains("note: looking for changes every 200 ms (--poll)"))
        let page = try server.read("content/several-accounts.md")
        try server.write("content/several-accounts.md", page + "\nFound by polling.\n")
        let elapsed = try server.poll("several-accounts.html", timeout: .seconds(2)) { _, body in body.contains("Found by polling.") }
        #expect(elapsed != nil, "the edit was not served within 2 seconds")
        #expect(server.waitForOutput(containing: "content/several-accounts.md changed: Built 16 pages"), "\(server.printed)")
        #expect(try server.stop() == 0)
    }

    @Test func ctrlCStopsTheServerAndFreesThePort() throws {
        let server = try ServeProcess()
        let startup = try server.waitUntilServing()
        #expect(try server.get("").status == 200)
        #expect(try server.stop(signal: SIGINT) == 0)
        #expect(server.waitForOutput(containing: "Stopping (Ctrl-C)."))
        #expect(throws: (any Error).self) { try server.get("") }
        print("helpsite serve printed its address after \(startup)")
    }

    @Test func busyPortIsAClearError() throws {
        let first = try ServeProcess()
        try first.waitUntilServing()
        let port = try #require(first.url.split(separator: ":").last?.trimmingCharacters(in: CharacterSet(charactersIn: "/")))
        let second = try ServeProcess(port: Int(port) ?? 0, site: first.site)
        second.process.waitUntilExit()
        #expect(second.process.terminationStatus == 1)
        #expect(second.waitForOutput(containing: "error: cannot listen on 127.0.0.1:\(port)"), "\(second.printed)")
        #expect(try first.stop() == 0)
    }

    @Test func servesAssetsWithTypesAndRangesAndNothingOutsideTheSite() throws {
        let server = try ServeProcess()
        try server.waitUntilServing()
        let ranged = try run("/usr/bin/curl", ["-s", "-o", "/dev/null", "-H", "Range: bytes=0-99", "-w", "%{http_code} %{size_download} %{content_type}",
                                               server.url + "media/reset-password-walkthrough.mp4"])
        #expect(ranged == "206 100 video/mp4")
        let post = try run("/usr/bin/curl", ["-s", "-X", "POST", "-o", "/dev/null", "-w", "%{http_code} %header{allow}", server.url])
        #expect(post == "405 GET, HEAD")
        let missing = try server.get("no-such-page.html")
        #expect(missing.status == 404)
        #expect(missing.body.contains("/__helpsite/reload.js"))
        #expect(try server.stop() == 0)
    }
}

/// Runs `work` on a thread of its own and hands back its result.
final class Background<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<Value, any Error>?

    init(_ work: @escaping @Sendable () throws -> Value) {
        Thread.detachNewThread { [self] in
            result = Result { try work() }
            done.signal()
        }
    }

    /// Waits for the work; the semaphore orders the write before this read.
    func value() throws -> Value {
        done.wait()
        return try result!.get()
    }
}

/// Runs a command and returns what it printed.
func run(_ executable: String, _ arguments: [String]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return String(decoding: data, as: UTF8.self)
}

@Suite struct PreviewPiecesTests {
    @Test func requestPathsCannotLeaveTheOutputFolder() {
        #expect(PreviewHandler.relativePath("/") == "")
        #expect(PreviewHandler.relativePath("/admin/") == "admin/")
        #expect(PreviewHandler.relativePath("/a%20b.html") == "a b.html")
        #expect(PreviewHandler.relativePath("/../resetkit.yaml") == nil)
        #expect(PreviewHandler.relativePath("/%2e%2e/resetkit.yaml") == nil)
        #expect(PreviewHandler.relativePath("/admin/./x") == nil)
        #expect(PreviewHandler.relativePath("/x%00.html") == nil)
    }

    @Test func reloadScriptGoesJustBeforeTheLastBodyEndTag() {
        let page = "<html><body><p>&lt;/body&gt; in text</p>\n</BODY></html>"
        #expect(LiveReload.inject(into: page, version: 7)
            == "<html><body><p>&lt;/body&gt; in text</p>\n<script src=\"/__helpsite/reload.js\" data-version=\"7\"></script>\n</BODY></html>")
        #expect(LiveReload.inject(into: "<p>fragment</p>", version: 1).hasSuffix("data-version=\"1\"></script>"))
    }

    @Test func changesNameTheFilesNotTheirFolders() {
        let stamp = SourceWatcher.Stamp(file: FileStamp(inode: 1, size: 1, modified: timespec(tv_sec: 1, tv_nsec: 0), changed: timespec(tv_sec: 1, tv_nsec: 0)))
        var later = stamp
        later.file.modified.tv_nsec = 5
        let old: SourceWatcher.Snapshot = ["content": stamp, "content/a.md": stamp, "content/b.md": stamp]
        let new: SourceWatcher.Snapshot = ["content": later, "content/a.md": later, "content/c.md": stamp]
        #expect(SourceWatcher.changes(from: old, to: new) == ["content/a.md", "content/b.md", "content/c.md"])
        #expect(SourceWatcher.changes(from: old, to: old).isEmpty)
    }

    @Test func errorPageEscapesMessages() {
        let page = ErrorPage.html([.error("bad <script>alert(1)</script>", at: .init(file: "content/a.md", line: 2, column: 3))], version: 4)
        #expect(page.contains("<code>content/a.md:2:3: error: bad &lt;script&gt;alert(1)&lt;/script&gt;</code>"))
        #expect(!page.contains("<script>alert"))
    }

    @Test func contentTypes() {
        #expect(ContentType.of("public/a.CSS") == "text/css; charset=utf-8")
        #expect(ContentType.of("public/media/clip.webm") == "video/webm")
        #expect(ContentType.of("public/v1.2/README") == "application/octet-stream")
    }
}
