import CDirectorySwap
import Diagnostics
import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// The output folder, built beside the old one and swapped in whole. A reader (or a web server)
/// sees the previous complete site until the swap and the new complete site after it; a failed
/// or killed build leaves the previous site untouched. A lock file serialises concurrent builds.
final class StagedOutput: SiteOutput {
    /// The folder being replaced, e.g. `public`.
    let target: String
    /// The sibling being filled, e.g. `.public.staging-1234`.
    let staging: String
    private let display: String
    private let lock: OutputLock
    /// Serve's memory of what was published, filled in as files are written; nil for `helpsite build`.
    private let published: PublishedFiles?
    private let recorded = Mutex<(files: [String: PublishedFiles.Contents], directories: [String])>(([:], []))
    /// How many files the build said it writes.
    private let listed = Mutex(0)

    /// A file in every output folder: its presence says the folder is ours to replace.
    static let marker = ".helpsite-output"

    /// Takes the lock, checks that `target` may be replaced, clears leftovers of killed builds and
    /// creates an empty staging folder.
    /// - Parameter protected: folders the output must neither be nor contain (content, templates,
    ///   the configuration's folder), so a wrong `--output` cannot delete the sources.
    /// - Parameter published: serve's record of the published files, updated by `publish()`.
    init(target: String, display: String, protected: [String], published: PublishedFiles? = nil) throws(Diagnostic) {
        let (absolute, parent, name) = try Self.resolve(target: target, display: display, protected: protected)
        let location = SourceLocation(file: display)
        self.published = published
        do {
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw .error("cannot create the folder that holds the output: \(error.localizedDescription)", at: location)
        }
        lock = try OutputLock(parent: parent, name: name, location: location)
        self.target = absolute
        self.display = display
        staging = parent + "/." + name + ".staging-\(getpid())"
        do {
            try Self.checkReplaceable(absolute, display: display)
            // Under the lock no other build is running, so any staging folder left is from a build
            // that was killed.
            let prefix = "." + name + ".staging-"
            for leftover in (try? FileManager.default.contentsOfDirectory(atPath: parent)) ?? [] where leftover.hasPrefix(prefix) {
                try? FileManager.default.removeItem(atPath: parent + "/" + leftover)
            }
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: false)
            try write(Self.marker, "Made by helpsite. The whole folder is replaced by every build.\n")
        } catch {
            lock.release()
            if let diagnostic = error as? Diagnostic { throw diagnostic }
            throw .error("cannot create the staging folder \(staging): \(error.localizedDescription)", at: location)
        }
    }

    /// The output folder made absolute (symbolic links resolved), its parent and its name. It must
    /// neither be nor hold the `protected` folders, so a wrong `--output` cannot delete the sources.
    static func resolve(target: String, display: String, protected: [String]) throws(Diagnostic)
        -> (absolute: String, parent: String, name: String)
    {
        let absolute = URL(fileURLWithPath: target).standardizedFileURL.resolvingSymlinksInPath().path
        for folder in protected {
            let other = URL(fileURLWithPath: folder).standardizedFileURL.resolvingSymlinksInPath().path
            if absolute == other || other.hasPrefix(absolute == "/" ? "/" : absolute + "/") {
                throw .error("refusing to use this output folder: it contains the site's sources (\(folder))", at: SourceLocation(file: display))
            }
        }
        let parent = SitePath.directory(of: absolute).isEmpty ? "/" : SitePath.directory(of: absolute)
        return (absolute, parent, SitePath.fileName(of: absolute))
    }

    /// An existing output folder is only replaced when it is empty or was made by helpsite.
    private static func checkReplaceable(_ path: String, display: String) throws(Diagnostic) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else {
            throw .error("the output path exists and is not a folder", at: SourceLocation(file: display))
        }
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        if !entries.isEmpty && !entries.contains(marker) {
            throw .error("refusing to replace this folder: it was not made by helpsite (no \(marker) file); remove it or choose another --output", at: SourceLocation(file: display))
        }
    }

    /// Creates the folders the outputs go into, before files are written in parallel.
    func createDirectories(for paths: [String]) throws(Diagnostic) {
        let folders = foldersHolding(paths)
        listed.withLock { $0 = paths.count }
        if published != nil { recorded.withLock { $0.directories = folders } }
        for folder in folders {
            do {
                try FileManager.default.createDirectory(atPath: staging + "/" + folder, withIntermediateDirectories: true)
            } catch {
                throw .error("cannot create folder: \(error.localizedDescription)", at: SourceLocation(file: display + "/" + folder))
            }
        }
    }

    /// Writes a new file in the staging folder. Plain write(2), no fsync: the folder becomes the
    /// site only through the rename in `publish()`, so a crash before it leaves the old site, and
    /// per-file syncs would cost more than all the rendering.
    func write(_ path: String, _ contents: String) throws(Diagnostic) {
        if published != nil { recorded.withLock { $0.files[path] = .text(contents) } }
        var contents = contents
        if let failure = contents.withUTF8({ create(path, UnsafeRawBufferPointer($0)) }) { throw failure }
    }

    func write(_ path: String, bytes: [UInt8]) throws(Diagnostic) {
        // Serve records what it published as text; a build writes the bytes as they are.
        if published != nil { return try write(path, String(decoding: bytes, as: UTF8.self)) }
        if let failure = bytes.withUnsafeBytes({ create(path, $0) }) { throw failure }
    }

    func copy(from source: String, to path: String) throws(Diagnostic) {
        let location = SourceLocation(file: display + "/" + path)
        // Streamed, never read whole; the digest only when serve records what was published.
        guard published != nil else {
            if case .failure(let failure) = FileCopy.copy(from: source, to: staging + "/" + path) {
                throw failure.diagnostic(source: source, at: location)
            }
            return
        }
        switch FileCopy.copyWithDigest(from: source, to: staging + "/" + path) {
        case .success(let digest): recorded.withLock { $0.files[path] = .file(digest) }
        case .failure(let failure): throw failure.diagnostic(source: source, at: location)
        }
    }

    /// Creates `path` in the staging folder with `bytes`; the problem, if it could not.
    private func create(_ path: String, _ bytes: UnsafeRawBufferPointer) -> Diagnostic? {
        let descriptor = open(staging + "/" + path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0, writeAll(descriptor, bytes) else {
            let failure = errno
            if descriptor >= 0 { close(descriptor) }
            return .error("cannot write file: \(String(cString: strerror(failure)))", at: SourceLocation(file: display + "/" + path))
        }
        close(descriptor)
        return nil
    }

    /// Swaps the staging folder in for the target and removes the old site. Call exactly one of
    /// `publish()` and `discard()`; both release the lock, and a failed publish also discards.
    func publish() throws(Diagnostic) {
        defer {
            Self.removeTree(staging)
            lock.release()
        }
        do throws(Diagnostic) {
            try swapIn()
            let recorded = recorded.withLock { $0 }
            published?.record(path: target, files: recorded.files, directories: Set(recorded.directories))
        } catch {
            published?.forget()
            throw error
        }
    }

    private func swapIn() throws(Diagnostic) {
        let location = SourceLocation(file: display)
        if FileManager.default.fileExists(atPath: target) {
            if directory_swap_exchange(staging, target) != 0 {
                // Without RENAME_EXCHANGE (not Linux, or a file system without it), move the old
                // site aside first; the window in which `target` is missing is two renames long.
                let aside = staging + ".old"
                guard rename(target, aside) == 0 else {
                    throw .error("cannot move the old output aside: \(String(cString: strerror(errno)))", at: location)
                }
                guard rename(staging, target) == 0 else {
                    let reason = String(cString: strerror(errno))
                    _ = rename(aside, target)
                    throw .error("cannot move the new output into place: \(reason)", at: location)
                }
                Self.removeTree(aside)
                return
            }
            // `staging` now holds the previous site, which the deferred clean-up removes.
        } else {
            guard rename(staging, target) == 0 else {
                throw .error("cannot move the new output into place: \(String(cString: strerror(errno)))", at: location)
            }
        }
    }

    /// Removes a folder tree, its top-level entries in parallel (deleting ten thousand old pages
    /// one by one would take as long as rendering them).
    static func removeTree(_ path: String) {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        DispatchQueue.concurrentPerform(iterations: entries.count) { index in
            try? FileManager.default.removeItem(atPath: path + "/" + entries[index])
        }
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Throws the staging folder away, leaving the target as it was.
    /// Every file (the ones listed to `createDirectories` and the marker): the site is written anew.
    var writtenCount: Int { listed.withLock { $0 } + 1 }

    func discard() {
        try? FileManager.default.removeItem(atPath: staging)
        lock.release()
    }
}
