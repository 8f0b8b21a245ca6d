import Diagnostics

#if canImport(Glibc)
import Glibc
#endif

/// Where a build writes its files. `StagedOutput` fills a new folder and swaps it in whole (every
/// `helpsite build`, and serve's first build); `IncrementalOutput` writes only the files that differ
/// from what the previous build in this process published (serve's rebuilds). Either way nothing
/// reaches the output folder before `publish()`, so a build that fails leaves it as it was.
protocol SiteOutput: AnyObject, Sendable {
    /// Creates (or notes) the folders the outputs go into, before files are written in parallel.
    /// `paths` lists every file the build writes (besides the marker file).
    func createDirectories(for paths: [String]) throws(Diagnostic)
    func write(_ path: String, _ contents: String) throws(Diagnostic)
    /// `write(_:_:)` for rendered bytes (valid UTF-8).
    func write(_ path: String, bytes: [UInt8]) throws(Diagnostic)
    func copy(from source: String, to path: String) throws(Diagnostic)
    /// Makes the written files the site. Call exactly one of `publish()` and `discard()`.
    func publish() throws(Diagnostic)
    /// How many files `publish()` puts in the output folder.
    var writtenCount: Int { get }
    func discard()
}

extension SiteOutput {
    func write(_ path: String, bytes: [UInt8]) throws(Diagnostic) {
        try write(path, String(decoding: bytes, as: UTF8.self))
    }
}

/// Every folder (and its parents) that holds one of `paths`, parents first.
func foldersHolding(_ paths: [String]) -> [String] {
    var folders: Set<String> = []
    for path in paths {
        var directory = SitePath.directory(of: path)
        while !directory.isEmpty, folders.insert(directory).inserted { directory = SitePath.directory(of: directory) }
    }
    return folders.sorted()
}

/// write(2) until everything is written or it fails (short writes continue, EINTR is retried).
func writeAll(_ descriptor: Int32, _ bytes: UnsafeRawBufferPointer) -> Bool {
    var offset = 0
    while offset < bytes.count {
        let written = write(descriptor, bytes.baseAddress.map { $0 + offset }, bytes.count - offset)
        if written < 0 {
            if errno == EINTR { continue }
            return false
        }
        offset += written
    }
    return true
}

/// An errno, as a typed error.
struct SystemCallFailure: Error {
    var code: Int32
    var reason: String { String(cString: strerror(code)) }
}
