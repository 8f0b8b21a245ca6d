import Foundation
import Testing
import TestGit

/// `helpsite serve` on a site in a git repository: a commit changes the dates of the pages it
/// touched, without any page's file changing, and the preview shows the new dates.
@Suite struct GitServeTests {
    @Test func aCommitRedatesThePageItTouched() throws {
        let repository = try GitRepository()
        for item in ["content", "Templates", "resetkit.yaml"] {
            try FileManager.default.copyItem(atPath: ServeProcess.packageRoot.appendingPathComponent(item).path, toPath: repository.root + "/" + item)
        }
        // One page dated by git: its front matter's dates taken out.
        let path = "content/several-accounts.md"
        let page = try String(contentsOfFile: repository.root + "/" + path, encoding: .utf8)
        let undated = page.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("created:") && !$0.hasPrefix("modified:") }.joined(separator: "\n")
        try repository.write(path, undated)
        try repository.commit("import", date: "2026-01-02T10:00:00Z")
        // Edited before serve starts, committed while it runs: the file does not change then.
        try repository.write(path, undated + "\nA paragraph committed later.\n")

        let server = try ServeProcess(site: repository.root)
        try server.waitUntilServing()
        #expect(server.waitForOutput(containing: "Built 16 pages"), "the first build did not finish")
        let before = try server.get("several-accounts.html")
        #expect(before.body.contains(#"Created on <time datetime="2026-01-02">"#))
        #expect(!before.body.contains("2026-04-05"))

        try repository.commit("edit", date: "2026-04-05T10:00:00Z")
        let redated = try server.poll("several-accounts.html", timeout: .seconds(5)) { status, body in
            status == 200 && body.contains(#"Last modified on <time datetime="2026-04-05">"#)
        }
        #expect(redated != nil, "the commit's date was not shown within 5 seconds")
        // The branch's ref changed; only the redated page was rendered again (written with the sitemap).
        #expect(server.waitForOutput(containing: "refs/heads/main changed: Built 16 pages"), "\(server.printed)")
        #expect(server.waitForOutput(containing: "(15 of 16 pages unchanged, 2 files written)"), "\(server.printed)")
        let sitemap = try server.get("sitemap.xml")
        #expect(sitemap.body.contains("several-accounts.html</loc><lastmod>2026-04-05</lastmod>"))
        #expect(try server.stop() == 0)
    }
}
