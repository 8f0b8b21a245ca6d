#if canImport(Glibc)
import Glibc
#endif

/// What `stat` says of a file that changes whenever its contents may have: device, inode, size,
/// modification time and change time (`ctime`, which no tool can set back). The build's source
/// cache keeps texts by it; serve's watcher compares looks by it.
package struct FileStamp: Equatable, Sendable {
    package var device: UInt64
    package var inode: UInt64
    package var size: Int64
    package var modified: timespec
    package var changed: timespec
    package var isFolder: Bool

    package init(device: UInt64 = 0, inode: UInt64, size: Int64, modified: timespec, changed: timespec, isFolder: Bool = false) {
        self.device = device
        self.inode = inode
        self.size = size
        self.modified = modified
        self.changed = changed
        self.isFolder = isFolder
    }

    package init(_ status: stat) {
        self.init(device: UInt64(status.st_dev), inode: UInt64(status.st_ino), size: Int64(status.st_size),
                  modified: status.st_mtim, changed: status.st_ctim, isFolder: (status.st_mode & S_IFMT) == S_IFDIR)
    }

    /// The stamp of `path`, symbolic links followed; nil when there is nothing there.
    package init?(path: String) {
        var status = stat()
        guard stat(path, &status) == 0 else { return nil }
        self.init(status)
    }

    package static func == (lhs: FileStamp, rhs: FileStamp) -> Bool {
        lhs.device == rhs.device && lhs.inode == rhs.inode && lhs.size == rhs.size && lhs.isFolder == rhs.isFolder
            && lhs.modified.tv_sec == rhs.modified.tv_sec && lhs.modified.tv_nsec == rhs.modified.tv_nsec
            && lhs.changed.tv_sec == rhs.changed.tv_sec && lhs.changed.tv_nsec == rhs.changed.tv_nsec
    }
}
