#if canImport(Glibc)
import Glibc
#endif
import Foundation
import HelpSite

/// Notices edits by comparing what `stat` says about every file under the watched paths. A look is
/// portable and exact; `ChangeNotifier` says when one is worth taking (at ten thousand files a look
/// costs ≈ 25 ms of CPU).
struct SourceWatcher: Sendable {
    struct Stamp: Equatable, Sendable {
        var file: FileStamp
        /// Reached through a symbolic link (`file` is the target's).
        var isLink = false

        var isFolder: Bool { file.isFolder }
    }

    /// Files (and folders, whose stamps change when entries come and go) by path.
    typealias Snapshot = [String: Stamp]

    /// Files and folders to watch; a missing one is watched for its appearance.
    var paths: [String]

    /// A snapshot and the paths it covers.
    struct Look: Sendable {
        var paths: [String]
        var snapshot: Snapshot
    }

    /// A look whose paths were read after it. The paths come from the configuration, whose file is
    /// part of the look, so they are read again after it until they match: an edit of the
    /// configuration during the look would otherwise leave the folders it now names unwatched.
    /// `earlier` (the look that found the last change) serves when its paths are the current ones.
    static func look(paths read: () -> [String], reusing earlier: Look? = nil) -> Look {
        var paths = read()
        var snapshot = earlier.flatMap { $0.paths == paths ? $0.snapshot : nil } ?? SourceWatcher(paths: paths).snapshot()
        while case let current = read(), current != paths {
            paths = current
            snapshot = SourceWatcher(paths: paths).snapshot()
        }
        return Look(paths: paths, snapshot: snapshot)
    }

    func snapshot() -> Snapshot {
        var files: Snapshot = [:]
        for path in paths { add(path, to: &files) }
        return files
    }

    /// Folders to watch, and which of their entries matter.
    struct Folders: Equatable {
        /// Folders every entry of which matters (those in the snapshot).
        var whole: Set<String> = []
        /// Other folders, with the only entries in them that matter.
        var entries: [String: Set<String>] = [:]

        var all: Set<String> { whole.union(entries.keys) }

        /// The entries of `folder` that matter; nil for all of them.
        func names(in folder: String) -> Set<String>? {
            whole.contains(folder) ? nil : entries[folder]
        }

        mutating func add(_ path: String) {
            let parent = SourceWatcher.existingParent(of: path)
            let rest = path.hasPrefix(parent + "/") ? path.dropFirst(parent.count + 1) : Substring(path)
            entries[parent, default: []].insert(String(rest.prefix { $0 != "/" }))
        }
    }

    /// The folders whose events matter for `snapshot`: each folder in it; the folder holding each
    /// watched path, for that path only (a file such as the configuration may be replaced by
    /// renaming another over it; a missing path may appear; a log written beside it must not cause
    /// looks); and the folder holding the target of each symbolic link, for that target (an edit of
    /// the target is an event there only). Folders only: events of a folder cover its entries.
    func folders(in snapshot: Snapshot) -> Folders {
        var folders = Folders()
        for (path, stamp) in snapshot where stamp.isFolder || stamp.isLink {
            if stamp.isFolder { folders.whole.insert(path) }
            if stamp.isLink, let target = Self.resolved(path) {
                if stamp.isFolder { folders.whole.insert(target) } else { folders.add(target) }
            }
        }
        for path in paths { folders.add(path) }
        return folders
    }

    /// The real path of `path`, symbolic links resolved.
    static func resolved(_ path: String) -> String? {
        guard let real = realpath(path, nil) else { return nil }
        defer { free(real) }
        return String(cString: real)
    }

    /// Whether a folder entry of this name is looked at: editors' swap files, hidden files (the
    /// build's lock and staging folders among them) and backups are not sources.
    static func isWatched(entry name: String) -> Bool {
        !name.hasPrefix(".") && !name.hasSuffix("~")
    }

    /// The nearest folder above `path` that exists.
    static func existingParent(of path: String) -> String {
        var current = path
        while true {
            guard let slash = current.lastIndex(of: "/") else { return "." }
            current = slash == current.startIndex ? "/" : String(current[..<slash])
            var info = stat()
            if current == "/" || (stat(current, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR) { return current }
        }
    }

    /// The paths that differ between two snapshots, sorted.
    static func changes(from old: Snapshot, to new: Snapshot) -> [String] {
        var changed = Set<String>()
        for (path, stamp) in new where old[path] != stamp { changed.insert(path) }
        for path in old.keys where new[path] == nil { changed.insert(path) }
        // A folder changes when an entry in it is added, removed or replaced; name the entry.
        return changed.filter { path in !changed.contains { $0.hasPrefix(path + "/") } }.sorted()
    }

    private func add(_ path: String, to files: inout Snapshot) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return }
        // A link is followed (one more call only for links): the build reads what it points at.
        let isLink = (info.st_mode & S_IFMT) == S_IFLNK
        if isLink, stat(path, &info) != 0 { return }
        let stamp = Stamp(file: FileStamp(info), isLink: isLink)
        files[path] = stamp
        guard stamp.isFolder, let entries = try? FileManager.default.contentsOfDirectory(atPath: path) else { return }
        for entry in entries where Self.isWatched(entry: entry) {
            add(path + "/" + entry, to: &files)
        }
    }
}
