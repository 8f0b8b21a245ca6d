import ChildProcess
import Glibc

/// Maildir delivery (https://cr.yp.to/proto/maildir.html): the message is written to `tmp/NAME`,
/// flushed, then renamed to `new/NAME`. A rename within one file system is atomic, so a mail reader
/// scanning `new/` sees a whole message or none.
enum Maildir {
    /// Writes some bytes, like write(2); replaced in tests to make a write fail part-way.
    typealias Writer = (Int32, UnsafeRawBufferPointer) -> Int

    static func deliver(_ message: [UInt8], to path: String,
                        writer: Writer = { fd, buffer in write(fd, buffer.baseAddress, buffer.count) }) throws(MailError) {
        func failure(_ what: String, _ code: Int32) -> MailError {
            .maildirFailed(path: path, reason: what + ": " + ChildProcess.errorText(code))
        }
        for directory in [path, path + "/tmp", path + "/new", path + "/cur"] {
            if let (what, code) = makeDirectory(directory) { throw failure(what, code) }
        }

        let name = uniqueName()
        let temporary = path + "/tmp/" + name
        let final = path + "/new/" + name
        // O_EXCL: never reuse or follow an existing file; the name is unique anyway.
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure("cannot create \(temporary)", errno) }

        // From here on, any failure removes the temporary file, and nothing has reached new/ yet.
        var problem: MailError?
        if fchmod(fd, 0o600) != 0 {  // whatever the umask: mail can hold reset links
            problem = failure("cannot set the mode of \(temporary)", errno)
        }
        var offset = 0
        while problem == nil && offset < message.count {
            let count = message.withUnsafeBytes { buffer in
                writer(fd, UnsafeRawBufferPointer(rebasing: buffer[offset...]))
            }
            if count > 0 {
                offset += count
            } else if count < 0 && errno == EINTR {
                continue
            } else {
                problem = failure("cannot write \(temporary)", count < 0 ? errno : EIO)
            }
        }
        // The data must be on disk before the name appears in new/ (the Maildir protocol).
        if problem == nil && fsync(fd) != 0 { problem = failure("cannot flush \(temporary)", errno) }
        if close(fd) != 0 && problem == nil { problem = failure("cannot close \(temporary)", errno) }
        if problem == nil && rename(temporary, final) != 0 { problem = failure("cannot move the message to \(final)", errno) }
        if let problem {
            unlink(temporary)
            throw problem
        }
    }

    /// Creates `path` (and missing parents) with mode 0700, or checks that it is a directory.
    /// Returns what went wrong and errno.
    static func makeDirectory(_ path: String) -> (String, Int32)? {
        if mkdir(path, 0o700) == 0 {
            chmod(path, 0o700)  // the umask may have taken bits away
            return nil
        }
        let code = errno
        if code == ENOENT, let slash = path.lastIndex(of: "/"), slash > path.startIndex {
            if let problem = makeDirectory(String(path[..<slash])) { return problem }
            return makeDirectory(path)
        }
        var info = stat()
        if code == EEXIST && stat(path, &info) == 0 {
            return info.st_mode & S_IFMT == S_IFDIR ? nil : ("\(path) exists and is not a directory", ENOTDIR)
        }
        return ("cannot create \(path)", code)
    }

    /// `<unix seconds>.P<pid>R<random hex>.<hostname>`: the time and process id as in the Maildir
    /// description, plus 64 random bits so that two messages in the same second (from one process
    /// or from a reused pid) never share a name.
    static func uniqueName() -> String {
        "\(time(nil)).P\(getpid())R\(randomHex(byteCount: 8)).\(hostName())"
    }

    /// The host name with `/` and `:` written as `\057` and `\072`, as the Maildir description asks
    /// (neither may appear in a file name or before the `:2,` flags).
    static func hostName() -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard gethostname(&buffer, buffer.count - 1) == 0 else { return "localhost" }
        let name = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if name.isEmpty { return "localhost" }
        return name.replacing("/", with: "\\057").replacing(":", with: "\\072")
    }
}
