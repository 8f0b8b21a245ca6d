import Foundation
import Testing
@testable import HelpSiteServer

/// serve's inotify trigger and the folders it watches. The snapshots decide what changed; these
/// tests check that a look is triggered whenever one is due.
@Suite struct ChangeNotifierTests {
    let root: String

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("notifier-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: root + "/watched/sub", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/other", withIntermediateDirectories: true)
    }

    /// Whether an event arrives within `timeout`. A wait that times out ends the stream (its
    /// iterator is cancelled), so a test checks for silence only last.
    func event(from events: AsyncStream<Void>, within timeout: Duration = .seconds(2)) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask {
                var iterator = events.makeAsyncIterator()
                return await iterator.next() != nil
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first
        }
    }

    @Test func changesInAWatchedFolderAreReportedAndOthersAreNot() async throws {
        let notifier = try ChangeNotifier()
        #expect(try notifier.watch([root + "/watched"]))
        try "one".write(toFile: root + "/watched/page.md", atomically: false, encoding: .utf8)
        #expect(await event(from: notifier.events))
        // A rename over a file (an editor's atomic save) and a removal are events of the folder.
        try "two".write(toFile: root + "/watched/page.md", atomically: true, encoding: .utf8)
        #expect(await event(from: notifier.events))
        try FileManager.default.removeItem(atPath: root + "/watched/page.md")
        #expect(await event(from: notifier.events))
        // Only folders that were watched: neither a sibling nor a subfolder's contents.
        try "x".write(toFile: root + "/other/page.md", atomically: false, encoding: .utf8)
        try "y".write(toFile: root + "/watched/sub/page.md", atomically: false, encoding: .utf8)
        #expect(await event(from: notifier.events, within: .milliseconds(300)) == false)
    }

    @Test func aFolderNotWatchedBeforeAsksForAnotherLook() throws {
        let notifier = try ChangeNotifier()
        #expect(try notifier.watch([root + "/watched"]))
        #expect(try notifier.watch([root + "/watched"]) == false)
        #expect(try notifier.watch([root + "/watched", root + "/watched/sub"]))
        // Removed and made again: the old watch went with the folder.
        try FileManager.default.removeItem(atPath: root + "/watched/sub")
        try FileManager.default.createDirectory(atPath: root + "/watched/sub", withIntermediateDirectories: false)
        #expect(try notifier.watch([root + "/watched", root + "/watched/sub"]))
        // Gone since the look: skipped, its parent's event covers it.
        #expect(try notifier.watch([root + "/missing"]) == false)
        #expect(throws: ChangeNotifier.Unavailable.self) {
            _ = try notifier.watch([root + "/" + String(repeating: "x", count: 5000)])
        }
    }

    /// The configuration names the watched folders and is itself in the look: when it changes
    /// during the look, the paths read after it differ, and the look is taken again for them.
    @Test func aLookCoversThePathsReadAfterIt() throws {
        try "a".write(toFile: root + "/other/page.md", atomically: false, encoding: .utf8)
        var reads = 0
        let look = SourceWatcher.look(paths: {
            reads += 1
            return [root + (reads == 1 ? "/watched" : "/other")]
        })
        #expect(look.paths == [root + "/other"])
        #expect(look.snapshot[root + "/other/page.md"] != nil)
        #expect(look.snapshot[root + "/watched/sub"] == nil)
        #expect(reads == 3, "read until two reads agree")

        // The look that found the last change serves while the paths are the same, not after.
        let earlier = SourceWatcher.Look(paths: [root + "/other"], snapshot: ["marker": look.snapshot[root + "/other/page.md"]!])
        #expect(SourceWatcher.look(paths: { [root + "/other"] }, reusing: earlier).snapshot.keys.sorted() == ["marker"])
        #expect(SourceWatcher.look(paths: { [root + "/watched"] }, reusing: earlier).snapshot[root + "/watched/sub"] != nil)
    }

    @Test func theWatchedFoldersAreEveryFolderAndTheOnesHoldingTheWatchedPaths() throws {
        try "site: {}".write(toFile: root + "/resetkit.yaml", atomically: false, encoding: .utf8)
        let watcher = SourceWatcher(paths: [root + "/resetkit.yaml", root + "/watched", root + "/missing/deeper/content"])
        #expect(watcher.folders(in: watcher.snapshot()) == [root, root + "/watched", root + "/watched/sub"])
        #expect(SourceWatcher.existingParent(of: "resetkit.yaml") == ".")
        #expect(SourceWatcher.existingParent(of: "/") == "/")
    }
}
