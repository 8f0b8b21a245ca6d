import Glibc

/// Runs a program with posix_spawn (from Glibc) rather than Foundation's `Process`: `Process` needs
/// full Foundation, whose loading (with ICU) costs start-up time on every CGI request, and
/// posix_spawn lets us decide exactly what the child inherits. No shell is involved: the arguments
/// go to the program as they are. Mail's sendmail command and the password hooks run through it.
///
/// The child gets:
/// - stdin: our end of a socket pair carrying `input`. A socket rather than a pipe so that our
///   writes can use MSG_NOSIGNAL: a program that exits without reading everything must give us an
///   error, not a SIGPIPE that kills the whole CGI process (and changing the process's SIGPIPE
///   disposition is not a library's business). Secrets (a new password) go here, never in argv or
///   the environment, which other users can read in /proc.
/// - stdout and stderr (or stderr to a file, `errorsTo`): one socket pair we read, bounded. Never our own stdout, which in a CGI
///   program is the HTTP response. (A socket pair again because it can be created close-on-exec
///   atomically; Swift's Glibc module does not expose the GNU `pipe2`.)
/// - default signal handling and an empty signal mask, whatever the caller set up.
/// - only the environment the caller gives (see `environment(passing:extra:)`): under CGI our
///   environment holds the request's headers (`HTTP_*`, and `HTTP_PROXY` from a client's `Proxy`
///   header), which a child might read as its proxy or its configuration.
/// - with a timeout, its own process group, so that the whole group (a script and what it started)
///   is killed when the time is up.
/// Descriptors opened elsewhere in the process without O_CLOEXEC would still be inherited: glibc's
/// `posix_spawn_file_actions_addclosefrom_np` is GNU-only and not visible from Swift either.
public enum ChildProcess {
    /// How a run ended.
    public struct Result: Sendable, Equatable {
        /// The exit status, or minus the signal number when a signal ended the child.
        public var status: Int32
        /// What it printed on stdout and stderr together, at most the run's output limit.
        public var output: [UInt8]
        /// Whether output past the limit was dropped.
        public var truncated: Bool
        /// How many bytes of the input the child took.
        public var written: Int
        /// Whether the timeout ran out and the child's process group was killed.
        public var timedOut: Bool

        /// The output as text: invalid UTF-8 repaired, surrounding whitespace trimmed, `…` if cut.
        public var outputText: String {
            var text = Substring(String(decoding: output, as: UTF8.self))
            while let first = text.first, first.isWhitespace { text.removeFirst() }
            while let last = text.last, last.isWhitespace { text.removeLast() }
            return String(text) + (truncated ? " …" : "")
        }
    }

    /// The command could not be started (`reason` says why: missing, not executable, no resources).
    public struct NotRunnable: Error, Sendable, Equatable {
        public var reason: String
    }

    public static let defaultPath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

    /// `NAME=value` lines for a child: each of `passing` from our environment (PATH and LANG fall
    /// back to defaults), then `extra`. Never pass a name a request can set: CGI puts headers in
    /// `HTTP_*`.
    public static func environment(passing names: [String], extra: [(String, String)] = []) -> [String] {
        let defaults = ["PATH": defaultPath, "LANG": "C.UTF-8"]
        let inherited = names.compactMap { name in
            let value = getenv(name).map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 }
            return (value ?? defaults[name]).map { name + "=" + $0 }
        }
        return inherited + extra.map { $0.0 + "=" + $0.1 }
    }

    /// Runs `command` (an absolute path, or a name looked up in PATH) with `input` on its stdin and
    /// `environment` as its whole environment, and waits for it; with `timeoutMilliseconds`, no
    /// longer than that: then its process group is killed (SIGKILL) and `timedOut` is set.
    /// - Parameter errorsTo: a file that receives the child's stderr instead (`/dev/null` for a
    ///   program whose stdout is data that warnings must not get mixed into); nil: merged with stdout.
    public static func run(_ command: [String], input: [UInt8], environment: [String], outputLimit: Int = 2048,
                           timeoutMilliseconds: Int? = nil, errorsTo: String? = nil) throws(NotRunnable) -> Result {
        guard let program = command.first, !program.isEmpty else { throw NotRunnable(reason: "the command is empty") }

        // [0] is ours, [1] the child's. CLOEXEC on all four: the child gets its ends only through
        // the dup2 actions below, which clear the flag on 0, 1 and 2.
        var stdinPair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &stdinPair) == 0 else {
            throw NotRunnable(reason: "cannot create a socket pair: " + errorText(errno))
        }
        var outputPair: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &outputPair) == 0 else {
            let code = errno
            close(stdinPair[0])
            close(stdinPair[1])
            throw NotRunnable(reason: "cannot create a socket pair: " + errorText(code))
        }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, stdinPair[1], 0)
        posix_spawn_file_actions_adddup2(&actions, outputPair[1], 1)
        if let errorsTo {
            posix_spawn_file_actions_addopen(&actions, 2, errorsTo, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        } else {
            posix_spawn_file_actions_adddup2(&actions, outputPair[1], 2)
        }

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
        var flags = POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK
        if timeoutMilliseconds != nil {
            // Group 0: a new group led by the child, whose id is the child's pid.
            posix_spawnattr_setpgroup(&attributes, 0)
            flags |= POSIX_SPAWN_SETPGROUP
        }
        posix_spawnattr_setflags(&attributes, Int16(flags))

        let arguments: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { for argument in arguments { free(argument) } }
        let variables: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer { for variable in variables { free(variable) } }

        var pid = pid_t()
        // glibc reports a failed exec (missing file, no permission) here, as the result. ETXTBSY
        // means some process still has the program open for writing (being installed, or a file
        // descriptor another fork inherited for a moment): it passes, so try a few times.
        var spawnResult: Int32 = 0
        for attempt in 0..<5 {
            spawnResult = program.contains("/")
                ? posix_spawn(&pid, program, &actions, &attributes, arguments, variables)
                : posix_spawnp(&pid, program, &actions, &attributes, arguments, variables)
            guard spawnResult == ETXTBSY, attempt < 4 else { break }
            usleep(UInt32(20_000 << attempt))
        }
        close(stdinPair[1])
        close(outputPair[1])
        if spawnResult != 0 {
            close(stdinPair[0])
            close(outputPair[0])
            throw NotRunnable(reason: errorText(spawnResult))
        }

        var exchange = ChildExchange(input: input, inputFD: stdinPair[0], outputFD: outputPair[0], pid: pid,
                                     outputLimit: outputLimit, timeoutMilliseconds: timeoutMilliseconds)
        let status = exchange.run()
        let code = status & 0x7F == 0
            ? (status >> 8) & 0xFF      // WIFEXITED: WEXITSTATUS
            : -(status & 0x7F)          // WIFSIGNALED: minus WTERMSIG
        return Result(status: code, output: exchange.output, truncated: exchange.truncated, written: exchange.written,
                      timedOut: exchange.timedOut)
    }

    public static func errorText(_ code: Int32) -> String {
        guard let message = strerror(code) else { return "error \(code)" }
        return String(cString: message)
    }
}
