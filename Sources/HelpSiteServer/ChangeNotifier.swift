import CFileSystemType
import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Tells serve's rebuild loop *when* to look at the sources (Linux inotify), so that it looks only
/// after something happened in a watched folder instead of every 200 ms: each look stats every
/// file, which on a site of ten thousand pages kept an idle serve at 12 % of a core. What changed is
/// still decided by comparing `SourceWatcher` snapshots; an event only says that a look is due.
/// One rebuild loop owns it.
final class ChangeNotifier {
    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    private let descriptor: Int32
    private let source: any DispatchSourceRead
    private let continuation: AsyncStream<Void>.Continuation
    /// Wakes `wait()`; one element per burst of events (a newer one replaces an unread one).
    private var wakeUps: AsyncStream<Void>.Iterator
    /// Set by every burst that may concern a source; `wait()` and `settled()` clear it.
    private let pending = Flag()
    /// The folders watched now, with their watch descriptors.
    private var watched: [String: Int32] = [:]
    /// The entries that matter in folders watched for a few entries only, by watch descriptor.
    private let filters = Filters()
    /// Every watch descriptor handed out (the kernel does not reuse them soon): a new one means a
    /// folder that was not watched before, or was made again.
    private var seenWatches: Set<Int32> = []
    private static let mask = UInt32(IN_CREATE | IN_DELETE | IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE
        | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF)

    init() throws(Unavailable) {
        let descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else {
            if errno == EMFILE {
                throw Unavailable(description: "the system's limit on inotify instances is reached (raise fs.inotify.max_user_instances)")
            }
            throw Self.failure("cannot use inotify")
        }
        self.descriptor = descriptor
        let (events, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.continuation = continuation
        wakeUps = events.makeAsyncIterator()
        source = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: DispatchQueue(label: "helpsite.changes"))
        source.setEventHandler { [pending, continuation, filters] in
            var concerns = false
            let names = filters.value.withLock { $0 }
            withUnsafeTemporaryAllocation(byteCount: 64 * 1024, alignment: MemoryLayout<inotify_event>.alignment) { buffer in
                while case let count = read(descriptor, buffer.baseAddress, buffer.count), count > 0 {
                    if Self.concernSources(UnsafeRawBufferPointer(rebasing: buffer[..<count]), names: names) { concerns = true }
                }
            }
            guard concerns else { return }
            pending.value.store(true, ordering: .releasing)
            continuation.yield()
        }
        source.setCancelHandler { close(descriptor) }
        source.resume()
    }

    deinit {
        continuation.finish()
        source.cancel()
    }

    /// Watches exactly `folders`: adds the new ones and drops those no longer listed (a folder the
    /// configuration no longer names, one moved away). Returns whether one was not watched before:
    /// then the caller must look once more, since a file may have changed in it between the look
    /// that found the folder and now. A folder that is gone or cannot be read is skipped (the look
    /// cannot list it either). Throws, so that the caller polls instead, when the system's limit on
    /// watches is reached or a folder is on a network file system.
    func watch(_ folders: SourceWatcher.Folders) throws(Unavailable) -> Bool {
        var added = false
        var now: [String: Int32] = [:]
        var names: [Int32: Set<String>?] = [:]
        for folder in folders.all {
            if let kind = Self.networkFileSystem(at: folder) {
                throw Unavailable(description: "\(folder) is on a \(kind) file system, whose changes the system may not report")
            }
            let watch = inotify_add_watch(descriptor, folder, Self.mask)
            guard watch >= 0 else {
                switch errno {
                case ENOENT, ENOTDIR, EACCES: continue
                case ENOSPC: throw Unavailable(description: "the system's limit on inotify watches is reached (raise fs.inotify.max_user_watches)")
                default: throw Self.failure("cannot watch \(folder)")
                }
            }
            now[folder] = watch
            // Two paths to one folder share a watch: the entries either needs matter.
            let wanted = folders.names(in: folder)
            if let earlier = names[watch] {
                names[watch] = earlier.flatMap { earlier in wanted.map { earlier.union($0) } }
            } else {
                names[watch] = wanted
            }
            if seenWatches.insert(watch).inserted { added = true }
        }
        filters.value.withLock { $0 = names.compactMapValues { $0 } }
        // Two paths to one folder (a symbolic link) share a watch: drop it only when no path needs it.
        let kept = Set(now.values)
        for (folder, watch) in watched where now[folder] == nil && !kept.contains(watch) {
            inotify_rm_watch(descriptor, watch)
        }
        watched = now
        return added
    }

