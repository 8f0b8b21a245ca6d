#if canImport(Glibc)
import Glibc
#endif

/// One deadline for the whole run. libldap's timeouts bound the TCP connection and each operation's
/// answer, but not a TLS handshake (ldaps:// or StartTLS) with a server that accepts the connection
/// and then says nothing: without this, the person's request would hang until the web server kills it.
enum Deadline {
    /// The answer written when the time is up, prepared before the alarm is armed: a signal handler
    /// may only write bytes that already exist, and exit.
    nonisolated(unsafe) private static var answer = UnsafeMutableRawBufferPointer(start: nil, count: 0)

    static func arm(seconds: Int) {
        let line = Array("failed timeout the directory did not answer within \(seconds) seconds (a write already sent may have been made)\n".utf8)
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: line.count, alignment: 1)
        buffer.copyBytes(from: line)
        answer = buffer
        signal(SIGALRM) { _ in
            _ = write(1, Deadline.answer.baseAddress, Deadline.answer.count)
            _exit(4)
        }
        // A parent may hand down a mask that blocks SIGALRM (a test runner's does): unblock it.
        var alarmOnly = sigset_t()
        sigemptyset(&alarmOnly)
        sigaddset(&alarmOnly, SIGALRM)
        sigprocmask(SIG_UNBLOCK, &alarmOnly, nil)
        alarm(UInt32(seconds))
    }
}
