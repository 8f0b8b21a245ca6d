import Crypto
import Diagnostics

#if canImport(Glibc)
import Glibc
#endif

/// What serve remembers of a copied file, to tell whether the next build's copy would differ:
/// its size and SHA-256, not its bytes (a site's videos may be gigabytes).
struct FileDigest: Equatable, Sendable {
    var size: Int
    var sha256: [UInt8]
}

/// Streams files in pieces of a fixed size, so copying or hashing one holds one buffer in memory
/// whatever the file's size. POSIX calls, not Foundation's file manager: its copy failed with
/// "File exists" once a path reached about 1 KB.
enum FileCopy {
    /// 64 KiB: large enough that system calls cost little next to the bytes moved.
    static let bufferSize = 1 << 16

    /// A failed copy: which side failed, and the errno.
    enum Failure: Error {
        case reading(SystemCallFailure)
        case writing(SystemCallFailure)

        /// The problem, reported at the output file `location`.
        func diagnostic(source: String, at location: SourceLocation) -> Diagnostic {
            switch self {
            case .reading(let failure): .error("cannot copy \(source): \(failure.reason)", at: location)
            case .writing(let failure): .error("cannot write file: \(failure.reason)", at: location)
            }
        }
    }

    /// Copies `source` to `destination` (created or truncated).
    static func copy(from source: String, to destination: String) -> Result<Void, Failure> {
        var hasher: SHA256?
        return copy(from: source, to: destination, hasher: &hasher).map { _ in () }
    }

    /// Copies `source` to `destination` (created or truncated); the digest of the bytes copied.
    static func copyWithDigest(from source: String, to destination: String) -> Result<FileDigest, Failure> {
        var hasher: SHA256? = SHA256()
        return copy(from: source, to: destination, hasher: &hasher).map { size in
            FileDigest(size: size, sha256: hasher.map { Array($0.finalize()) } ?? [])
        }
    }

    /// The copy; the number of bytes copied.
    private static func copy(from source: String, to destination: String, hasher: inout SHA256?) -> Result<Int, Failure> {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { return .failure(.reading(SystemCallFailure(code: errno))) }
        defer { close(input) }
        let output = open(destination, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard output >= 0 else { return .failure(.writing(SystemCallFailure(code: errno))) }
        var size = 0
        var writeFailure: SystemCallFailure?
        let reading = forEachPiece(of: input) { piece in
            hasher?.update(bufferPointer: piece)
            size += piece.count
            guard writeAll(output, piece) else {
                writeFailure = SystemCallFailure(code: errno)
                return false
            }
            return true
        }
        // close(2) can report a write that failed late (NFS, quotas).
        if close(output) != 0, writeFailure == nil { writeFailure = SystemCallFailure(code: errno) }
        if let writeFailure { return .failure(.writing(writeFailure)) }
        if case .failure(let failure) = reading { return .failure(.reading(failure)) }
        return .success(size)
    }

    /// The digest of the file at `path`, read piece by piece.
    static func digest(of path: String) -> Result<FileDigest, SystemCallFailure> {
        let input = open(path, O_RDONLY | O_CLOEXEC)
        guard input >= 0 else { return .failure(SystemCallFailure(code: errno)) }
        defer { close(input) }
        var hasher = SHA256()
        var size = 0
        return forEachPiece(of: input) { piece in
            hasher.update(bufferPointer: piece)
            size += piece.count
            return true
        }.map { FileDigest(size: size, sha256: Array(hasher.finalize())) }
    }

    /// Reads `descriptor` to its end, handing each piece to `body` (which returns false to stop);
    /// EINTR is retried.
    private static func forEachPiece(of descriptor: Int32, _ body: (UnsafeRawBufferPointer) -> Bool) -> Result<Void, SystemCallFailure> {
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: bufferSize, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = read(descriptor, buffer.baseAddress, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(SystemCallFailure(code: errno))
            }
            if count == 0 { return .success(()) }
            guard body(UnsafeRawBufferPointer(rebasing: buffer[..<count])) else { return .success(()) }
        }
    }
}
