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

    func whole(_ folders: Set<String>) -> SourceWatcher.Folders {
        SourceWatcher.Folders(whole: folders)
    }

    /// Whether an event that concerns a source arrives within `timeout`.
    func event(_ notifier: ChangeNotifier, within timeout: Duration = .seconds(2)) -> Bool {
        let clock = ContinuousClock()
        let start = clock.now
        while clock.now - start < timeout {
            if notifier.hasPendingEvents { return true }
            usleep(5_000)
        }
        return false
    }

    @Test func changesInAWatchedFolderAreReportedAndOthersAreNot() async throws {
        let notifier = try ChangeNotifier()
        #expect(try notifier.watch(whole([root + "/watched"])))
        try "one".write(toFile: root + "/watched/page.md", atomically: false, encoding: .utf8)
        #expect(event(notifier))
        await notifier.settled(quiet: .milliseconds(50))
        // A rename over a file (an editor's atomic save) and a removal are events of the folder.
        try "two".write(toFile: root + "/watched/page.md", atomically: true, encoding: .utf8)
        #expect(event(notifier))
        await notifier.settled(quiet: .milliseconds(50))
        try FileManager.default.removeItem(atPath: root + "/watched/page.md")
        #expect(event(notifier))
        await notifier.settled(quiet: .milliseconds(50))
        // Not a sibling, not a subfolder's contents, not hidden or backup files (the build's lock,
        // editors' swap files), which a look skips too.
        try "x".write(toFile: root + "/other/page.md", atomically: false, encoding: .utf8)
        try "y".write(toFile: root + "/watched/sub/page.md", atomically: false, encoding: .utf8)
        try "z".write(toFile: root + "/watched/.public.lock", atomically: false, encoding: .utf8)
        try "z".write(toFile: root + "/watched/page.md~", atomically: false, encoding: .utf8)
        #expect(event(notifier, within: .milliseconds(300)) == false)
        // A wait returns once a concerning event came.
        try "three".write(toFile: root + "/watched/page.md", atomically: false, encoding: .utf8)
        #expect(await notifier.wait())
        #expect(notifier.hasPendingEvents == false)
    }

    @Test func aFolderNotWatchedBeforeAsksForAnotherLook() throws {
        let notifier = try ChangeNotifier()
        #expect(try notifier.watch(whole([root + "/watched"])))
        #expect(try notifier.watch(whole([root + "/watched"])) == false)
        #expect(try notifier.watch(whole([root + "/watched", root + "/watched/sub"])))
        // Removed and made again: the old watch went with the folder.
        try FileManager.default.removeItem(atPath: root + "/watched/sub")
        try FileManager.default.createDirectory(atPath: root + "/watched/sub", withIntermediateDirectories: false)
        #expect(try notifier.watch(whole([root + "/watched", root + "/watched/sub"])))
        // Gone since the look: skipped, its parent's event covers it.
        #expect(try notifier.watch(whole([root + "/watched", root + "/missing"])) == false)
        #expect(throws: ChangeNotifier.Unavailable.self) {
            _ = try notifier.watch(whole([root + "/" + String(repeating: "x", count: 5000)]))
        }
    }

    @Test func foldersNoLongerListedAreNoLongerWatched() async throws {
        let notifier = try ChangeNotifier()
        #expect(try notifier.watch(whole([root + "/watched"])))
        #expect(try notifier.watch(whole([root + "/other"])))
        try "x".write(toFile: root + "/watched/page.md", atomically: false, encoding: .utf8)
        #expect(event(notifier, within: .milliseconds(300)) == false)
        try "x".write(toFile: root + "/other/page.md", atomically: false, encoding: .utf8)
        #expect(event(notifier))
    }

    /// An edit of a linked file's target is an event of the target's folder, which is watched too.
    @Test func theTargetsOfSymbolicLinksAreWatched() async throws {
        let outside = root + "/outside"
        try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: false)
        try "target".write(toFile: outside + "/linked.md", atomically: false, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: root + "/watched/linked.md", withDestinationPath: outside + "/linked.md")
        let watcher = SourceWatcher(paths: [root + "/watched"])
        let before = watcher.snapshot()
        let folders = watcher.folders(in: before)
        #expect(folders.entries[outside] == ["linked.md"])
        let notifier = try ChangeNotifier()
        _ = try notifier.watch(folders)
        try "edited target".write(toFile: outside + "/linked.md", atomically: false, encoding: .utf8)
        #expect(event(notifier))
        #expect(SourceWatcher.changes(from: before, to: watcher.snapshot()) == [root + "/watched/linked.md"])
    }

    @Test func networkFileSystemsAreRecognised() {
        #expect(ChangeNotifier.networkFileSystem(type: 0x6969) == "NFS")
        #expect(ChangeNotifier.networkFileSystem(type: 0xFF53_4D42) == "SMB")
        #expect(ChangeNotifier.networkFileSystem(type: 0x0102_1997) == "9p")
        #expect(ChangeNotifier.networkFileSystem(type: 0x6573_5546) == "FUSE")
        #expect(ChangeNotifier.networkFileSystem(type: 0xEF53) == nil, "ext4")
        #expect(ChangeNotifier.networkFileSystem(type: 0x0102_1994) == nil, "tmpfs")
        #expect(ChangeNotifier.networkFileSystem(at: root) == nil, "the test's own folder is local")
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

    @Test func theWatchedFoldersAreEveryFolderAndTheOnesHoldingTheWatchedPathsForThosePaths() async throws {
        try "site: {}".write(toFile: root + "/resetkit.yaml", atomically: false, encoding: .utf8)
        let watcher = SourceWatcher(paths: [root + "/resetkit.yaml", root + "/watched", root + "/missing/deeper/content"])
        let folders = watcher.folders(in: watcher.snapshot())
        #expect(folders.whole == [root + "/watched", root + "/watched/sub"])
        #expect(folders.entries == [root: ["resetkit.yaml", "watched", "missing"]])
        #expect(SourceWatcher.existingParent(of: "resetkit.yaml") == ".")
        #expect(SourceWatcher.existingParent(of: "/") == "/")

        // In the configuration's folder only the watched names matter: not a log written there.
        let notifier = try ChangeNotifier()
        _ = try notifier.watch(folders)
        try "log line".write(toFile: root + "/serve.log", atomically: false, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: root + "/public", withIntermediateDirectories: false)
        #expect(event(notifier, within: .milliseconds(300)) == false)
        try "site: {title: T}".write(toFile: root + "/resetkit.yaml", atomically: true, encoding: .utf8)
        #expect(event(notifier))
        await notifier.settled(quiet: .milliseconds(50))
        try FileManager.default.createDirectory(atPath: root + "/missing", withIntermediateDirectories: false)
        #expect(event(notifier), "a missing watched path's first folder appearing")
    }
}
