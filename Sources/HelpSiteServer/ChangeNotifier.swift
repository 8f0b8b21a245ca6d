import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Tells serve's rebuild loop *when* to look at the sources (Linux inotify), so that it looks only
/// after something happened in a watched folder instead of every 200 ms: each look stats every
/// file, which on a site of ten thousand pages kept an idle serve at 12 % of a core. What changed is
/// still decided by comparing `SourceWatcher` snapshots; an event only says that a look is due.
final class ChangeNotifier {
    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    private let descriptor: Int32
    private let source: any DispatchSourceRead
    /// One element per burst of events (newer ones replace an unread one).
    let events: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation
    /// Set by every burst, cleared by `settled()`.
    private let pending = Flag()
    /// Watch descriptors seen so far: a new one means a folder that was not watched before.
    private let watches = Mutex<Set<Int32>>([])
    private static let mask = UInt32(IN_CREATE | IN_DELETE | IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE
        | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE_SELF | IN_MOVE_SELF)

    init() throws(Unavailable) {
        let descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard descriptor >= 0 else { throw Self.failure("cannot use inotify") }
        self.descriptor = descriptor
        (events, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        source = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: DispatchQueue(label: "helpsite.changes"))
        source.setEventHandler { [pending, continuation] in
            // Every event is read and dropped: which files changed is the snapshots' business.
            withUnsafeTemporaryAllocation(byteCount: 64 * 1024, alignment: MemoryLayout<inotify_event>.alignment) { buffer in
                while read(descriptor, buffer.baseAddress, buffer.count) > 0 {}
            }
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

    /// Watches `folders` (adding a folder already watched changes nothing). Returns whether one of
    /// them was not watched before: then the caller must look once more, since a file may have
    /// changed in it between the look that found the folder and now. Throws when a folder cannot
    /// be watched for another reason than having gone (the system's limit on watches).
    func watch(_ folders: some Sequence<String>) throws(Unavailable) -> Bool {
        var added = false
        for folder in folders {
            let watch = inotify_add_watch(descriptor, folder, Self.mask)
            if watch < 0 {
                if errno == ENOENT || errno == ENOTDIR { continue }  // gone since the look: its parent's event says so
                throw Self.failure("cannot watch \(folder)")
            }
            if watches.withLock({ $0.insert(watch).inserted }) { added = true }
        }
        return added
    }

    /// Waits until events stop coming for `quiet` (at most `limit` in all), so that a save made of
    /// several writes is looked at once it is complete.
    func settled(quiet: Duration, limit: Int = 10) async {
        for _ in 0..<limit {
            pending.value.store(false, ordering: .relaxed)
            try? await Task.sleep(for: quiet)
            if !pending.value.load(ordering: .acquiring) { return }
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
