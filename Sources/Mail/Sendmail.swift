import Glibc

/// Runs a sendmail-compatible command with posix_spawn (from Glibc) rather than Foundation's
/// `Process`: `Process` needs full Foundation, whose loading (with ICU) costs start-up time on every
/// CGI request, and posix_spawn lets us decide exactly what the child inherits. No shell is involved:
/// the arguments go to the program as they are.
///
/// The child gets:
/// - stdin: our end of a socket pair carrying the message. A socket rather than a pipe so that our
///   writes can use MSG_NOSIGNAL: a command that exits without reading everything must give us an
///   error, not a SIGPIPE that kills the whole CGI process (and changing the process's SIGPIPE
///   disposition is not a library's business).
/// - stdout and stderr: one socket pair we read, bounded. Never our own stdout, which in a CGI
///   program is the HTTP response. (A socket pair again because it can be created close-on-exec
///   atomically; Swift's Glibc module does not expose the GNU `pipe2`.)
/// - default signal handling and an empty signal mask, whatever the caller set up.
/// - a minimal environment (`childEnvironment`): under CGI our environment holds the request's
///   headers (`HTTP_*`, and `HTTP_PROXY` from a client's `Proxy` header), which a mail client
///   might read as its proxy or its configuration.
/// Descriptors opened elsewhere in the process without O_CLOEXEC would still be inherited: glibc's
/// `posix_spawn_file_actions_addclosefrom_np` is GNU-only and not visible from Swift either.
enum Sendmail {
    /// How much of the command's output is kept for the error.
    static let outputLimit = 2048

    /// The only variables a child program gets from us: where to find programs, the language of
    /// its messages, and the home folder a sendmail-compatible client reads its configuration
    /// from. Nothing a request can set: CGI puts headers in `HTTP_*`, none of whose names is here.
    static let passedOn = ["PATH", "LANG", "HOME"]
    static let defaults = ["PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "LANG": "C.UTF-8"]

    /// `NAME=value` lines for the child, from our environment or the defaults.
    static func childEnvironment() -> [String] {
        passedOn.compactMap { name in
            let inherited = getenv(name).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
            return (inherited ?? defaults[name]).map { name + "=" + $0 }
        }
    }

    static func run(_ command: [String], input: [UInt8]) throws(MailError) {
        let display = command.joined(separator: " ")
        func notRunnable(_ what: String, _ code: Int32) -> MailError {
            .sendmailNotRunnable(command: display, reason: what + errorText(code))
        }
        guard let program = command.first, !program.isEmpty else {
            throw .sendmailNotRunnable(command: display, reason: "the command is empty")
        }

        // [0] is ours, [1] the child's. CLOEXEC on all four: the child gets its ends only through
        // the dup2 actions below, which clear the flag on 0, 1 and 2.
        var stdinPair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &stdinPair) == 0 else {
            throw notRunnable("cannot create a socket pair: ", errno)
        }
        var outputPair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &outputPair) == 0 else {
            let code = errno
            close(stdinPair[0])
            close(stdinPair[1])
            throw notRunnable("cannot create a socket pair: ", code)
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinPair[1], 0)
        posix_spawn_file_actions_adddup2(&actions, outputPair[1], 1)
        posix_spawn_file_actions_adddup2(&actions, outputPair[1], 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaultSignals = sigset_t()
        sigemptyset(&defaultSignals)
        sigaddset(&defaultSignals, SIGPIPE)
        posix_spawnattr_setsigdefault(&attributes, &defaultSignals)
        var noSignals = sigset_t()
        sigemptyset(&noSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let arguments: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { for argument in arguments { free(argument) } }
        let environment: [UnsafeMutablePointer<CChar>?] = childEnvironment().map { strdup($0) } + [nil]
        defer { for variable in environment { free(variable) } }

        var pid = pid_t()
        // glibc reports a failed exec (missing file, no permission) here, as the result. ETXTBSY
        // means some process still has the program open for writing (being installed, or a file
        // descriptor another fork inherited for a moment): it passes, so try a few times.
        var spawnResult: Int32 = 0
        for attempt in 0..<5 {
            spawnResult = program.contains("/")
                ? posix_spawn(&pid, program, &actions, &attributes, arguments, environment)
                : posix_spawnp(&pid, program, &actions, &attributes, arguments, environment)
            guard spawnResult == ETXTBSY, attempt < 4 else { break }
            usleep(UInt32(20_000 << attempt))
        }
        close(stdinPair[1])
        close(outputPair[1])
        if spawnResult != 0 {
            close(stdinPair[0])
            close(outputPair[0])
            throw notRunnable("", spawnResult)
        }

        var exchange = Exchange(input: input, inputFD: stdinPair[0], outputFD: outputPair[0], pid: pid)
        let (status, output, written) = exchange.run()

        let text = trimmedOutput(output.bytes, truncated: output.truncated)
        let code: Int32
        if status & 0x7F == 0 {
            code = (status >> 8) & 0xFF          // WIFEXITED: WEXITSTATUS
        } else {
            code = -(status & 0x7F)              // WIFSIGNALED: minus WTERMSIG
        }
        if code != 0 { throw .sendmailFailed(command: display, status: code, output: text) }
        if written < input.count {
            // Exit status 0, yet part of the message never left us: treat it as not sent.
            throw .sendmailFailed(command: display, status: 0, output: "it exited before reading the whole message "
                + "(\(written) of \(input.count) bytes taken)" + (text.isEmpty ? "" : "; it said: " + text))
        }
    }

    /// The output as text: invalid UTF-8 repaired, surrounding whitespace trimmed, `…` if cut.
    static func trimmedOutput(_ bytes: [UInt8], truncated: Bool) -> String {
        var text = Substring(String(decoding: bytes, as: UTF8.self))
        while let first = text.first, first.isWhitespace { text.removeFirst() }
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text) + (truncated ? " …" : "")
    }

