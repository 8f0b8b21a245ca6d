import Diagnostics
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Serve's rebuilds: the previous build's folder is patched instead of replaced. Files are compared
/// with what that build published and only the ones that differ are kept (texts in memory, copies
/// as their source's path, streamed then) until `publish()`, which writes each through a temporary file renamed over the old one, then removes
/// the files and folders the new build no longer makes. The folder then holds exactly what a
/// clean build writes. A reader may see some pages of the new build beside old ones for the
/// moment `publish()` takes; each file on its own is always whole.
final class IncrementalOutput: SiteOutput {
    private let previous: PublishedFiles.Folder
    private let published: PublishedFiles
    private let display: String
    private let lock: OutputLock
    private struct Changes {
        /// Every file this build makes (listed up front, by `createDirectories`), by output path.
        var outputs: Set<String> = []
        /// The ones whose contents differ from the previous build's.
        var changed: [String: PublishedFiles.Contents] = [:]
        /// Copied files whose digest differs, by output path: their sources.
        var copies: [String: String] = [:]
        var directories: [String] = []
    }
    private let changes = Mutex(Changes())

    /// Nil when the folder is not the one the previous build published (then a staged build runs).
    init?(target: String, display: String, parent: String, name: String, published: PublishedFiles) throws(Diagnostic) {
        guard published.folder(at: target) != nil else { return nil }
        lock = try OutputLock(parent: parent, name: name, location: SourceLocation(file: display))
        // Looked at again under the lock: another build may have swapped the folder meanwhile.
        guard let previous = published.folder(at: target) else {
            lock.release()
            return nil
        }
        self.previous = previous
        self.published = published
        self.display = display
    }

    /// Only the files that changed.
    var writtenCount: Int { changes.withLock { $0.changed.count + $0.copies.count } }

    func createDirectories(for paths: [String]) throws(Diagnostic) {
        let folders = foldersHolding(paths)
        let outputs = Set(paths).union([StagedOutput.marker])
        changes.withLock {
            $0.directories = folders
            $0.outputs = outputs
        }
    }

    func write(_ path: String, _ contents: String) throws(Diagnostic) {
        note(path, .text(contents))
    }

    func copy(from source: String, to path: String) throws(Diagnostic) {
        // Hashed piece by piece, then copied the same way in `publish()` if it changed.
        switch FileCopy.digest(of: source) {
        case .success(let digest):
            if previous.files[path] == .file(digest) { return }
            changes.withLock { $0.copies[path] = source }
        case .failure(let failure): throw .error("cannot copy \(source): \(failure.reason)", at: SourceLocation(file: display + "/" + path))
        }
    }

    private func note(_ path: String, _ contents: PublishedFiles.Contents) {
        // Texts the render cache handed out again share their storage, so most comparisons end
        // at the first check of `==`, and nothing is locked for an unchanged file.
        if previous.files[path] == contents { return }
        changes.withLock { $0.changed[path] = contents }
    }

    func publish() throws(Diagnostic) {
        defer { lock.release() }
        let changes = changes.withLock { $0 }
        let root = previous.path
        do throws(Diagnostic) {
            // What goes away first: a file may be replaced by a folder of the same name, or a
            // folder by a file.
            var files = previous.files
            for path in previous.files.keys where !changes.outputs.contains(path) {
                if unlink(root + "/" + path) != 0 && errno != ENOENT { throw failure("cannot remove file", path) }
                files[path] = nil
            }
            let kept = Set(changes.directories)
            // Deepest first, so a folder is empty by the time it is removed.
            for folder in previous.directories.subtracting(kept).sorted(by: >) {
                rmdir(root + "/" + folder)
            }
            for folder in changes.directories where !previous.directories.contains(folder) {
                if mkdir(root + "/" + folder, 0o755) != 0 && errno != EEXIST {
                    throw failure("cannot create folder", folder)
                }
            }
            for (path, contents) in changes.changed.sorted(by: { $0.key < $1.key }) {
                try replace(path) { descriptor in
                    switch contents {
                    case .text(var text): text.withUTF8 { writeAll(descriptor, UnsafeRawBufferPointer($0)) }
                    case .file: false // copies are in `changes.copies`
                    }
                }
                files[path] = contents
            }
            for (path, source) in changes.copies.sorted(by: { $0.key < $1.key }) {
                // The digest of what was copied, so a source edited since `copy` is copied again next time.
                files[path] = .file(try replace(path, copying: source))
            }
            published.record(path: root, files: files, directories: kept)
        } catch {
            published.forget()
            throw error
        }
    }

    func discard() {
        lock.release()
    }

    /// The file written beside `path`, renamed over it so the old file is replaced whole.
    private func temporary(for path: String) -> String {
        SitePath.directory(of: previous.path + "/" + path) + "/.helpsite-new-" + SitePath.fileName(of: path)
    }

    /// Writes `path` through `write` (false on failure, errno set) and a temporary file.
    private func replace(_ path: String, write: (Int32) -> Bool) throws(Diagnostic) {
        let temporary = temporary(for: path)
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw failure("cannot write file", path) }
        let written = write(descriptor)
        let code = errno
        close(descriptor)
        guard written else {
            unlink(temporary)
            errno = code
            throw failure("cannot write file", path)
        }
        try moveIntoPlace(temporary, path)
    }

    /// Copies `source` to `path` through a temporary file, streamed; the digest of what was copied.
    private func replace(_ path: String, copying source: String) throws(Diagnostic) -> FileDigest {
        let temporary = temporary(for: path)
        switch FileCopy.copyWithDigest(from: source, to: temporary) {
        case .success(let digest):
            try moveIntoPlace(temporary, path)
            return digest
        case .failure(let failure):
            unlink(temporary)
            throw failure.diagnostic(source: source, at: SourceLocation(file: display + "/" + path))
        }
    }

    private func moveIntoPlace(_ temporary: String, _ path: String) throws(Diagnostic) {
        let target = previous.path + "/" + path
        guard rename(temporary, target) == 0 else {
            let code = errno
            unlink(temporary)
            errno = code
            throw failure("cannot write file", path)
        }
    }

    private func failure(_ what: String, _ path: String) -> Diagnostic {
        .error("\(what): \(String(cString: strerror(errno)))", at: SourceLocation(file: display + "/" + path))
    }
}
