import Diagnostics
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Page texts read by earlier builds in this process (`helpsite serve`), reused while the file's
/// status is unchanged, so a rebuild reads only the files that were edited.
///
/// The stamp (`FileStamp`) holds the change time, which no tool can set back. File times are kept at the kernel's clock tick, so a second write within the same tick
/// could leave the stamp as it was: a file whose status changed less than two clock seconds before
/// it was read is therefore not kept and is read again by the next build (git's "racily clean" rule).
final class SourceCache: Sendable {
    typealias Stamp = FileStamp

    private let entries = Mutex<[String: (stamp: Stamp, text: String)]>([:])

    /// How many texts the last calls read from disk (for tests).
    private let reads = Mutex(0)

    /// How long before a read the file's last change must be for the text to be kept; tests that
    /// count reads of files they have just written set 0.
    private let settledSeconds: Int

    init(settledSeconds: Int = 2) {
        self.settledSeconds = settledSeconds
    }

    /// The texts kept so far, for a build to look up without taking the lock once per file.
    var snapshot: [String: (stamp: Stamp, text: String)] { entries.withLock { $0 } }

    /// The file's text, from the cache when its stamp is the one it had when it was read.
    /// - Parameter kept: `snapshot`, taken once for the whole build.
    func text(at path: String, display: String, kept: [String: (stamp: Stamp, text: String)]? = nil) throws(Diagnostic) -> String {
        let before = Stamp(path: path)
        if let before, let cached = kept?[path] ?? entries.withLock({ $0[path] }), cached.stamp == before {
            return cached.text
        }
        var readStart = timespec()
        clock_gettime(CLOCK_REALTIME, &readStart)
        let text = try readUTF8File(path, display: display)
        reads.withLock { $0 += 1 }
        // Kept only when nothing changed the file while it was read and its last change is old
        // enough that a later one must show in the stamp.
        if let before, Stamp(path: path) == before, before.changed.tv_sec <= readStart.tv_sec - settledSeconds {
            entries.withLock { $0[path] = (before, text) }
        } else {
            entries.withLock { _ = $0.removeValue(forKey: path) }
        }
        return text
    }

    /// Files read from disk so far (cache misses).
    var readCount: Int { reads.withLock { $0 } }
}
