import Glibc

/// Feeds the input to the child while reading its output, until the child has exited (or the
/// timeout killed it). Both at once (with poll), so neither side can block the other when the
/// input or the output is larger than a socket buffer.
struct ChildExchange {
    let input: [UInt8]
    var inputFD: Int32
    var outputFD: Int32
    let pid: pid_t
    let outputLimit: Int
    /// When to kill the child's group, on the monotonic clock; nil: wait as long as it takes.
    let deadline: Int64?
    var output: [UInt8] = []
    var truncated = false
    var written = 0
    var timedOut = false

    init(input: [UInt8], inputFD: Int32, outputFD: Int32, pid: pid_t, outputLimit: Int, timeoutMilliseconds: Int?) {
        self.input = input
        self.inputFD = inputFD
        self.outputFD = outputFD
        self.pid = pid
        self.outputLimit = outputLimit
        deadline = timeoutMilliseconds.map { Self.milliseconds() + Int64($0) }
        // Only our end: the child's end is a separate open file and stays blocking.
        _ = fcntl(outputFD, F_SETFL, fcntl(outputFD, F_GETFL) | O_NONBLOCK)
    }

    /// Returns the wait status.
    mutating func run() -> Int32 {
        if input.isEmpty { closeInput() }
        var status: Int32 = 0
        while true {
            // Stop when the child is gone, even if its output is still open: a background
            // process it started may hold it for a long time.
            let waited = waitpid(pid, &status, WNOHANG)
            if waited == pid || (waited < 0 && errno != EINTR) {
                closeInput()
                readOutput()
                closeOutput()
                break
            }
            if let deadline, Self.milliseconds() >= deadline {
                // The whole group: a script's own children die with it.
                kill(-pid, SIGKILL)
                timedOut = true
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                closeInput()
                readOutput()
                closeOutput()
                break
            }
            if inputFD < 0 && outputFD < 0 && deadline == nil {
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                break
            }
            var watched: [pollfd] = []
            if inputFD >= 0 { watched.append(pollfd(fd: inputFD, events: Int16(POLLOUT), revents: 0)) }
            if outputFD >= 0 { watched.append(pollfd(fd: outputFD, events: Int16(POLLIN), revents: 0)) }
            // The timeout only bounds how late we notice an exit (or the deadline) while the
            // output stays open.
            if poll(&watched, nfds_t(watched.count), 20) <= 0 { continue }
            for entry in watched where entry.revents != 0 {
                if entry.fd == inputFD { writeInput() } else if entry.fd == outputFD { readOutput() }
            }
        }
        return status
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
                let room = outputLimit - output.count
                output += buffer.prefix(min(room, count))
                if count > room { truncated = true }
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

    static func milliseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1000 + Int64(now.tv_nsec) / 1_000_000
    }
}
