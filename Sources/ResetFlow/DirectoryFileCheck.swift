#if canImport(Glibc)
import Glibc
#endif

/// The files reset.directory names, checked before every write and by `resetlink check`.
public enum DirectoryFileCheck {
    /// Why the secret file (the bind password) is not acceptable, in one sentence, or nil. Like the
    /// keyring: a regular file that only its owner may read, and that owner is the user resetlink
    /// runs as (so another local user cannot swap in a file of their own).
    public static func secretProblem(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            return "the directory's secret file \(path) cannot be read: \(String(cString: strerror(errno))) (reset.directory.secret_file)"
        }
        guard UInt32(info.st_mode) & UInt32(S_IFMT) == UInt32(S_IFREG) else {
            return "the directory's secret file \(path) is not a regular file (reset.directory.secret_file)"
        }
        let mode = UInt32(info.st_mode) & 0o777
        if mode & 0o077 != 0 {
            return "the directory's secret file \(path) can be read by other users (mode \(String(mode, radix: 8))); "
                + "make it private with chmod 600 \(path)"
        }
        if info.st_uid != geteuid() {
            return "the directory's secret file \(path) belongs to uid \(info.st_uid), not to the user running resetlink (uid \(geteuid())); "
                + "give that user the file"
        }
        return nil
    }

    /// Why the program cannot be run, or nil.
    public static func programProblem(_ path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0, UInt32(info.st_mode) & UInt32(S_IFMT) == UInt32(S_IFREG) else {
            return "the directory program \(path) does not exist; install resetlink-directory next to resetlink or set reset.directory.program"
        }
        guard access(path, X_OK) == 0 else { return "the directory program \(path) cannot be run by this user (reset.directory.program)" }
        return nil
    }
}