    /// Waits for an event that may concern a source since the last `wait` or `settled`; false once
    /// the task is cancelled.
    func wait() async -> Bool {
        while !pending.value.exchange(false, ordering: .acquiringAndReleasing) {
            guard await wakeUps.next() != nil else { return false }
        }
        return true
    }

    /// Waits until such events stop coming for `quiet` (at most `limit` times), so that a save
    /// made of several writes is looked at once it is complete.
    func settled(quiet: Duration, limit: Int = 10) async {
        for _ in 0..<limit {
            pending.value.store(false, ordering: .relaxed)
            try? await Task.sleep(for: quiet)
            if !pending.value.load(ordering: .acquiring) { return }
        }
    }

    /// Whether events arrived that may concern a source and no `wait` or `settled` took them yet.
    var hasPendingEvents: Bool { pending.value.load(ordering: .acquiring) }

    /// Whether a batch of inotify events holds one that may concern a source: an event of a
    /// watched folder itself, an overflowed queue, or one about an entry that a look would see
    /// (not a hidden file, such as the build's lock and staging folders or an editor's swap file,
    /// nor a backup `~` file) and that `names` lists for its folder's watch, if it lists any.
    static func concernSources(_ events: UnsafeRawBufferPointer, names: [Int32: Set<String>]) -> Bool {
        let header = MemoryLayout<inotify_event>.size
        var offset = 0
        while offset + header <= events.count {
            let event = events.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
            let nameStart = offset + header
            let nameEnd = min(nameStart + Int(event.len), events.count)
            offset = nameEnd
            if event.mask & UInt32(IN_Q_OVERFLOW) != 0 { return true }
            if event.mask & UInt32(IN_IGNORED) != 0 { continue }  // a watch went; the folder's own event says why
            let bytes = events[nameStart..<nameEnd].prefix { $0 != 0 }
            if bytes.isEmpty { return true }
            let name = String(decoding: bytes, as: UTF8.self)
            if let wanted = names[event.wd] {
                if wanted.contains(name) { return true }
            } else if SourceWatcher.isWatched(entry: name) {
                return true
            }
        }
        return false
    }

    /// The kind of network file system `folder` is on, or nil: on those the system may report no
    /// changes made by other machines (NFS, SMB, 9p as in WSL2's /mnt, FUSE as in sshfs and
    /// container shares).
    static func networkFileSystem(at folder: String) -> String? {
        let type = file_system_type(folder)
        guard type >= 0 else { return nil }
        return networkFileSystem(type: UInt32(truncatingIfNeeded: type))
    }

    static func networkFileSystem(type: UInt32) -> String? {
        switch type {
        case 0x6969: "NFS"
        case 0x517B, 0xFF53_4D42, 0xFE53_4D42: "SMB"
        case 0x0102_1997: "9p"
        case 0x6573_5546: "FUSE"
        case 0x00C3_6400: "Ceph"
        case 0x5346_414F: "AFS"
        case 0x7375_7245: "Coda"
        default: nil
        }
    }

    private static func failure(_ what: String) -> Unavailable {
        Unavailable(description: "\(what): \(String(cString: strerror(errno)))")
    }
}

/// A flag the event handler (on its dispatch queue) sets and the rebuild loop reads.
private final class Flag: Sendable {
    let value = Atomic(false)
}

/// The entries that matter per watch, shared with the event handler.
private final class Filters: Sendable {
    let value = Mutex<[Int32: Set<String>]>([:])
}