    static func errorText(_ code: Int32) -> String {
        guard let message = strerror(code) else { return "error \(code)" }
        return String(cString: message)
    }

    /// Feeds the message to the child while reading its output, until the child has exited.
    /// Both at once (with poll), so neither side can block the other when the message or the
    /// output is larger than a socket buffer.
    struct Exchange {
        let input: [UInt8]
        var inputFD: Int32
        var outputFD: Int32
        let pid: pid_t
        var output = (bytes: [UInt8](), truncated: false)
        var written = 0

        init(input: [UInt8], inputFD: Int32, outputFD: Int32, pid: pid_t) {
            self.input = input
            self.inputFD = inputFD
            self.outputFD = outputFD
            self.pid = pid
            // Only our end: the child's end is a separate open file and stays blocking.
            _ = fcntl(outputFD, F_SETFL, fcntl(outputFD, F_GETFL) | O_NONBLOCK)
        }

        /// Returns the wait status, the output and how many bytes of the message were taken.
        mutating func run() -> (Int32, (bytes: [UInt8], truncated: Bool), Int) {
            if input.isEmpty { closeInput() }
            var status: Int32 = 0
            while true {
                // Stop when the child is gone, even if its output is still open: a background
                // delivery process it started may hold it for a long time.
                let waited = waitpid(pid, &status, WNOHANG)
                if waited == pid || (waited < 0 && errno != EINTR) {
                    closeInput()
                    readOutput()
                    closeOutput()
                    break
                }
                if inputFD < 0 && outputFD < 0 {
                    while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                    break
                }
                var watched: [pollfd] = []
                if inputFD >= 0 { watched.append(pollfd(fd: inputFD, events: Int16(POLLOUT), revents: 0)) }
                if outputFD >= 0 { watched.append(pollfd(fd: outputFD, events: Int16(POLLIN), revents: 0)) }
                // The timeout only bounds how late we notice an exit while the output stays open.
                if poll(&watched, nfds_t(watched.count), 50) <= 0 { continue }
                for entry in watched where entry.revents != 0 {
                    if entry.fd == inputFD { writeInput() } else if entry.fd == outputFD { readOutput() }
                }
            }
            return (status, output, written)
        }

        mutating func writeInput() {
            let sent = input.withUnsafeBytes { buffer -> Int in
                guard let base = buffer.baseAddress else { return 0 }
                return send(inputFD, base + written, min(buffer.count - written, 65_536),
                            Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT))
            }
            if sent > 0 {
                written += sent
                if written == input.count { closeInput() }
            } else if sent < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) {
                return
            } else {
                closeInput()  // EPIPE or ECONNRESET: the child stopped reading; its status tells the rest
            }
        }

        /// Reads whatever is available now (the descriptor is non-blocking).
        mutating func readOutput() {
            guard outputFD >= 0 else { return }
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(outputFD, &buffer, buffer.count)
                if count > 0 {
                    let room = Sendmail.outputLimit - output.bytes.count
                    output.bytes += buffer.prefix(min(room, count))
                    if count > room { output.truncated = true }
                } else if count < 0 && errno == EINTR {
                    continue
                } else {
                    if count == 0 || errno != EAGAIN { closeOutput() }
                    return
                }
            }
        }

        mutating func closeInput() {
            if inputFD >= 0 { close(inputFD) }
            inputFD = -1
        }

        mutating func closeOutput() {
            if outputFD >= 0 { close(outputFD) }
            outputFD = -1
        }
    }
}
