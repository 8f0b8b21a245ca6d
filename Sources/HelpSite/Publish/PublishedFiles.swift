import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// What the last build in this process published (`helpsite serve`): every file's contents (a
/// copied file's digest) and the folder's identity, so that the next build can write only what
/// differs. Texts share their storage with the render cache's, so keeping them costs little memory.
final class PublishedFiles: Sendable {
    enum Contents: Equatable, Sendable {
        case text(String)
        /// A copied file, by digest: keeping its bytes would hold every video in memory.
        case file(FileDigest)
    }

    struct Folder: Sendable {
        /// The output folder, absolute.
        var path: String
        /// Its device and inode when it was published: a folder swapped in by another build (or
        /// made anew by hand) has other ones, and is then not ours to patch.
        var identity: Identity
        var files: [String: Contents]
        var directories: Set<String>
    }

    struct Identity: Equatable, Sendable {
        var device: UInt64
        var inode: UInt64

        init?(path: String) {
            var status = stat()
            guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFDIR else { return nil }
            device = UInt64(status.st_dev)
            inode = UInt64(status.st_ino)
        }
    }

    private let state = Mutex<Folder?>(nil)

    init() {}

    /// The last published folder, if it is `path` and is still the folder that build published.
    func folder(at path: String) -> Folder? {
        guard let folder = state.withLock({ $0 }), folder.path == path, Identity(path: path) == folder.identity else { return nil }
        return folder
    }

    /// Records a successful publish of `files` into `path`.
    func record(path: String, files: [String: Contents], directories: Set<String>) {
        let folder = Identity(path: path).map { Folder(path: path, identity: $0, files: files, directories: directories) }
        state.withLock { $0 = folder }
    }

    /// After a publish that failed half-way the folder's state is unknown: the next build is staged.
    func forget() {
        state.withLock { $0 = nil }
    }
}
