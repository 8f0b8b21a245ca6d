/// What git's history says about each file under the content folder: the days of its first and last
/// commit and the author of the first, following renames. Made from one `git log` of the whole
/// folder (`GitCheckout.history`), read newest commit first.
struct GitHistory: Sendable, Equatable {
    struct File: Sendable, Equatable {
        var created: CalendarDate
        var modified: CalendarDate
        var author: String
    }

    /// By path relative to the content folder, as git spells it (bytes as on disk).
    var files: [String: File]

    /// The `git log` arguments whose output `parse` reads: one header per commit (`\u{1}` author
    /// time, a space, the author's name after .mailmap), then its changes, all NUL-separated.
    static let logArguments = ["log", "-z", "--name-status", "-M", "--no-color", "--topo-order", "--format=%x01%at %aN"]

    /// Reads `git log` output (`logArguments`). `prefix` is the content folder's path from the
    /// repository's top (`docs/content/`, or empty); files outside it are left out.
    ///
    /// Renames are followed by walking back in time: a path's older commits belong to the file it
    /// was renamed to; a path that was added (or deleted) in a newer commit belongs, before that
    /// commit, to a file that is gone.
    static func parse(_ log: [UInt8], prefix: String) -> GitHistory {
        var walk = Walk()
        var commit: Commit?
        var fields = log.split(separator: 0, omittingEmptySubsequences: false)[...]
        while var field = fields.popFirst() {
            // A header or status follows the previous entry's NUL and a line break.
            if field.first == UInt8(ascii: "\n") { field = field.dropFirst() }
            guard let first = field.first else { continue }
            if first == 1 {
                if let commit { walk.apply(commit) }
                commit = Commit(header: field.dropFirst())
                continue
            }
            let paths = first == UInt8(ascii: "R") || first == UInt8(ascii: "C") ? 2 : 1
            guard fields.count >= paths else { break }
            let path = String(decoding: fields.removeFirst(), as: UTF8.self)
            let newPath = paths == 2 ? String(decoding: fields.removeFirst(), as: UTF8.self) : nil
            commit?.changes.append(Change(kind: first, path: newPath ?? path, renamedFrom: first == UInt8(ascii: "R") ? path : nil))
        }
        if let commit { walk.apply(commit) }

        var files: [String: File] = [:]
        for (path, file) in walk.files where path.hasPrefix(prefix) {
            files[String(path.dropFirst(prefix.count))] = file
        }
        return GitHistory(files: files)
    }

    private struct Change {
        var kind: UInt8
        var path: String
        var renamedFrom: String?
    }

    private struct Commit {
        var seconds: Int64 = 0
        var author = ""
        var changes: [Change] = []

        init(header: ArraySlice<UInt8>) {
            let space = header.firstIndex(of: UInt8(ascii: " ")) ?? header.endIndex
            seconds = Int64(String(decoding: header[..<space], as: UTF8.self)) ?? 0
            if space < header.endIndex { author = String(decoding: header[header.index(after: space)...], as: UTF8.self) }
        }
    }

    /// The state of the walk back through history.
    private struct Walk {
        /// Which of today's files each path belonged to at the point reached: a path not listed is
        /// today's file of that name; `.some(nil)` a file that no longer exists.
        var owner: [String: String?] = [:]
        var files: [String: File] = [:]
        /// The author time of each file's first commit so far (ties: the older commit wins).
        var firstSeconds: [String: Int64] = [:]
        var lastSeconds: [String: Int64] = [:]

        func resolve(_ path: String) -> String? {
            if let known = owner[path] { return known }
            return path
        }

        mutating func apply(_ commit: Commit) {
            // Resolved against the state before the commit, then updated: a commit may swap names.
            let owners = commit.changes.map { resolve($0.path) }
            for (change, file) in zip(commit.changes, owners) {
                let deleted = change.kind == UInt8(ascii: "D")
                // A deletion concerns no file of today: one of that name now was added after it.
                if let file, !deleted { touch(file, commit) }
                if deleted || change.kind == UInt8(ascii: "A") || change.kind == UInt8(ascii: "C") || change.renamedFrom != nil {
                    owner[change.path] = .some(nil)
                }
            }
            for (change, file) in zip(commit.changes, owners) {
                if let old = change.renamedFrom { owner[old] = .some(file) }
            }
        }

        mutating func touch(_ file: String, _ commit: Commit) {
            let date = CalendarDate(secondsSince1970: commit.seconds)
            guard var known = files[file], let first = firstSeconds[file], let last = lastSeconds[file] else {
                files[file] = File(created: date, modified: date, author: commit.author)
                firstSeconds[file] = commit.seconds
                lastSeconds[file] = commit.seconds
                return
            }
            if commit.seconds <= first {
                known.created = date
                known.author = commit.author
                firstSeconds[file] = commit.seconds
            }
            if commit.seconds > last {
                known.modified = date
                lastSeconds[file] = commit.seconds
            }
            files[file] = known
        }
    }
}
