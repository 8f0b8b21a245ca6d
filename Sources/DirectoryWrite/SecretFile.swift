#if canImport(Glibc)
import Glibc
#endif

/// The file holding the service account's bind password: private to its owner like the keyring
/// (a file that group or others may read is refused), one line, read straight into `SecretBytes`.
public enum SecretFile {
    /// Longer than any password a directory accepts, short enough to refuse a wrong file quickly.
    public static let maximumBytes = 4096

    public static func read(path: String) -> Result<SecretBytes, SecretFileError> {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return .failure(.unreadable(path: path, reason: String(cString: strerror(errno)))) }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_mode & S_IFMT == S_IFREG else {
            return .failure(.unreadable(path: path, reason: "not a regular file"))
        }
        let mode = UInt32(status.st_mode) & 0o777
        guard mode & 0o077 == 0 else { return .failure(.tooOpen(path: path, mode: mode)) }
        guard let secret = SecretBytes.read(descriptor: descriptor, capacity: maximumBytes) else {
            return .failure(.unreadable(path: path, reason: "longer than \(maximumBytes) bytes or unreadable"))
        }
        secret.removeFinalLineEnd()
        guard secret.count > 0 else { return .failure(.unreadable(path: path, reason: "the file is empty")) }
        return .success(secret)
    }
}

public enum SecretFileError: Error, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case tooOpen(path: String, mode: UInt32)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason): "cannot read the secret file \(path): \(reason)"
        case .tooOpen(let path, let mode):
            "the secret file \(path) has mode \(String(mode, radix: 8)): other users may read it; make it 0600 (chmod 600 \(path))"
        }
    }
}
